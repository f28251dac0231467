#!/usr/bin/env node
'use strict';
// `npm run compile` (and `prepare`, so `npm ci` does it): TypeScript → dist/, then the stamp bin/launch.js
// compares with the sources' modification times.
const { spawnSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const ROOT = path.join(__dirname, '..');
const started = Date.now();
const r = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(ROOT, 'tsconfig.build.json')], { stdio: 'inherit' });
if (r.status !== 0) process.exit(r.status === null ? 1 : r.status);
// The spec schemas' validators, precompiled (the build loads them instead of compiling the schemas each time).
require(path.join(ROOT, 'dist', 'generator', 'validate', 'validate-schema.js')).writePrecompiledValidators();
fs.writeFileSync(path.join(ROOT, 'dist', '.built'), `${new Date(started).toISOString()}\n`);
// Sources saved while tsc ran are newer than the stamp's content: date the stamp back to the start.
fs.utimesSync(path.join(ROOT, 'dist', '.built'), started / 1000, started / 1000);
