'use strict';
/**
 * Offline structural check of an Office add-in only (XML) manifest, as used by
 * `npm run validate` (scripts/validate-manifest.js) and test/manifest.test.ts.
 *
 *   const { checkManifest } = require('./manifest-check');
 *   const report = checkManifest(xmlText, { distDir: 'dist' });
 *   // report.ok, report.checks: [{ name, ok, messages: [...] }]
 *
 * It is not the XSD: it checks what breaks sideloading most often — well-formed XML, the
 * schema's element order, the Id and Version formats, resource ids defined and used, https
 * URLs, files present in dist/ for every URL on the dev server, the shared runtime and the
 * custom functions extension point. Plain Node, no dependencies: the XML parser is below.
 */
const fs = require('node:fs');
const path = require('node:path');

// ---------------------------------------------------------------------------------------------
// A small XML parser: elements, attributes, text, comments, CDATA, processing instructions.
// Every node knows its line and column; every error says where it is.

class XmlError extends Error {
  constructor(message, line, column) {
    super(`line ${line}, column ${column}: ${message}`);
    this.line = line;
    this.column = column;
  }
}

const NAME = /^[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?$/;
const ENTITIES = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/**
 * Parse XML text into { name, attributes, attributeOrder, children, text, line, column } nodes.
 * Throws an XmlError for the first well-formedness problem.
 */
function parseXml(text) {
  let pos = 0;
  let line = 1;
  let column = 1;
  const advance = (n) => {
    for (let i = 0; i < n; i++) {
      if (text[pos] === '\n') {
        line++;
        column = 1;
      } else {
        column++;
      }
      pos++;
    }
  };
  const fail = (message, at = { line, column }) => {
    throw new XmlError(message, at.line, at.column);
  };
  const startsWith = (s) => text.startsWith(s, pos);
  const skipTo = (end, what) => {
    const at = { line, column };
    const i = text.indexOf(end, pos);
    if (i < 0) fail(`${what} is never closed with "${end}"`, at);
    const body = text.slice(pos, i);
    advance(i - pos + end.length);
    return body;
  };
  const decode = (raw, at) => raw.replace(/&([^;&\s<]*);?/g, (match, name) => {
    if (!match.endsWith(';')) fail(`"&" must start an entity such as &amp; (write &amp; for a literal ampersand)`, at);
    if (name in ENTITIES) return ENTITIES[name];
    const num = /^#(\d+)$/.exec(name) || /^#x([0-9a-fA-F]+)$/.exec(name);
    if (num) return String.fromCodePoint(parseInt(num[1], name[1] === 'x' ? 16 : 10));
    return fail(`unknown entity &${name};`, at);
  });
  const skipSpace = () => {
    while (pos < text.length && /\s/.test(text[pos])) advance(1);
  };
  const readName = (what) => {
    const at = { line, column };
    const m = /^[^\s/>=<"']+/.exec(text.slice(pos, pos + 200));
    if (!m || !NAME.test(m[0])) fail(`expected ${what} name`, at);
    advance(m[0].length);
    return m[0];
  };

  if (text.charCodeAt(0) === 0xfeff) pos = 1; // BOM
  const root = { name: '#document', attributes: {}, attributeOrder: [], children: [], text: '', line: 1, column: 1 };
  const stack = [root];
  let sawRoot = false;

  while (pos < text.length) {
    const parent = stack[stack.length - 1];
    if (startsWith('<?')) {
      const at = { line, column };
      const body = skipTo('?>', 'A processing instruction');
      if (/^xml\b/i.test(body) && (at.line !== 1 || at.column > 2)) fail('the <?xml ...?> declaration must be the very first thing in the file', at);
      continue;
    }
    if (startsWith('<!--')) {
      advance(4);
      const body = skipTo('-->', 'A comment');
      if (body.includes('--')) fail('a comment must not contain "--"');
      continue;
    }
    if (startsWith('<![CDATA[')) {
      const at = { line, column };
      if (stack.length === 1) fail('text outside the root element', at);
      advance(9);
      parent.text += skipTo(']]>', 'A CDATA section');
      continue;
    }
    if (startsWith('<!DOCTYPE')) {
      fail('a DOCTYPE is not allowed in an add-in manifest');
    }
    if (startsWith('</')) {
      const at = { line, column };
      advance(2);
      const name = readName('a closing tag');
      skipSpace();
      if (text[pos] !== '>') fail(`expected ">" to end </${name}`);
      advance(1);
      if (stack.length === 1) fail(`closing tag </${name}> without an opening tag`, at);
      if (parent.name !== name) fail(`</${name}> closes <${parent.name}> opened at line ${parent.line}, column ${parent.column}`, at);
      stack.pop();
      continue;
    }
    if (text[pos] === '<') {
      const at = { line, column };
      advance(1);
      const name = readName('an element');
      if (stack.length === 1 && sawRoot) fail(`a second root element <${name}>: a manifest has one root, <OfficeApp>`, at);
      const node = { name, attributes: {}, attributeOrder: [], attributeAt: {}, children: [], text: '', line: at.line, column: at.column, parent };
      for (;;) {
        const hadSpace = /\s/.test(text[pos] || '');
        skipSpace();
        if (pos >= text.length) fail(`<${name}> is never closed`, at);
        if (startsWith('/>') || text[pos] === '>') break;
        if (!hadSpace) fail(`attributes of <${name}> must be separated by spaces`);
        const attrAt = { line, column };
        const attr = readName('an attribute');
        skipSpace();
        if (text[pos] !== '=') fail(`attribute ${attr} of <${name}> has no value (write ${attr}="...")`, attrAt);
        advance(1);
        skipSpace();
        const quote = text[pos];
        if (quote !== '"' && quote !== "'") fail(`the value of ${attr} must be in quotes`);
        advance(1);
        const valueAt = { line, column };
        const end = text.indexOf(quote, pos);
        if (end < 0) fail(`the value of ${attr} is never closed`, valueAt);
        const raw = text.slice(pos, end);
        if (raw.includes('<')) fail(`the value of ${attr} contains "<": write &lt;`, valueAt);
        if (Object.prototype.hasOwnProperty.call(node.attributes, attr)) fail(`attribute ${attr} appears twice on <${name}>`, attrAt);
        node.attributes[attr] = decode(raw, valueAt);
        node.attributeOrder.push(attr);
        node.attributeAt[attr] = attrAt;
        advance(end - pos + 1);
      }
      parent.children.push(node);
      if (stack.length === 1) sawRoot = true;
      if (startsWith('/>')) {
        advance(2);
      } else {
        advance(1);
        stack.push(node);
      }
      continue;
    }
    // Text
    const at = { line, column };
    const next = text.indexOf('<', pos);
    const end = next < 0 ? text.length : next;
    const raw = text.slice(pos, end);
    if (stack.length === 1) {
      if (raw.trim() !== '') fail('text outside the root element', at);
    } else {
      parent.text += decode(raw, at);
    }
    advance(end - pos);
  }
  if (stack.length > 1) {
    const open = stack[stack.length - 1];
    fail(`<${open.name}> (line ${open.line}, column ${open.column}) is never closed`, { line, column });
  }
  if (!sawRoot) fail('there is no root element', { line: 1, column: 1 });
  return root.children[0];
}

// ---------------------------------------------------------------------------------------------
// Helpers over the tree

const local = (name) => name.slice(name.indexOf(':') + 1);
const where = (node) => `line ${node.line}`;
const children = (node, name) => node.children.filter((c) => name === undefined || local(c.name) === name);
const child = (node, name) => children(node, name)[0];
/** Every element under node (node included), depth first in document order. */
function descendants(node, out = []) {
  out.push(node);
  for (const c of node.children) descendants(c, out);
  return out;
}
/** An attribute by local name (xsi:type and type alike). */
function attr(node, name) {
  for (const key of node.attributeOrder) if (local(key) === name) return node.attributes[key];
  return undefined;
}
function pathOf(node) {
  const parts = [];
  for (let n = node; n && n.name !== '#document'; n = n.parent) parts.unshift(local(n.name));
  return parts.join('/');
}

/**
 * Children of `node` against an ordered list of allowed names: each child's name must be in
 * the list, in that order; `required` names must be there; `single` names at most once.
 */
function checkOrder(node, order, { required = [], repeatable = [] } = {}) {
  const problems = [];
  let last = -1;
  let lastName = '';
  const seen = new Map();
  for (const c of node.children) {
    const name = local(c.name);
    const index = order.indexOf(name);
    if (index < 0) {
      problems.push(`<${c.name}> (${where(c)}) is not allowed in <${local(node.name)}>: expected one of ${order.join(', ')}.`);
      continue;
    }
    if (index < last) problems.push(`<${name}> (${where(c)}) must come before <${lastName}> in <${local(node.name)}>: the order is ${order.join(', ')}.`);
    else {
      last = index;
      lastName = name;
    }
    if (seen.has(name) && !repeatable.includes(name)) problems.push(`<${name}> appears twice in <${local(node.name)}> (${where(seen.get(name))} and ${where(c)}).`);
    if (!seen.has(name)) seen.set(name, c);
  }
  for (const name of required) if (!seen.has(name)) problems.push(`<${local(node.name)}> (${where(node)}) has no <${name}>, which is required.`);
  return problems;
}

/** Width and height of a PNG file, or null when it is not a PNG. */
function pngSize(file) {
  const buffer = fs.readFileSync(file);
  if (buffer.length < 24 || buffer.readUInt32BE(0) !== 0x89504e47 || buffer.toString('ascii', 12, 16) !== 'IHDR') return null;
  return { width: buffer.readUInt32BE(16), height: buffer.readUInt32BE(20) };
}

// ---------------------------------------------------------------------------------------------
// The checks

/** Order of <OfficeApp>'s children in the schema (TaskPaneApp). */
const OFFICE_APP_ORDER = [
  'Id', 'AlternateId', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'IconUrl',
  'HighResolutionIconUrl', 'SupportUrl', 'AppDomains', 'Hosts', 'Requirements', 'DefaultSettings', 'Permissions',
  'Dictionary', 'VersionOverrides', 'ExtendedOverrides',
];
const OFFICE_APP_REQUIRED = ['Id', 'Version', 'ProviderName', 'DefaultLocale', 'DisplayName', 'Description', 'DefaultSettings', 'Permissions'];
const VERSION_OVERRIDES_ORDER = ['Description', 'Requirements', 'Hosts', 'Resources', 'EquivalentAddins', 'VersionOverrides'];
const HOST_ORDER = ['Runtimes', 'AllFormFactors', 'DesktopFormFactor', 'MobileFormFactor'];
const DESKTOP_ORDER = ['GetStarted', 'FunctionFile', 'ExtensionPoint', 'SupportsSharedFolders'];
const RESOURCES_ORDER = ['Images', 'Urls', 'ShortStrings', 'LongStrings'];
/** Elements whose DefaultValue is a URL. */
const URL_ELEMENTS = new Set(['IconUrl', 'HighResolutionIconUrl', 'SupportUrl', 'SourceLocation', 'Image', 'Url']);
const PERMISSIONS = ['Restricted', 'ReadDocument', 'ReadAllDocument', 'WriteDocument', 'ReadWriteDocument'];

/**
 * Check the manifest text. Options: `distDir` (the built add-in; URLs on `devUrl` must map to
 * files there), `devUrl` (default https://localhost:3000/), `namespace` (the CustomFunctions
 * namespace expected, optional). Returns { ok, checks: [{ name, ok, messages }] }.
 */
function checkManifest(xmlText, options = {}) {
  const devUrl = options.devUrl || 'https://localhost:3000/';
  const checks = [];
  const check = (name, problems, okNote) => {
    checks.push({ name, ok: problems.length === 0, messages: problems.length ? problems : okNote ? [okNote] : [] });
  };

  let root;
  try {
    root = parseXml(xmlText);
    check('well-formed XML', []);
  } catch (err) {
    check('well-formed XML', [err.message]);
    return { ok: false, checks };
  }

  // Root and top-level order
  const rootProblems = [];
  if (local(root.name) !== 'OfficeApp') rootProblems.push(`The root element is <${root.name}>; an add-in manifest's root is <OfficeApp>.`);
  if (attr(root, 'type') !== 'TaskPaneApp') rootProblems.push(`<OfficeApp xsi:type="${attr(root, 'type') || ''}">: an Excel add-in with a task pane is xsi:type="TaskPaneApp".`);
  if (root.attributes.xmlns !== 'http://schemas.microsoft.com/office/appforoffice/1.1') rootProblems.push('<OfficeApp> must declare xmlns="http://schemas.microsoft.com/office/appforoffice/1.1".');
  check('root element is <OfficeApp xsi:type="TaskPaneApp">', rootProblems);
  if (local(root.name) !== 'OfficeApp') return { ok: false, checks };

  check('top-level elements present and in schema order', checkOrder(root, OFFICE_APP_ORDER, { required: OFFICE_APP_REQUIRED }));

  const id = child(root, 'Id');
  const idText = id ? id.text.trim() : '';
  check('Id is a GUID', /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/.test(idText)
    ? [] : [`<Id>${idText}</Id>${id ? ` (${where(id)})` : ''} is not a GUID such as ae5fdc9e-135b-4209-b064-6cbd249eb467.`], idText);

  const version = child(root, 'Version');
  const versionText = version ? version.text.trim() : '';
  check('Version is n.n.n.n', /^(0|[1-9]\d{0,4})(\.(0|[1-9]\d{0,4})){3}$/.test(versionText)
    ? [] : [`<Version>${versionText}</Version>${version ? ` (${where(version)})` : ''} must be four numbers separated by dots, such as 1.0.0.0.`], versionText);

  const textProblems = [];
  for (const [name, max] of [['DisplayName', 125], ['Description', 250], ['ProviderName', 250]]) {
    const node = child(root, name);
    if (!node) continue;
    const value = name === 'ProviderName' ? node.text.trim() : attr(node, 'DefaultValue');
    if (!value || !value.trim()) textProblems.push(`<${name}> (${where(node)}) is empty.`);
    else if (value.length > max) textProblems.push(`<${name}> (${where(node)}) is ${value.length} characters long; at most ${max} are allowed.`);
  }
  const permissions = child(root, 'Permissions');
  if (permissions && !PERMISSIONS.includes(permissions.text.trim())) textProblems.push(`<Permissions>${permissions.text.trim()}</Permissions> must be one of ${PERMISSIONS.join(', ')}.`);
  const displayName = child(root, 'DisplayName');
  check('names, description and permissions', textProblems, displayName ? `DisplayName "${attr(displayName, 'DefaultValue')}"` : undefined);

  const hosts = child(root, 'Hosts');
  const hostNames = hosts ? children(hosts, 'Host').map((h) => attr(h, 'Name')) : [];
  check('Excel host (Workbook)', hostNames.includes('Workbook') ? [] : ['<Hosts> has no <Host Name="Workbook"/>: Excel add-ins declare the Workbook host.']);

  const sets = descendants(child(root, 'Requirements') || { children: [] }).filter((n) => local(n.name || '') === 'Set');
  const shared = sets.find((s) => attr(s, 'Name') === 'SharedRuntime');
  const sharedProblems = [];
  if (!shared) sharedProblems.push('<Requirements><Sets> has no <Set Name="SharedRuntime" MinVersion="1.1"/>: the task pane and the custom functions share one runtime.');
  else if (!/^1\.\d+$/.test(attr(shared, 'MinVersion') || '')) sharedProblems.push(`<Set Name="SharedRuntime"> (${where(shared)}) needs MinVersion="1.1".`);
  check('SharedRuntime requirement', sharedProblems);

  // VersionOverrides structure
  const overrides = child(root, 'VersionOverrides');
  const structure = [];
  let host;
  if (!overrides) {
    structure.push('There is no <VersionOverrides>: the ribbon button, the shared runtime and the custom functions are declared there.');
  } else {
    if (attr(overrides, 'type') !== 'VersionOverridesV1_0') structure.push(`<VersionOverrides xsi:type="${attr(overrides, 'type') || ''}"> (${where(overrides)}): task pane add-ins use xsi:type="VersionOverridesV1_0" (the only schema with <Runtimes> for them).`);
    if (overrides.attributes.xmlns !== 'http://schemas.microsoft.com/office/taskpaneappversionoverrides') structure.push('<VersionOverrides> must declare xmlns="http://schemas.microsoft.com/office/taskpaneappversionoverrides".');
    structure.push(...checkOrder(overrides, VERSION_OVERRIDES_ORDER, { required: ['Hosts', 'Resources'] }));
    const voHosts = child(overrides, 'Hosts');
    host = voHosts && children(voHosts, 'Host').find((h) => attr(h, 'type') === 'Workbook');
    if (voHosts && !host) structure.push('<VersionOverrides><Hosts> has no <Host xsi:type="Workbook">.');
    if (host) {
      structure.push(...checkOrder(host, HOST_ORDER));
      const desktop = child(host, 'DesktopFormFactor');
      if (desktop) structure.push(...checkOrder(desktop, DESKTOP_ORDER, { repeatable: ['ExtensionPoint'] }));
    }
    const resources = child(overrides, 'Resources');
    if (resources) structure.push(...checkOrder(resources, RESOURCES_ORDER));
  }
  check('VersionOverrides structure and order', structure);

  // Shared runtime and custom functions
  const runtimeProblems = [];
  const all = descendants(root);
  const runtime = all.find((n) => local(n.name) === 'Runtime');
  const cf = all.find((n) => local(n.name) === 'ExtensionPoint' && attr(n, 'type') === 'CustomFunctions');
  if (!runtime) runtimeProblems.push('There is no <Runtimes><Runtime resid="..." lifetime="long"/></Runtimes> in the Workbook host.');
  else {
    if (attr(runtime, 'lifetime') !== 'long') runtimeProblems.push(`<Runtime> (${where(runtime)}) needs lifetime="long" so the custom functions keep running with the task pane closed.`);
    const pageResid = cf && child(child(cf, 'Page') || { children: [] }, 'SourceLocation');
    if (pageResid && attr(pageResid, 'resid') !== attr(runtime, 'resid')) {
      runtimeProblems.push(`The custom functions page (resid "${attr(pageResid, 'resid')}", ${where(pageResid)}) is not the shared runtime's page (resid "${attr(runtime, 'resid')}"): use the same resid.`);
    }
    const taskpaneActions = all.filter((n) => local(n.name) === 'Action' && attr(n, 'type') === 'ShowTaskpane');
    for (const action of taskpaneActions) {
      const loc = child(action, 'SourceLocation');
      if (loc && attr(loc, 'resid') !== attr(runtime, 'resid')) runtimeProblems.push(`The ShowTaskpane action (${where(action)}) opens resid "${attr(loc, 'resid')}", not the shared runtime's "${attr(runtime, 'resid')}".`);
    }
  }
  check('shared runtime (one long-lived page)', runtimeProblems);

  const cfProblems = [];
  let namespace;
  if (!cf) cfProblems.push('There is no <ExtensionPoint xsi:type="CustomFunctions"> in <AllFormFactors>.');
  else {
    if (local(cf.parent.name) !== 'AllFormFactors') cfProblems.push(`The CustomFunctions extension point (${where(cf)}) must be in <AllFormFactors>.`);
    for (const part of ['Script', 'Page', 'Metadata']) {
      const p = child(cf, part);
      if (!p || !child(p, 'SourceLocation') || !attr(child(p, 'SourceLocation'), 'resid')) cfProblems.push(`The CustomFunctions extension point (${where(cf)}) needs <${part}><SourceLocation resid="..."/></${part}>.`);
    }
    const ns = child(cf, 'Namespace');
    if (!ns || !attr(ns, 'resid')) cfProblems.push(`The CustomFunctions extension point (${where(cf)}) needs <Namespace resid="..."/>: the prefix of the functions (=CLAUSE.TOTALRATE).`);
    else {
      const strings = all.filter((n) => local(n.name) === 'String' && attr(n, 'id') === attr(ns, 'resid'));
      namespace = strings[0] && attr(strings[0], 'DefaultValue');
      if (!namespace) cfProblems.push(`The namespace resid "${attr(ns, 'resid')}" is not a <bt:String> of the resources.`);
      else if (!/^[A-Za-z][A-Za-z0-9.]{0,31}$/.test(namespace)) cfProblems.push(`The namespace "${namespace}" must be letters, digits and dots, starting with a letter, at most 32 characters.`);
      else if (options.namespace && namespace !== options.namespace) cfProblems.push(`The namespace is "${namespace}"; expected "${options.namespace}".`);
    }
  }
  check('CustomFunctions extension point and namespace', cfProblems, namespace ? `namespace ${namespace}` : undefined);

  // Resource ids
  const defined = new Map();
  const duplicateProblems = [];
  const resources = overrides && child(overrides, 'Resources');
  for (const group of resources ? resources.children : []) {
    for (const item of group.children) {
      const rid = attr(item, 'id');
      if (!rid) {
        duplicateProblems.push(`<${item.name}> (${where(item)}) has no id.`);
        continue;
      }
      if (defined.has(rid)) duplicateProblems.push(`The resource id "${rid}" is defined twice (${where(defined.get(rid))} and ${where(item)}).`);
      else defined.set(rid, item);
      if (rid.length > 32) duplicateProblems.push(`The resource id "${rid}" (${where(item)}) is longer than 32 characters.`);
      if (!attr(item, 'DefaultValue')) duplicateProblems.push(`The resource "${rid}" (${where(item)}) has no DefaultValue.`);
    }
  }
  const referenced = all.filter((n) => attr(n, 'resid') !== undefined);
  const undefinedProblems = [];
  for (const n of referenced) {
    const rid = attr(n, 'resid');
    if (!defined.has(rid)) undefinedProblems.push(`resid "${rid}" on <${n.name}> (${where(n)}, ${pathOf(n)}) is not defined in <Resources>: add it, or fix the id.`);
  }
  check('resource ids unique and complete', duplicateProblems);
  check('every resid is defined in Resources', undefinedProblems, `${referenced.length} references`);
  const used = new Set(referenced.map((n) => attr(n, 'resid')));
  const unusedProblems = [...defined.entries()].filter(([rid]) => !used.has(rid))
    .map(([rid, node]) => `The resource "${rid}" (${where(node)}) is defined but never used: remove it or reference it.`);
  check('every resource in Resources is used', unusedProblems, `${defined.size} resources`);

  // URLs
  const urls = [];
  for (const n of all) {
    const name = local(n.name);
    const value = attr(n, 'DefaultValue');
    if (value !== undefined && URL_ELEMENTS.has(name) && !(name === 'Image' && !attr(n, 'id') && attr(n, 'resid'))) urls.push({ node: n, url: value.trim() });
    if (name === 'AppDomain') urls.push({ node: n, url: n.text.trim() });
    for (const override of children(n, 'Override')) if (attr(override, 'Value')) urls.push({ node: override, url: attr(override, 'Value') });
  }
  const httpsProblems = urls.filter(({ url }) => !/^https:\/\/[^\s/]+/.test(url))
    .map(({ node, url }) => `<${node.name}> (${where(node)}) points at "${url}": every URL must be https:// (Office loads nothing over http).`);
  check('all URLs are https', httpsProblems, `${urls.length} URLs`);

  const fileProblems = [];
  const onDev = urls.filter(({ url, node }) => url.startsWith(devUrl) && local(node.name) !== 'AppDomain');
  const distDir = options.distDir;
  if (onDev.length && distDir) {
    if (!fs.existsSync(distDir)) {
      fileProblems.push(`${distDir} does not exist: run "npm run build:addin:dev" first.`);
    } else {
      for (const { node, url } of onDev) {
        const rel = decodeURIComponent(url.slice(devUrl.length).replace(/[?#].*$/, '')) || 'index.html';
        const file = path.join(distDir, ...rel.split('/'));
        if (!path.resolve(file).startsWith(path.resolve(distDir) + path.sep)) {
          fileProblems.push(`<${node.name}> (${where(node)}) points at "${url}", outside the served folder.`);
        } else if (!fs.existsSync(file) || !fs.statSync(file).isFile()) {
          fileProblems.push(`<${node.name}> (${where(node)}) points at "${url}", but ${path.join(path.basename(distDir), rel)} is not in the build: fix the URL, or build the add-in (npm run build:addin:dev).`);
        }
      }
    }
  }
  check(`every URL on ${devUrl} maps to a file in ${distDir ? path.basename(distDir) : 'dist'}/`, fileProblems, `${onDev.length} URLs`);

  // Icons: declared sizes match the PNGs in the build
  const iconProblems = [];
  if (distDir && fs.existsSync(distDir)) {
    const fileOf = (url) => (url && url.startsWith(devUrl) ? path.join(distDir, ...url.slice(devUrl.length).replace(/[?#].*$/, '').split('/')) : null);
    const expect = [];
    const iconUrl = child(root, 'IconUrl');
    const hiRes = child(root, 'HighResolutionIconUrl');
    if (iconUrl) expect.push({ node: iconUrl, url: attr(iconUrl, 'DefaultValue'), size: 32 });
    if (hiRes) expect.push({ node: hiRes, url: attr(hiRes, 'DefaultValue'), size: 64 });
    for (const use of all.filter((n) => local(n.name) === 'Image' && attr(n, 'resid') && attr(n, 'size'))) {
      const image = defined.get(attr(use, 'resid'));
      if (image) expect.push({ node: use, url: attr(image, 'DefaultValue'), size: Number(attr(use, 'size')) });
    }
    for (const { node, url, size } of expect) {
      const file = fileOf(url);
      if (!file || !fs.existsSync(file)) continue; // reported above
      const actual = pngSize(file);
      if (!actual) iconProblems.push(`<${node.name}> (${where(node)}): ${url} is not a PNG image.`);
      else if (actual.width !== size || actual.height !== size) iconProblems.push(`<${node.name}> (${where(node)}) wants a ${size}×${size} icon; ${url} is ${actual.width}×${actual.height}.`);
    }
  }
  check('icon sizes match their PNG files', iconProblems);

  // The generated custom functions metadata
  if (distDir && fs.existsSync(distDir) && cf) {
    const metadataProblems = [];
    const loc = child(child(cf, 'Metadata') || { children: [] }, 'SourceLocation');
    const metaUrl = loc && defined.get(attr(loc, 'resid')) && attr(defined.get(attr(loc, 'resid')), 'DefaultValue');
    let count = 0;
    if (metaUrl && metaUrl.startsWith(devUrl)) {
      const file = path.join(distDir, ...metaUrl.slice(devUrl.length).split('/'));
      if (fs.existsSync(file)) {
        try {
          const json = JSON.parse(fs.readFileSync(file, 'utf8'));
          count = Array.isArray(json.functions) ? json.functions.length : 0;
          if (!count) metadataProblems.push(`${path.basename(file)} lists no functions: check the @customfunction tags in src/functions/functions.ts.`);
          for (const f of json.functions || []) if (!/^[A-Za-z0-9_.]+$/.test(f.id || '')) metadataProblems.push(`${path.basename(file)}: function id "${f.id}" has characters other than letters, digits, _ and .`);
        } catch (err) {
          metadataProblems.push(`${path.basename(file)} is not valid JSON: ${err.message}`);
        }
      }
    }
    check('custom functions metadata lists functions', metadataProblems, count ? `${count} functions` : undefined);
  }

  return { ok: checks.every((c) => c.ok), checks };
}

/** The report as lines: ✔/✘ per check with its messages, then a summary. */
function formatReport(report) {
  const lines = [];
  for (const c of report.checks) {
    const note = c.ok && c.messages.length ? `  (${c.messages.join('; ')})` : '';
    lines.push(`${c.ok ? '✔' : '✘'} ${c.name}${note}`);
    if (!c.ok) for (const m of c.messages) lines.push(`    ${m}`);
  }
  const failed = report.checks.filter((c) => !c.ok).length;
  lines.push('');
  lines.push(failed ? `${failed} of ${report.checks.length} checks failed.` : `All ${report.checks.length} checks passed.`);
  return lines;
}

module.exports = { checkManifest, formatReport, parseXml, XmlError };
