#!/usr/bin/env node
'use strict';
require('./launch')('generator/cli').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`postforge: internal error: ${err && err.stack || err}\n`); process.exitCode = 70; }
);
