/**
 * The add-in manifest and build: scripts/manifest-check.js on the real manifest.xml against the
 * built add-in (dist/, built here in development mode when missing), and on broken copies, each
 * of which must fail with a message that says what and where; the npm run validate script; the
 * generated dist/functions.json and taskpane.html.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from './support/fixtures';

interface Check {
  name: string;
  ok: boolean;
  messages: string[];
}
interface Report {
  ok: boolean;
  checks: Check[];
}
interface ManifestCheck {
  checkManifest(xml: string, options?: { distDir?: string; devUrl?: string; namespace?: string }): Report;
  formatReport(report: Report): string[];
}

// Plain JS in scripts/ (no build step): required from the repository, not from build/.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { checkManifest, formatReport } = require(join(REPO_ROOT, 'scripts', 'manifest-check.js')) as ManifestCheck;

const DIST = join(REPO_ROOT, 'dist');
const MANIFEST = readFileSync(join(REPO_ROOT, 'manifest.xml'), 'utf8');

/** Build the add-in (development) unless dist/ already holds a build with what the manifest names. */
function ensureBuilt(): void {
  const needed = ['taskpane.html', 'functions.js', 'functions.json', 'assets/icon-80.png'];
  if (needed.every((f) => existsSync(join(DIST, f)))) return;
  const webpack = require.resolve('webpack/bin/webpack.js', { paths: [REPO_ROOT] });
  const result = spawnSync(process.execPath, [webpack, '--mode', 'development'], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 170_000 });
  assert.equal(result.status, 0, `npm run build:addin:dev failed:\n${result.stdout}\n${result.stderr}`);
}

function check(xml: string): Report {
  return checkManifest(xml, { distDir: DIST, namespace: 'CLAUSE' });
}

/** The names of the failed checks, and every failure message joined. */
function failures(report: Report): { names: string[]; text: string } {
  const failed = report.checks.filter((c) => !c.ok);
  return { names: failed.map((c) => c.name), text: failed.flatMap((c) => c.messages).join('\n') };
}

/** One exact, unique replacement in the real manifest. */
function edit(from: string, to: string): string {
  const at = MANIFEST.indexOf(from);
  assert.ok(at >= 0 && MANIFEST.indexOf(from, at + 1) < 0, `"${from}" must occur exactly once in manifest.xml`);
  return MANIFEST.slice(0, at) + to + MANIFEST.slice(at + from.length);
}

/** 1-based line of the first occurrence of `text` in `xml`. */
function lineOf(xml: string, text: string): number {
  return xml.slice(0, xml.indexOf(text)).split('\n').length;
}

