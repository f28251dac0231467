#!/usr/bin/env node
'use strict';
require('ts-node').register({ transpileOnly: true, project: require('path').join(__dirname, '..', 'tsconfig.json') });
require('../bench/index').main(process.argv.slice(2)).then(
  (code) => { process.exitCode = code; },
  (err) => { process.stderr.write(`bench: ${err && err.stack || err}\n`); process.exitCode = 70; }
);
