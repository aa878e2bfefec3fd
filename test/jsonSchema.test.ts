import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { EDITOR_KEYWORDS, generateSchemas } from '../src/core/rulebook/jsonSchema';
import { FILE_SCHEMAS } from '../src/core/rulebook/schema';
import { OPERATOR_NAMES } from '../src/core/operators';
import { COMPUTATIONS, REFERENCES } from '../src/core/rulebook/expressions';

const ROOT = path.resolve(__dirname, '..', '..');
const SCHEMA_DIR = path.join(ROOT, 'rules', 'schema');
const RULEBOOK_DIR = path.join(ROOT, 'rules', 'us-japan-2025');

function jsonFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? jsonFiles(path.join(dir, e.name)) : e.name.endsWith('.json') ? [path.join(dir, e.name)] : []))
    .sort();
}

function makeAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  ajv.addVocabulary([...EDITOR_KEYWORDS]);
  addFormats(ajv);
  return ajv;
}

const ajv = makeAjv();
const validators = new Map<string, ValidateFunction>();

/** The validator for a committed schema file, such as rules.schema.json. */
function validatorFor(fileName: string): ValidateFunction {
  let validate = validators.get(fileName);
  if (!validate) {
    const schema: unknown = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, fileName), 'utf8'));
    validate = ajv.compile(schema as object);
    validators.set(fileName, validate);
  }
  return validate;
}

