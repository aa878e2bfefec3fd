#!/usr/bin/env node
'use strict';
/**
 * A static file server for the built add-in (dist/), for development: `npm run serve`, or
 * `npm start` in a terminal. Serves files under dist/ only (no directory listings, nothing
 * outside it), with content types, CORS for Office and no caching. Runs until Ctrl+C.
 *
 *   node scripts/serve.js [--port 3000] [--host 127.0.0.1] [--dir dist] [--http]
 *
 * https when the Office dev certificates are installed and trusted (see devCertificates below;
 * `npx office-addin-dev-certs install` sets them up, asking for administrator rights to trust
 * its CA), plain http otherwise. Excel loads add-ins only over https with a trusted certificate;
 * the standalone page works over http.
 */
const crypto = require('node:crypto');
const fs = require('node:fs');
const http = require('node:http');
const https = require('node:https');
const os = require('node:os');
const path = require('node:path');

const ROOT = path.join(__dirname, '..');

const CONTENT_TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.svg': 'image/svg+xml',
  '.ico': 'image/x-icon',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
};

/** The page to open: the task pane, which is also the standalone page. */
const PAGE = 'taskpane.html';

function contentType(file) {
  return CONTENT_TYPES[path.extname(file).toLowerCase()] || 'application/octet-stream';
}

/**
 * The file under `root` that a request path names, or null when it names nothing servable
 * (outside root, a directory, a dotfile, a missing file).
 */
function resolveFile(root, urlPath) {
  let decoded;
  try {
    decoded = decodeURIComponent(urlPath.split('?')[0].split('#')[0]);
  } catch {
    return null;
  }
  if (decoded.includes('\0')) return null;
  const parts = decoded.split(/[\\/]+/).filter((p) => p !== '' && p !== '.');
  if (parts.some((p) => p === '..' || p.startsWith('.'))) return null;
  const base = path.resolve(root);
  const file = path.resolve(base, ...parts);
  if (file !== base && !file.startsWith(base + path.sep)) return null;
  let stat;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  return stat.isFile() ? file : null;
}

/** The request handler serving `root`. */
function staticHandler(root) {
  return (req, res) => {
    const send = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', ...headers });
      res.end(req.method === 'HEAD' ? undefined : body);
    };
    if (req.method !== 'GET' && req.method !== 'HEAD') return send(405, 'Method not allowed\n', { Allow: 'GET, HEAD' });
    const urlPath = (req.url || '/').split('?')[0];
    if (urlPath === '/' || urlPath === '') return send(302, `See /${PAGE}\n`, { Location: `/${PAGE}` });
    const file = resolveFile(root, urlPath);
    if (!file) return send(404, 'Not found\n');
    const stat = fs.statSync(file);
    res.writeHead(200, {
      'Content-Type': contentType(file),
      'Content-Length': stat.size,
      'Cache-Control': 'no-cache',
      'Access-Control-Allow-Origin': '*',
      'X-Content-Type-Options': 'nosniff',
    });
    if (req.method === 'HEAD') return res.end();
    fs.createReadStream(file).on('error', () => res.destroy()).pipe(res);
  };
}

/**
 * The Office dev certificates when they are installed and trusted, else { certs: null, why }.
 * Reads ~/.office-addin-dev-certs (made by `npx office-addin-dev-certs install`) and never
 * installs anything: trusting the CA needs administrator rights (sudo on Linux).
 */
function devCertificates() {
  const dir = path.join(os.homedir(), '.office-addin-dev-certs');
  const files = { ca: path.join(dir, 'ca.crt'), cert: path.join(dir, 'localhost.crt'), key: path.join(dir, 'localhost.key') };
  if (!Object.values(files).every((f) => fs.existsSync(f))) {
    return { certs: null, why: `no Office dev certificates in ${dir}` };
  }
  let certs;
  try {
    certs = { ca: fs.readFileSync(files.ca), cert: fs.readFileSync(files.cert), key: fs.readFileSync(files.key) };
    const x509 = new crypto.X509Certificate(certs.cert);
    if (Date.parse(x509.validTo) < Date.now() + 3600 * 1000) return { certs: null, why: `the dev certificate in ${dir} has expired (${x509.validTo})` };
    if (!x509.checkPrivateKey(crypto.createPrivateKey(certs.key))) return { certs: null, why: `the dev certificate and key in ${dir} do not match` };
  } catch (err) {
    return { certs: null, why: `the dev certificates in ${dir} cannot be read (${err.message})` };
  }
  if (!caTrusted()) return { certs: null, why: `the dev certificates' CA is not trusted by this system` };
  return { certs, why: '' };
}

/** Whether the dev CA is installed in the system's trust store (where office-addin-dev-certs puts it). */
function caTrusted() {
  if (process.platform === 'linux') {
    return ['/usr/local/share/ca-certificates/office-addin-dev-certs/ca.crt', '/etc/ca-certificates/trust-source/anchors/office-addin-dev-certs-ca.crt']
      .some((f) => fs.existsSync(f));
  }
  try {
    const verify = require('office-addin-dev-certs/lib/verify');
    return verify.getCaCertificateStatus().status === verify.CertificateStatus.Installed;
  } catch {
    return false;
  }
}

