'use strict';
// Loads a module of the package as compiled JavaScript from dist/ (built by `npm ci`, through the `prepare`
// script). While the TypeScript sources are being edited, dist/ can be older than them: then the sources run
// through ts-node instead (slower start, same behaviour), so a stale build never runs.
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const DIST = path.join(ROOT, 'dist');
const STAMP = path.join(DIST, '.built');
const SOURCES = ['generator', 'simulator', 'bench'];

function newerThan(dir, t) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory() ? newerThan(p, t) : e.name.endsWith('.ts') && fs.statSync(p).mtimeMs > t) return true;
  }
  return false;
}

function distIsFresh() {
  let built;
  try { built = fs.statSync(STAMP).mtimeMs; } catch { return false; }
  if (['tsconfig.json', 'tsconfig.build.json'].some((f) => fs.statSync(path.join(ROOT, f)).mtimeMs > built)) return false;
  return !SOURCES.some((d) => newerThan(path.join(ROOT, d), built));
}

module.exports = function load(modulePath) {
  if (process.env.POSTFORGE_TS !== '1' && distIsFresh()) return require(path.join(DIST, modulePath));
  try {
    require.resolve('ts-node');
  } catch {
    process.stderr.write('postforge: dist/ is missing or older than the sources, and ts-node is not installed; run `npm ci` (or `npm run compile`)\n');
    process.exit(70);
  }
  // Transpile-only: type checking is a separate step (`npm run typecheck`).
  require('ts-node').register({ transpileOnly: true, project: path.join(ROOT, 'tsconfig.json') });
  return require(path.join(ROOT, modulePath));
};