function errorsOf(validate: ValidateFunction): string {
  return (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message ?? ''}`).join('\n');
}

function accepts(fileName: string, doc: unknown): void {
  const validate = validatorFor(fileName);
  assert.ok(validate(doc), `${fileName} should accept the document:\n${errorsOf(validate)}`);
}

/** Rejected, with an error at or below `at` (a JSON pointer). */
function rejects(fileName: string, doc: unknown, at: string): void {
  const validate = validatorFor(fileName);
  assert.equal(validate(doc), false, `${fileName} should reject the document`);
  const paths = (validate.errors ?? []).map((e) => e.instancePath);
  assert.ok(paths.some((p) => p === at || p.startsWith(`${at}/`)), `expected an error at ${at}, got:\n${errorsOf(validate)}`);
}

const citation = { source: 'MOU', section: 'Funding of selected projects', grade: 'S' };

function rulesDoc(conditions: unknown, value: unknown, rule: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    $schema: '../../schema/rules.schema.json',
    computed: {
      deadline: { subject: 'project', type: 'date', title: 'Deadline', clause: citation, value },
    },
    rules: [{
      id: 'R1.late', title: 'Late', subject: 'project', clause: citation,
      conditions, outcome: 'breach', message: 'Late by {daysLate} days', ...rule,
    }],
  };
}

const goodValue = {
  addDays: { date: { fact: 'selectionNoticeDate' }, days: { param: 'fundingPeriod.days' }, dayType: 'business', calendar: 'US' },
};
const goodConditions = {
  all: [
    { fact: 'stage', operator: 'in', value: ['selected', 'funded'] },
    { fact: 'fundedDate', operator: 'isEmpty' },
    { not: { fact: 'deadline', operator: 'after', value: { fact: 'asOf' } } },
  ],
};

function parametersDoc(from: string): Record<string, unknown> {
  return {
    $schema: '../schema/parameters.schema.json',
    parameters: {
      'fundingPeriod.days': {
        title: 'Funding period', description: 'Days to fund', type: 'number',
        values: [{ from, value: 45, citation }],
      },
    },
  };
}

describe('JSON Schemas for rulebook files', () => {
  const generated = generateSchemas();

  it('are committed in rules/schema exactly as generated', () => {
    assert.deepEqual(Object.keys(generated).sort(), Object.keys(FILE_SCHEMAS).map((k) => `${k}.schema.json`).sort());
    const committed = fs.existsSync(SCHEMA_DIR) ? fs.readdirSync(SCHEMA_DIR).filter((f) => f.endsWith('.json')).sort() : [];
    assert.deepEqual(committed, Object.keys(generated).sort(), 'rules/schema/ holds other files than the generated ones: run npm run schema');
    for (const [name, text] of Object.entries(generated)) {
      const onDisk = fs.readFileSync(path.join(SCHEMA_DIR, name), 'utf8');
      assert.ok(onDisk === text, `rules/schema/${name} is out of date with the zod schemas: run npm run schema`);
    }
  });

  it('generate the same bytes every time', () => {
    assert.deepEqual(generateSchemas(), generated);
  });

  it('are valid draft-07 schemas that allow "$schema" and name the full vocabulary', () => {
    for (const [name, text] of Object.entries(generated)) {
      const schema = JSON.parse(text) as { $schema: string; title: string; properties: Record<string, unknown> };
      assert.equal(schema.$schema, 'http://json-schema.org/draft-07/schema#');
      assert.ok(schema.title.startsWith('Clausewise'), name);
      assert.ok('$schema' in schema.properties, `${name} must allow the "$schema" property`);
      assert.ok(makeAjv().validateSchema(schema), `${name}: ${JSON.stringify(ajv.errors)}`);
    }
    const rules = JSON.parse(generated['rules.schema.json'] ?? '{}') as { definitions: Record<string, { enum?: unknown; anyOf?: { properties?: object }[] }> };
    assert.deepEqual(rules.definitions.Operator?.enum, OPERATOR_NAMES);
    const forms = (rules.definitions.Formula?.anyOf ?? []).flatMap((alt) => Object.keys(alt.properties ?? {}));
    for (const key of [...Object.keys(REFERENCES), ...Object.keys(COMPUTATIONS)]) assert.ok(forms.includes(key), `Formula lacks "${key}"`);
  });

  describe('accept every file of rules/us-japan-2025', () => {
    for (const file of jsonFiles(RULEBOOK_DIR)) {
      const rel = path.relative(ROOT, file);
      it(rel, () => {
        const doc = JSON.parse(fs.readFileSync(file, 'utf8')) as { $schema?: unknown };
        assert.equal(typeof doc.$schema, 'string', `${rel} has no "$schema"`);
        const schemaFile = path.resolve(path.dirname(file), String(doc.$schema));
        assert.equal(path.dirname(schemaFile), SCHEMA_DIR, `${rel}: "$schema" must point into rules/schema/`);
        assert.ok(fs.existsSync(schemaFile), `${rel}: ${String(doc.$schema)} does not exist`);
        accepts(path.basename(schemaFile), doc);
      });
    }
  });

  describe('reject broken documents', () => {
    it('accepts the well-formed documents the broken ones are made from', () => {
      accepts('rules.schema.json', rulesDoc(goodConditions, goodValue));
      accepts('parameters.schema.json', parametersDoc('2025-09-04'));
    });

    it('an unknown operator', () => {
      rejects('rules.schema.json', rulesDoc({ all: [{ fact: 'stage', operator: 'isOneOf', value: ['selected'] }] }, goodValue), '/rules/0/conditions');
    });

    it('a value where the operator takes none, and no value where it needs one', () => {
      rejects('rules.schema.json', rulesDoc({ fact: 'fundedDate', operator: 'isEmpty', value: '2025-01-01' }, goodValue), '/rules/0/conditions');
      rejects('rules.schema.json', rulesDoc({ fact: 'fundedDate', operator: 'before' }, goodValue), '/rules/0/conditions');
      rejects('rules.schema.json', rulesDoc({ fact: 'stage', operator: 'in', value: 'selected' }, goodValue), '/rules/0/conditions');
    });

    it('an unknown computation key', () => {
      rejects('rules.schema.json', rulesDoc(goodConditions, { addBusinessDays: { date: { fact: 'selectionNoticeDate' }, days: 45 } }), '/computed/deadline/value');
      rejects('rules.schema.json', rulesDoc(goodConditions, { addDays: { date: { fact: 'selectionNoticeDate' }, days: 45, unit: 'business' } }), '/computed/deadline/value');
      rejects('rules.schema.json', rulesDoc(goodConditions, { difference: [1, 2, 3] }), '/computed/deadline/value');
    });

    it('a computation inside a condition value', () => {
      rejects('rules.schema.json', rulesDoc({ fact: 'fundedDate', operator: 'after', value: { max: [{ fact: 'asOf' }] } }, goodValue), '/rules/0/conditions');
    });

    it('a rule missing "clause"', () => {
      const doc = rulesDoc(goodConditions, goodValue);
      delete ((doc.rules as Record<string, unknown>[])[0] as Record<string, unknown>).clause;
      rejects('rules.schema.json', doc, '/rules/0');
      const validate = validatorFor('rules.schema.json');
      assert.ok(validate.errors?.some((e) => e.keyword === 'required' && (e.params as { missingProperty?: string }).missingProperty === 'clause'), errorsOf(validate));
    });

    it('a parameter value with a bad date', () => {
      for (const bad of ['16/09/2025', '2025-13-01', '2025-02-30', '2025-9-4']) {
        rejects('parameters.schema.json', parametersDoc(bad), '/parameters/fundingPeriod.days/values/0/from');
      }
    });
  });
});