/**
 * Start serving `dir`. Resolves to { server, url, secure, why } once listening; rejects with a
 * readable message when the port is taken.
 */
function serve({ dir = path.join(ROOT, 'dist'), port = 3000, host = '127.0.0.1', allowHttps = true } = {}) {
  const { certs, why } = allowHttps ? devCertificates() : { certs: null, why: 'https turned off (--http)' };
  const handler = staticHandler(dir);
  const server = certs ? https.createServer({ key: certs.key, cert: certs.cert, ca: certs.ca }, handler) : http.createServer(handler);
  return new Promise((resolve, reject) => {
    server.once('error', (err) => {
      reject(new Error(err.code === 'EADDRINUSE'
        ? `Port ${port} on ${host} is already in use (another dev server?): stop it, or choose another port with --port.`
        : `Cannot serve on ${host}:${port}: ${err.message}`));
    });
    server.listen(port, host, () => {
      const address = server.address();
      const shownHost = certs ? 'localhost' : host;
      resolve({ server, url: `${certs ? 'https' : 'http'}://${shownHost}:${address.port}/`, secure: !!certs, why });
    });
  });
}

/** What to print once serving: the page, the https situation, how to sideload. */
function instructions({ url, secure, why }, manifest = path.join(ROOT, 'manifest.xml')) {
  const m = path.relative(process.cwd(), manifest) || manifest;
  const lines = [
    `Clausewise add-in: serving dist/ at ${url}`,
    `  Page: ${url}${PAGE}  (the task pane; it also works standalone in a browser)`,
  ];
  if (secure) {
    lines.push('  https with the trusted Office dev certificate: Excel can load the add-in.');
  } else {
    lines.push(
      `  Plain http (${why}). The standalone page works over http;`,
      '  Excel loads add-ins only over https with a trusted certificate at https://localhost:3000/.',
      '  For Excel, install and trust the dev certificate once (it asks for administrator rights):',
      '    npx office-addin-dev-certs install',
      '  then start again.',
    );
  }
  lines.push(
    '',
    `Sideload ${m} (it points at https://localhost:3000/):`,
    '  Excel on Windows: put manifest.xml in a shared folder; File > Options > Trust Center > Trust Center',
    '    Settings > Trusted Add-in Catalogs: add the share\'s \\\\server\\folder path, tick Show in Menu, restart',
    '    Excel; then Home > Add-ins > More Add-ins > Shared Folder > Clausewise.',
    '  Excel on Mac: copy manifest.xml to ~/Library/Containers/com.microsoft.Excel/Data/Documents/wef/',
    '    (create the wef folder if needed), restart Excel; then Home > Add-ins > Clausewise under Developer Add-ins.',
    '  Excel on the web: Home > Add-ins > More Add-ins > My Add-ins > Upload My Add-in > choose manifest.xml.',
    '  Then Home > Clausewise opens the pane; =CLAUSE.TOTALRATE(0.025,"vehicle",DATE(2025,9,16)) in a cell uses the functions.',
    '',
    'Press Ctrl+C to stop the server.',
  );
  return lines.join('\n');
}

function parseArgs(argv) {
  const args = { dir: path.join(ROOT, 'dist'), port: 3000, host: '127.0.0.1', allowHttps: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') args.port = Number(argv[++i]);
    else if (a === '--host') args.host = argv[++i];
    else if (a === '--dir') args.dir = path.resolve(argv[++i]);
    else if (a === '--http') args.allowHttps = false;
    else {
      process.stderr.write(`Unknown option ${a}. Usage: node scripts/serve.js [--port 3000] [--host 127.0.0.1] [--dir dist] [--http]\n`);
      process.exit(2);
    }
  }
  if (!Number.isInteger(args.port) || args.port < 0 || args.port > 65535) {
    process.stderr.write('--port needs a port number such as 3000.\n');
    process.exit(2);
  }
  return args;
}

/** Serve until Ctrl+C (or SIGTERM), then close. */
async function runServer(options) {
  if (!fs.existsSync(path.join(options.dir, PAGE))) {
    throw new Error(`${path.relative(process.cwd(), options.dir) || options.dir}/${PAGE} does not exist: build the add-in first (npm run build:addin:dev).`);
  }
  const started = await serve(options);
  process.stdout.write(`${instructions(started)}\n`);
  const stop = () => {
    process.stdout.write('\nStopping the server.\n');
    started.server.close(() => process.exit(0));
    started.server.closeAllConnections?.();
    setTimeout(() => process.exit(0), 2000).unref();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return started;
}

if (require.main === module) {
  runServer(parseArgs(process.argv.slice(2))).catch((err) => {
    process.stderr.write(`${err.message}\n`);
    process.exit(1);
  });
}

module.exports = { serve, runServer, staticHandler, resolveFile, contentType, devCertificates, instructions };
