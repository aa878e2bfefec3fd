/**
 * What the end-to-end suites share: Debian's Chromium driven by playwright-core (never a
 * downloaded browser), the built dist/ (built first when missing or older than its sources), and
 * where screenshots go.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../support/fixtures';

export const CHROMIUM = '/usr/bin/chromium';
export const DIST = join(REPO_ROOT, 'dist');
export const SCREENSHOTS = join(REPO_ROOT, 'build', 'screenshots');

/** The newest modification time of the files under the given paths. */
function newest(paths: string[]): number {
  let latest = 0;
  const visit = (p: string): void => {
    if (!existsSync(p)) return;
    const stat = statSync(p);
    if (stat.isDirectory()) {
      for (const entry of readdirSync(p)) if (entry !== 'node_modules') visit(join(p, entry));
    } else latest = Math.max(latest, stat.mtimeMs);
  };
  paths.forEach(visit);
  return latest;
}

/** Build dist/ (webpack, development) unless it is there and newer than the page's sources. */
export function ensureDist(): void {
  const built = join(DIST, 'taskpane.html');
  const sources = newest(['taskpane', 'src', 'rules', 'samples', 'assets', 'webpack.config.js', 'manifest.xml'].map((p) => join(REPO_ROOT, p)));
  if (existsSync(built) && existsSync(join(DIST, 'samples', 'us-japan-2025.xlsx')) && statSync(built).mtimeMs >= sources) return;
  const scripts = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> }).scripts ?? {};
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const [command, args] = scripts['build:addin:dev']
    ? [npm, ['run', '--silent', 'build:addin:dev']]
    : [process.execPath, [join(REPO_ROOT, 'node_modules', 'webpack', 'bin', 'webpack.js'), '--mode', 'development']];
  const run = spawnSync(command, args, { cwd: REPO_ROOT, encoding: 'utf8', timeout: 240_000 });
  if (run.status !== 0) throw new Error(`Building dist/ failed (${command} ${args.join(' ')}):\n${run.stdout}\n${run.stderr}`);
}

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`${CHROMIUM} is missing: install Debian's Chromium (apt-get install -y chromium) (.ci/run does this).`);
  }
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'],
  });
}
