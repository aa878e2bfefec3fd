#!/usr/bin/env node
'use strict';
/**
 * `npm run validate [-- FILE] [--offline]`: check the add-in manifest (manifest.xml by default).
 *
 * 1. Offline, always: the structural checks of scripts/manifest-check.js against the built
 *    add-in in dist/ (build it first: npm run build:addin:dev). Exit 1 if any fails.
 * 2. Online, when Microsoft's validation service can be reached (and --offline is not given):
 *    `office-addin-manifest validate`. An unreachable service is reported and is not a failure.
 */
const dns = require('node:dns');
const fs = require('node:fs');
const https = require('node:https');
const path = require('node:path');
const { spawnSync } = require('node:child_process');
const { checkManifest, formatReport } = require('./manifest-check');

const ROOT = path.join(__dirname, '..');
const SERVICE_HOST = 'validationgateway.omex.office.net';

function parseArgs(argv) {
  const args = { file: path.join(ROOT, 'manifest.xml'), offline: false, dist: path.join(ROOT, 'dist') };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--offline') args.offline = true;
    else if (a === '--dist') args.dist = path.resolve(argv[++i] || '');
    else if (a === '--help' || a === '-h') {
      process.stdout.write('usage: npm run validate [-- MANIFEST.xml] [--dist DIR] [--offline]\n');
      process.exit(0);
    } else args.file = path.resolve(a);
  }
  return args;
}

/** Whether the validation service answers at all, within a few seconds (DNS first: no network, no attempt). */
async function serviceReachable(timeoutMs = 4000) {
  const deadline = (ms) => new Promise((resolve) => setTimeout(() => resolve(false), ms).unref());
  const resolves = await Promise.race([
    dns.promises.lookup(SERVICE_HOST).then(() => true, () => false),
    deadline(timeoutMs),
  ]);
  if (!resolves) return false;
  return Promise.race([
    new Promise((resolve) => {
      const req = https.request({ host: SERVICE_HOST, method: 'HEAD', path: '/', timeout: timeoutMs }, (res) => {
        res.resume();
        resolve(true);
      });
      req.on('timeout', () => {
        req.destroy();
        resolve(false);
      });
      req.on('error', () => resolve(false));
      req.end();
    }),
    deadline(timeoutMs + 500),
  ]);
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  const shown = path.relative(process.cwd(), args.file) || args.file;
  if (!fs.existsSync(args.file)) {
    process.stderr.write(`${shown} does not exist.\n`);
    process.exit(2);
  }
  process.stdout.write(`Checking ${shown} against ${path.relative(process.cwd(), args.dist) || args.dist}/ (offline)\n\n`);
  if (!fs.existsSync(args.dist)) process.stdout.write('Note: the add-in is not built: run "npm run build:addin:dev" first, or the file checks fail.\n\n');
  const report = checkManifest(fs.readFileSync(args.file, 'utf8'), { distDir: args.dist, namespace: 'CLAUSE' });
  process.stdout.write(`${formatReport(report).join('\n')}\n\n`);
  let failed = !report.ok;

  if (args.offline) {
    process.stdout.write('online validation skipped: --offline\n');
  } else if (!(await serviceReachable())) {
    process.stdout.write(`online validation skipped: service not reachable (${SERVICE_HOST})\n`);
  } else {
    process.stdout.write(`Online validation (office-addin-manifest validate, ${SERVICE_HOST}):\n`);
    const cli = require.resolve('office-addin-manifest/cli.js');
    const result = spawnSync(process.execPath, [cli, 'validate', args.file], { stdio: ['ignore', 'inherit', 'inherit'], timeout: 120000 });
    if (result.error || result.status === null) {
      process.stdout.write(`online validation did not finish (${result.error ? result.error.message : `signal ${result.signal}`}); not counted as a failure.\n`);
    } else if (result.status !== 0) {
      process.stdout.write('✘ online validation reported problems (above).\n');
      failed = true;
    } else {
      process.stdout.write('✔ online validation passed.\n');
    }
  }
  process.exit(failed ? 1 : 0);
}

main().catch((err) => {
  process.stderr.write(`${err && err.stack ? err.stack : err}\n`);
  process.exit(2);
});