describe('add-in manifest and build', function () {
  this.timeout(180_000);

  before(() => {
    ensureBuilt();
  });

  it('the real manifest passes every check against the build', () => {
    const report = check(MANIFEST);
    assert.ok(report.ok, formatReport(report).join('\n'));
    const names = report.checks.map((c) => c.name).join('\n');
    for (const expected of ['well-formed XML', 'in schema order', 'Id is a GUID', 'Version', 'every resid is defined', 'every resource in Resources is used',
      'all URLs are https', 'maps to a file', 'CustomFunctions', 'SharedRuntime', 'shared runtime']) {
      assert.ok(names.includes(expected), `a check about "${expected}" should run:\n${names}`);
    }
    const summary = formatReport(report);
    assert.ok(summary.every((l) => !l.startsWith('✘')));
    assert.match(summary[summary.length - 1] ?? '', /^All \d+ checks passed\.$/);
  });

  it('the manifest is an Excel shared-runtime add-in named Clausewise, namespace CLAUSE, on https://localhost:3000/', () => {
    assert.match(MANIFEST, /<DisplayName DefaultValue="Clausewise"\s*\/>/);
    assert.match(MANIFEST, /<Runtime resid="Taskpane\.Url" lifetime="long"\s*\/>/);
    assert.match(MANIFEST, /<bt:String id="Functions\.Namespace" DefaultValue="CLAUSE"\s*\/>/);
    assert.match(MANIFEST, /<SourceLocation DefaultValue="https:\/\/localhost:3000\/taskpane\.html"\s*\/>/);
    assert.match(MANIFEST, /<OfficeTab id="TabHome">/);
  });

  describe('broken copies are caught, with a clear message', () => {
    it('malformed XML: where the problem is', () => {
      const xml = edit('<ProviderName>Clausewise</ProviderName>', '<ProviderName>Clausewise</Provider>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['well-formed XML']);
      assert.match(text, new RegExp(`line ${lineOf(xml, '</Provider>')}, column \\d+: </Provider> closes <ProviderName>`));
    });

    it('an undefined resid (and the resource it no longer uses)', () => {
      const xml = edit('<Label resid="Group.Label"/>', '<Label resid="Group.Missing"/>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['every resid is defined in Resources', 'every resource in Resources is used']);
      assert.match(text, new RegExp(`resid "Group.Missing" on <Label> \\(line ${lineOf(xml, 'Group.Missing')}, .*Group/Label\\) is not defined in <Resources>`));
      assert.match(text, /The resource "Group\.Label" \(line \d+\) is defined but never used/);
    });

    it('an http URL', () => {
      const xml = edit('<bt:Image id="Icon.16x16" DefaultValue="https://localhost:3000/assets/icon-16.png"/>',
        '<bt:Image id="Icon.16x16" DefaultValue="http://localhost:3000/assets/icon-16.png"/>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['all URLs are https']);
      assert.match(text, /<bt:Image> \(line \d+\) points at "http:\/\/localhost:3000\/assets\/icon-16\.png": every URL must be https:\/\//);
    });

    it('a URL whose file is not in dist/', () => {
      const xml = edit('DefaultValue="https://localhost:3000/functions.json"', 'DefaultValue="https://localhost:3000/function.json"');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['every URL on https://localhost:3000/ maps to a file in dist/']);
      assert.match(text, /points at "https:\/\/localhost:3000\/function\.json", but dist\/function\.json is not in the build/);
    });

    it('a missing dist/ says to build first', () => {
      const report = checkManifest(MANIFEST, { distDir: join(REPO_ROOT, 'no-such-dist') });
      const { names, text } = failures(report);
      assert.deepEqual(names, ['every URL on https://localhost:3000/ maps to a file in no-such-dist/']);
      assert.match(text, /does not exist: run "npm run build:addin:dev" first/);
    });

    it('an Id that is not a GUID; a Version that is not n.n.n.n', () => {
      const xml = edit('<Id>ae5fdc9e-135b-4209-b064-6cbd249eb467</Id>', '<Id>clausewise-addin</Id>').replace('<Version>0.1.0.0</Version>', '<Version>1.0</Version>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['Id is a GUID', 'Version is n.n.n.n']);
      assert.match(text, /<Id>clausewise-addin<\/Id> \(line \d+\) is not a GUID/);
      assert.match(text, /<Version>1\.0<\/Version> \(line \d+\) must be four numbers separated by dots/);
    });

    it('top-level elements out of schema order', () => {
      const xml = edit('  <Permissions>ReadWriteDocument</Permissions>\n', '').replace('  <DefaultSettings>', '  <Permissions>ReadWriteDocument</Permissions>\n  <DefaultSettings>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['top-level elements present and in schema order']);
      assert.match(text, /<DefaultSettings> \(line \d+\) must come before <Permissions> in <OfficeApp>/);
    });

    it('a missing required element; Resources groups out of order', () => {
      const xml = edit('  <ProviderName>Clausewise</ProviderName>\n', '');
      assert.match(failures(check(xml)).text, /<OfficeApp> \(line \d+\) has no <ProviderName>, which is required/);
      const images = MANIFEST.slice(MANIFEST.indexOf('      <bt:Images>'), MANIFEST.indexOf('      <bt:Urls>'));
      const swapped = MANIFEST.replace(images, '').replace('      </bt:Urls>\n', `      </bt:Urls>\n${images}`);
      const { names, text } = failures(check(swapped));
      assert.deepEqual(names, ['VersionOverrides structure and order']);
      assert.match(text, /<Images> \(line \d+\) must come before <Urls> in <Resources>/);
    });

    it('no SharedRuntime requirement; no CustomFunctions namespace; a task pane outside the shared runtime', () => {
      const noShared = edit('      <Set Name="SharedRuntime" MinVersion="1.1"/>\n', '');
      assert.deepEqual(failures(check(noShared)).names, ['SharedRuntime requirement']);
      assert.match(failures(check(noShared)).text, /no <Set Name="SharedRuntime" MinVersion="1.1"\/>/);

      const noNamespace = edit('            <Namespace resid="Functions.Namespace"/>\n', '');
      const nn = failures(check(noNamespace));
      assert.deepEqual(nn.names, ['CustomFunctions extension point and namespace', 'every resource in Resources is used']);
      assert.match(nn.text, /needs <Namespace resid="..."\/>/);

      const otherPage = edit('<Page>\n              <SourceLocation resid="Taskpane.Url"/>', '<Page>\n              <SourceLocation resid="Functions.Script.Url"/>');
      assert.match(failures(check(otherPage)).text, /custom functions page \(resid "Functions.Script.Url", line \d+\) is not the shared runtime's page/);
    });

    it('an icon whose declared size is not the PNG\'s', () => {
      const xml = edit('<bt:Image id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-80.png"/>',
        '<bt:Image id="Icon.80x80" DefaultValue="https://localhost:3000/assets/icon-64.png"/>');
      const { names, text } = failures(check(xml));
      assert.deepEqual(names, ['icon sizes match their PNG files']);
      assert.match(text, /wants a 80×80 icon; https:\/\/localhost:3000\/assets\/icon-64\.png is 64×64/);
    });
  });

  describe('npm run validate (scripts/validate-manifest.js)', () => {
    const validate = (...args: string[]) => spawnSync(process.execPath, [join(REPO_ROOT, 'scripts', 'validate-manifest.js'), ...args], { cwd: REPO_ROOT, encoding: 'utf8', timeout: 60_000 });

    it('prints ✔ per check and a summary, and exits 0 on the real manifest', () => {
      const result = validate('--offline');
      assert.equal(result.status, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /✔ well-formed XML/);
      assert.match(result.stdout, /All \d+ checks passed\./);
      assert.match(result.stdout, /online validation skipped/);
    });

    it('prints ✘ with the message and exits 1 on a broken manifest', () => {
      const dir = mkdtempSync(join(tmpdir(), 'clausewise-manifest-'));
      try {
        const file = join(dir, 'manifest.xml');
        writeFileSync(file, edit('<Id>ae5fdc9e-135b-4209-b064-6cbd249eb467</Id>', '<Id>nope</Id>'));
        const result = validate(file, '--offline');
        assert.equal(result.status, 1, result.stdout + result.stderr);
        assert.match(result.stdout, /✘ Id is a GUID\n\s+<Id>nope<\/Id> \(line \d+\) is not a GUID/);
        assert.match(result.stdout, /1 of \d+ checks failed\./);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });

  describe('the build', () => {
    it('functions.json is generated from the JSDoc: TOTALRATE, ADDITIONALRATE, FUNDINGDEADLINE, STATUS', () => {
      const metadata = JSON.parse(readFileSync(join(DIST, 'functions.json'), 'utf8')) as {
        functions: { id: string; parameters: { name: string; optional?: boolean; dimensionality?: string }[]; result: { type: string } }[];
      };
      const byId = new Map(metadata.functions.map((f) => [f.id, f]));
      assert.deepEqual([...byId.keys()].sort(), ['ADDITIONALRATE', 'FUNDINGDEADLINE', 'STATUS', 'TOTALRATE']);
      const params = (id: string) => byId.get(id)?.parameters.map((p) => `${p.name}${p.optional ? '?' : ''}${p.dimensionality === 'matrix' ? '[][]' : ''}`);
      assert.deepEqual(params('TOTALRATE'), ['column1Rate', 'category', 'entryDate', 'scenario?']);
      assert.deepEqual(params('FUNDINGDEADLINE'), ['noticeDate', 'days?', 'calendar?']);
      assert.deepEqual(params('STATUS'), ['subject', 'headers[][]', 'values[][]', 'asOf?']);
      assert.equal(byId.get('FUNDINGDEADLINE')?.result.type, 'number');
      assert.equal(byId.get('STATUS')?.result.type, 'string');
    });

    it('taskpane.html is titled Clausewise and loads office.js, then the functions and task pane chunks', () => {
      const html = readFileSync(join(DIST, 'taskpane.html'), 'utf8');
      assert.match(html, /<title>Clausewise<\/title>/);
      const officeJs = html.search(/<script[^>]*src="?(https:\/\/appsforoffice\.microsoft\.com\/lib\/1\/hosted\/)?office\.js/);
      const functions = html.search(/<script[^>]*src="?functions\.js/);
      const taskpane = html.search(/<script[^>]*src="?taskpane\.js/);
      assert.ok(officeJs >= 0 && functions > officeJs && taskpane > functions, html);
      if (html.includes('src="office.js"') || html.includes('src=office.js')) assert.ok(existsSync(join(DIST, 'office.js')), 'a development build carries office.js');
    });

    it('the functions script registers every function with CustomFunctions.associate', () => {
      const script = readFileSync(join(DIST, 'functions.js'), 'utf8');
      for (const id of ['TOTALRATE', 'ADDITIONALRATE', 'FUNDINGDEADLINE', 'STATUS']) {
        assert.match(script, new RegExp(`CustomFunctions\\.associate\\(\\s*"${id}"`), `${id} is not associated`);
      }
    });
  });
});
