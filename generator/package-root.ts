// The package's own directory (specs/, generator/sandbox/*.js), whether this file runs from its TypeScript
// source (generator/) or compiled (dist/generator/): the first folder upwards that holds package.json.
import fs from 'node:fs';
import path from 'node:path';

function findRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) return path.join(__dirname, '..');
  }
}

export const PACKAGE_ROOT = findRoot(__dirname);
