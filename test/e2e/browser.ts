/**
 * What the end-to-end suites share: a Chromium driven by playwright-core (never one downloaded at
 * install or run time), the built dist/ (built first when missing or older than its sources), and
 * where screenshots go.
 *
 * The browser is found in this order, and the first one found is used:
 *   1. `CHROMIUM_PATH` (or `CHROME_PATH`) when set — it must then exist;
 *   2. Debian's `/usr/bin/chromium` (what `.ci/run` installs);
 *   3. Chrome or Chromium at the usual paths of Linux and macOS;
 *   4. the Chromium shipped inside the `@sparticuz/chromium` devDependency (a packed binary in the
 *      npm package itself, unpacked to a temporary folder), so a fresh machine needs no browser.
 */
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser } from 'playwright-core';
import { REPO_ROOT } from '../support/fixtures';

export const DEBIAN_CHROMIUM = '/usr/bin/chromium';
export const DIST = join(REPO_ROOT, 'dist');
export const SCREENSHOTS = join(REPO_ROOT, 'build', 'screenshots');

/** Chrome and Chromium where Linux distributions and macOS usually put them, after Debian's. */
export const USUAL_PATHS = [
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/opt/google/chrome/chrome',
  '/snap/bin/chromium',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
];

/** The flags every browser gets: headless, no sandbox (root in CI), nothing that calls home. */
export const FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-quic'];

/**
 * Flags of @sparticuz/chromium's own `args` (made for one page per AWS Lambda call) left out here:
 * the tests must see the browser's normal security model, and in one process closing a browser
 * context ends the whole browser, which the suites do between tests.
 */
const LAMBDA_ONLY_FLAGS = ['--disable-web-security', '--allow-running-insecure-content', '--disable-site-isolation-trials', '--single-process'];

export interface FoundBrowser {
  executablePath: string;
  /** Where it came from, in words, for the line the suites print. */
  origin: string;
  args: string[];
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

export interface BrowserSearch {
  env?: NodeJS.ProcessEnv;
  /** Whether a path holds a browser (tests replace it). */
  exists?: (path: string) => boolean;
  /** The packaged Chromium, or null where the package has none for this platform. */
  packaged?: () => Promise<{ executablePath: string; args: string[] } | null>;
}

/** The Chromium inside the @sparticuz/chromium package (Linux x64/arm64 only), unpacked on first use. */
async function packagedChromium(): Promise<{ executablePath: string; args: string[] } | null> {
  if (process.platform !== 'linux') return null;
  type Packaged = { executablePath(): Promise<string>; args: string[] };
  let mod: Packaged | { default: Packaged };
  try {
    mod = require('@sparticuz/chromium') as Packaged | { default: Packaged };
  } catch {
    return null;
  }
  const packaged = 'default' in mod ? mod.default : mod;
  return { executablePath: await packaged.executablePath(), args: packaged.args.filter((a) => !LAMBDA_ONLY_FLAGS.includes(a)) };
}

/** Find the browser the end-to-end tests use, in the order above; throws with what to do when none is found. */
export async function findBrowser(search: BrowserSearch = {}): Promise<FoundBrowser> {
  const env = search.env ?? process.env;
  const exists = search.exists ?? isExecutable;
  for (const name of ['CHROMIUM_PATH', 'CHROME_PATH']) {
    const path = env[name];
    if (path) {
      if (!exists(path)) throw new Error(`${name} is set to ${path}, but no browser is there: point it at a Chrome or Chromium executable, or unset it to use the one found on this machine.`);
      return { executablePath: path, origin: `${name}`, args: FLAGS };
    }
  }
  if (exists(DEBIAN_CHROMIUM)) return { executablePath: DEBIAN_CHROMIUM, origin: "Debian's chromium", args: FLAGS };
  for (const path of USUAL_PATHS) if (exists(path)) return { executablePath: path, origin: 'installed browser', args: FLAGS };
  const packaged = await (search.packaged ?? packagedChromium)();
  if (packaged) return { executablePath: packaged.executablePath, origin: 'the Chromium inside the @sparticuz/chromium package', args: [...packaged.args, ...FLAGS.filter((f) => f !== '--headless' && !packaged.args.includes(f))] };
  throw new Error(
    `No Chromium found: not in CHROMIUM_PATH/CHROME_PATH, not at ${DEBIAN_CHROMIUM} or ${USUAL_PATHS.join(', ')}, and @sparticuz/chromium has no binary for ${process.platform}/${process.arch}. ` +
      'Install Chrome or Chromium (on Debian: apt-get install -y chromium) or set CHROMIUM_PATH to one.',
  );
}

let found: Promise<FoundBrowser> | undefined;

/** The browser for this run, found once; the first call says which one it is. */
export function browserForRun(): Promise<FoundBrowser> {
  found ??= findBrowser().then((browser) => {
    console.log(`      end-to-end tests use ${browser.executablePath} (${browser.origin})`);
    return browser;
  });
  return found;
}

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
  const browser = await browserForRun();
  mkdirSync(SCREENSHOTS, { recursive: true });
  return chromium.launch({ executablePath: browser.executablePath, args: browser.args });
}
