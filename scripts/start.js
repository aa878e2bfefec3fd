#!/usr/bin/env node
'use strict';
/**
 * `npm start`: evaluate the bundled sample workbook — both sheets, as of the sample's reference
 * date — and print the compliance tables. Needs no Excel. Exits by itself.
 */
const path = require('node:path');
const fs = require('node:fs');

const root = path.join(__dirname, '..');
const cli = path.join(root, 'build', 'src', 'cli', 'main.js');
if (!fs.existsSync(cli)) {
  process.stderr.write('Clausewise is not built yet: run "npm ci" (or "npm run build") first.\n');
  process.exit(2);
}
const { run } = require(cli);
const sample = path.relative(process.cwd(), path.join(root, 'samples', 'us-japan-2025.xlsx')) || 'samples/us-japan-2025.xlsx';
const asOf = process.env.CLAUSEWISE_AS_OF || '2026-04-30';

(async () => {
  let code = 0;
  for (const sheet of ['Projects', 'Tariff lines']) {
    process.stdout.write(`\n$ clausewise evaluate ${sample} --sheet "${sheet}" --as-of ${asOf}\n\n`);
    code = Math.max(code, await run(['evaluate', sample, '--sheet', sheet, '--as-of', asOf]));
  }
  process.stdout.write(`\nThe sample's funded dates are illustrative (see its About sheet). Try another date or a what-if:\n` +
    `  npx clausewise evaluate ${sample} --sheet Projects --as-of 2026-05-22\n` +
    `  npx clausewise evaluate ${sample} --sheet Projects --as-of ${asOf} --set fundingPeriod.calendar=JP\n` +
    `  npx clausewise explain ${sample} --sheet Projects --row 2 --as-of ${asOf}\n`);
  process.exitCode = code;
})();
