#!/usr/bin/env node
'use strict';
// Transpile-only: type checking is a separate step (`npm run typecheck`), so start-up stays fast.
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('../generator/cli').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`postforge: internal error: ${err && err.stack || err}\n`); process.exitCode = 70; }
);
