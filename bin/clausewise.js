#!/usr/bin/env node
'use strict';
// The compiled CLI lives in build/ (made by `npm run build`, which `npm ci` runs through `prepare`).
const path = require('node:path');
const fs = require('node:fs');
const entry = path.join(__dirname, '..', 'build', 'src', 'cli', 'main.js');
if (!fs.existsSync(entry)) {
  process.stderr.write('Clausewise is not built yet: run "npm ci" (or "npm run build") in ' + path.join(__dirname, '..') + ' first.\n');
  process.exit(2);
}
require(entry).run(process.argv.slice(2)).then((code) => { process.exitCode = code; });
