/**
 * The development server (scripts/serve.js): files under its folder only, with content types,
 * no directory listings, nothing outside the folder, GET and HEAD only. Runs on 127.0.0.1 on a
 * free port, over plain http.
 */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fixtures';

interface ServeModule {
  serve(options: { dir: string; port: number; host: string; allowHttps: boolean }): Promise<{ server: Server; url: string; secure: boolean; why: string }>;
  instructions(started: { url: string; secure: boolean; why: string }): string;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { serve, instructions } = require(join(REPO_ROOT, 'scripts', 'serve.js')) as ServeModule;

describe('development server (scripts/serve.js)', () => {
  let root: string;
  let dist: string;
  let server: Server;
  let base: string;
  let started: Awaited<ReturnType<ServeModule['serve']>>;

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'clausewise-serve-'));
    dist = join(root, 'dist');
    mkdirSync(join(dist, 'assets'), { recursive: true });
    writeFileSync(join(dist, 'taskpane.html'), '<!doctype html><title>Clausewise</title>');
    writeFileSync(join(dist, 'functions.js'), 'void 0;');
    writeFileSync(join(dist, 'functions.json'), '{"functions":[]}');
    writeFileSync(join(dist, 'assets', 'icon-16.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47]));
    writeFileSync(join(dist, '.secret'), 'hidden');
    writeFileSync(join(root, 'outside.txt'), 'outside');
    started = await serve({ dir: dist, port: 0, host: '127.0.0.1', allowHttps: false });
    server = started.server;
    base = started.url.replace(/\/$/, '');
  });

  after(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    rmSync(root, { recursive: true, force: true });
  });

  it('serves the page and the bundle with their content types, CORS and no caching', async () => {
    const page = await fetch(`${base}/taskpane.html`);
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('content-type'), 'text/html; charset=utf-8');
    assert.equal(page.headers.get('access-control-allow-origin'), '*');
    assert.equal(page.headers.get('cache-control'), 'no-cache');
    assert.match(await page.text(), /<title>Clausewise<\/title>/);
    assert.equal((await fetch(`${base}/functions.js`)).headers.get('content-type'), 'text/javascript; charset=utf-8');
    assert.equal((await fetch(`${base}/functions.json`)).headers.get('content-type'), 'application/json; charset=utf-8');
    assert.equal((await fetch(`${base}/assets/icon-16.png`)).headers.get('content-type'), 'image/png');
  });

  it('/ redirects to the page', async () => {
    const res = await fetch(`${base}/`, { redirect: 'manual' });
    assert.equal(res.status, 302);
    assert.equal(res.headers.get('location'), '/taskpane.html');
  });

  it('nothing outside the folder, no directory listing, no dotfiles, no missing files', async () => {
    for (const p of ['/../outside.txt', '/%2e%2e/outside.txt', '/assets/..%2f..%2foutside.txt', '/assets/', '/assets', '/.secret', '/nope.js', '/taskpane.html%00.js']) {
      const res = await fetch(`${base}${p}`);
      assert.equal(res.status, 404, `${p} should be 404`);
      assert.doesNotMatch(await res.text(), /outside|hidden|icon-16/);
    }
  });

  it('GET and HEAD only', async () => {
    const head = await fetch(`${base}/taskpane.html`, { method: 'HEAD' });
    assert.equal(head.status, 200);
    assert.equal(head.headers.get('content-length'), String('<!doctype html><title>Clausewise</title>'.length));
    const post = await fetch(`${base}/taskpane.html`, { method: 'POST', body: 'x' });
    assert.equal(post.status, 405);
  });

  it('over plain http it says why, that the page works, and that Excel needs a trusted https certificate', () => {
    assert.equal(started.secure, false);
    const text = instructions(started);
    assert.match(text, /Plain http \(https turned off \(--http\)\)/);
    assert.match(text, /standalone page works over http/);
    assert.match(text, /Excel loads add-ins only over https with a trusted certificate/);
    assert.match(text, /Excel on Windows:/);
    assert.match(text, /Excel on Mac: .*wef/);
    assert.match(text, /Excel on the web: .*Upload My Add-in/);
    assert.match(text, /Ctrl\+C/);
  });
});
