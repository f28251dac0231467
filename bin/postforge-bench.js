#!/usr/bin/env node
'use strict';
require('./launch')('bench/index').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`bench: ${err && err.stack || err}\n`); process.exitCode = 70; }
);
