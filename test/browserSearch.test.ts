/**
 * The order in which the end-to-end suites look for a browser (test/e2e/browser.ts): a path the
 * user set, Debian's chromium, the usual install paths, then the Chromium inside @sparticuz/chromium.
 */
import { strict as assert } from 'node:assert';
import { DEBIAN_CHROMIUM, FLAGS, findBrowser, USUAL_PATHS } from './e2e/browser';

const packaged = async () => ({ executablePath: '/tmp/chromium', args: ['--single-process', "--headless='shell'", '--no-sandbox'] });
const none = async () => null;
const only = (...paths: string[]) => (p: string) => paths.includes(p);

describe('finding the browser for the end-to-end tests', () => {
  it('uses CHROMIUM_PATH first, then CHROME_PATH, before any installed browser', async () => {
    const exists = only('/opt/a', '/opt/b', DEBIAN_CHROMIUM);
    assert.equal((await findBrowser({ env: { CHROMIUM_PATH: '/opt/a', CHROME_PATH: '/opt/b' }, exists, packaged })).executablePath, '/opt/a');
    assert.equal((await findBrowser({ env: { CHROME_PATH: '/opt/b' }, exists, packaged })).executablePath, '/opt/b');
  });

  it('refuses a CHROMIUM_PATH with no browser there instead of quietly using another', async () => {
    await assert.rejects(findBrowser({ env: { CHROMIUM_PATH: '/nowhere/chrome' }, exists: only(DEBIAN_CHROMIUM), packaged }), /CHROMIUM_PATH is set to \/nowhere\/chrome, but no browser is there/);
  });

  it("prefers Debian's chromium, then the usual paths in order", async () => {
    const debian = await findBrowser({ env: {}, exists: only(DEBIAN_CHROMIUM, USUAL_PATHS[1]!), packaged });
    assert.deepEqual([debian.executablePath, debian.origin, debian.args], [DEBIAN_CHROMIUM, "Debian's chromium", FLAGS]);
    assert.equal((await findBrowser({ env: {}, exists: only(USUAL_PATHS[2]!, USUAL_PATHS[4]!), packaged })).executablePath, USUAL_PATHS[2]);
    assert.equal((await findBrowser({ env: {}, exists: only('/Applications/Chromium.app/Contents/MacOS/Chromium'), packaged })).executablePath, '/Applications/Chromium.app/Contents/MacOS/Chromium');
  });

  it('falls back to the packaged Chromium with its own flags plus the common ones, headless said once', async () => {
    const found = await findBrowser({ env: {}, exists: only(), packaged });
    assert.equal(found.executablePath, '/tmp/chromium');
    assert.match(found.origin, /@sparticuz\/chromium/);
    assert.deepEqual(found.args.slice(0, 3), ['--single-process', "--headless='shell'", '--no-sandbox']);
    for (const flag of FLAGS.filter((f) => f !== '--headless')) assert.ok(found.args.includes(flag), flag);
    assert.equal(found.args.filter((a) => a.startsWith('--headless')).length, 1);
    assert.equal(found.args.filter((a) => a === '--no-sandbox').length, 1);
  });

  it('says what to do when there is no browser at all', async () => {
    await assert.rejects(findBrowser({ env: {}, exists: only(), packaged: none }), /No Chromium found: .*apt-get install -y chromium.*CHROMIUM_PATH/);
  });
});
