/**
 * The rulebook format: loadRulebook on in-memory copies of the real rulebook, each broken in one
 * place by a text edit, must report the problem at the file, line:column and JSON path of the
 * offending text, in words that say what is wrong and what was probably meant.
 */
import assert from 'node:assert/strict';
import { loadRulebook, type LoadResult, type RulebookFile } from '../src/core/rulebook/load';
import type { Issue, JsonPath } from '../src/core/rulebook/issues';
import { edit, FOLDER, position, positionIn, realRulebookFiles } from './support/fixtures';

const load = (files: readonly RulebookFile[]): Promise<LoadResult> => loadRulebook(FOLDER, files);

const errorsOf = (r: LoadResult): Issue[] => r.issues.filter((i) => i.severity === 'error');

const where = (i: Issue) => `${i.file}:${i.line}:${i.column} ${JSON.stringify(i.path)} ${i.message}`;

/** The load failed with exactly one error, and that error is the one described. */
async function onlyError(files: readonly RulebookFile[], expected: { file: string; line: number; column: number; path: JsonPath; includes: string[] }): Promise<Issue> {
  const result = await load(files);
  const errors = errorsOf(result);
  assert.equal(result.rulebook, undefined, 'a rulebook with an error must not be returned');
  assert.equal(errors.length, 1, `expected one error, got:\n${errors.map(where).join('\n')}`);
  const issue = errors[0]!;
  assert.equal(issue.file, `${FOLDER}/${expected.file}`);
  assert.deepEqual({ line: issue.line, column: issue.column }, { line: expected.line, column: expected.column }, where(issue));
  assert.deepEqual(issue.path, expected.path);
  for (const words of expected.includes) assert.ok(issue.message.includes(words), `message lacks ${JSON.stringify(words)}: ${issue.message}`);
  return issue;
}

/** The T1 tariff rules (T1.raised-to-all-in-rate is rules[4], its column 1 rate test conditions.all[6]). */
const RULES_T = 'rules/tariffs-t1-general.json';
/** Origin, Section 232 metals and T7 (T0.not-of-japanese-origin is rules[0]). */
const RULES_SCOPE = 'rules/tariffs-scope.json';
const RULES_I = 'rules/investment-funding.json';
/** The column 1 rate condition of T1.raised-to-all-in-rate, as the file writes it. */
const T1_RATE_TEST = '"fact": "column1Rate",\n            "operator": "lessThan"';

describe('rulebook format (loadRulebook)', () => {
  let real: RulebookFile[];
  before(() => {
    real = realRulebookFiles();
  });

  it('loads the real rulebook with no errors and no warnings', async () => {
    const result = await load(real);
    assert.deepEqual(result.issues.map(where), []);
    const rb = result.rulebook;
    assert.ok(rb);
    assert.equal(rb.manifest.id, 'us-japan-2025');
    assert.match(rb.digest, /^[0-9a-f]{64}$/);
    // The definitions the other tests rely on (the rulebook may grow; these must stay).
    const has = (names: Iterable<string>, wanted: string[]) => {
      const all = [...names];
      for (const w of wanted) assert.ok(all.includes(w), `${w} missing from ${all.join(', ')}`);
    };
    has(rb.subjects.keys(), ['project', 'tariffLine']);
    has(rb.calendars.keys(), ['US', 'JP', 'US+JP']);
    has(rb.parameters.keys(), [
      'fundingPeriod.calendar', 'fundingPeriod.dayType', 'fundingPeriod.days', 'fundingPeriod.meaning', 'reinstatedRate', 't1.allInRate',
      't6.section122Rate', 'section301.floorRate', 't7.benefitsWithdrawn', 'investmentWindow.end',
    ]);
    const ids = rb.rules.map((r) => r.definition.id);
    has(ids, [
      'I2.not-yet-selected', 'I3.notice-date-missing', 'I3.awaiting-funding', 'I3.unfunded-after-deadline',
      'I3.funded-by-deadline', 'I3.funded-after-deadline', 'I3.funded-date-missing', 'I4.declined',
      'T0.not-of-japanese-origin', 'T1.entered-before-agreement', 'T1.raised-to-all-in-rate', 'T1.at-or-above-all-in-rate',
      'T6.section-122-surcharge', 'T6.regime-unconfirmed',
    ]);
    has(rb.scenarios.keys(), ['funding-as-earliest', 'section-301-floor', 'tariffs-reinstated', 'zero-rate-generics']);
    // Rules keep file order (files by name, rules in file order).
    assert.ok(ids.indexOf('I2.not-yet-selected') < ids.indexOf('I4.declined'));
    assert.ok(ids.indexOf('I4.declined') < ids.indexOf('T0.not-of-japanese-origin'));
    assert.deepEqual(rb.rules.map((r) => r.order), rb.rules.map((_, i) => i));
    // Computed values ordered so each follows the values it reads.
    const order = [...rb.computed.keys()];
    assert.ok(order.indexOf('fundingPeriodEnd') < order.indexOf('fundingDeadline'));
    assert.ok(order.indexOf('fundingDeadline') < order.indexOf('businessDaysRemaining'));
    assert.ok(order.indexOf('fundedByAsOf') < order.indexOf('daysLate'));
  });

  it('gives the same digest whatever order the files come in, and another digest when any text changes', async () => {
    const a = (await load(real)).rulebook!.digest;
    const b = (await load([...real].reverse())).rulebook!.digest;
    assert.equal(b, a);
    const changed = edit(real, 'parameters.json', '"unit": "days",', '"unit": "days" ,');
    assert.notEqual((await load(changed.files)).rulebook!.digest, a);
  });

  describe('JSON syntax', () => {
    it('a trailing comma: at the token after the comma, saying there is a comma too many', async () => {
      const e = edit(real, RULES_T, '"heading": "9903.02.73"\n      }', '"heading": "9903.02.73",\n      }');
      const result = await load(e.files);
      const errors = errorsOf(result);
      assert.equal(result.rulebook, undefined);
      assert.ok(errors.length >= 1);
      const at = positionIn(e, '}');
      for (const issue of errors) {
        assert.equal(issue.file, `${FOLDER}/${RULES_T}`);
        assert.deepEqual({ line: issue.line, column: issue.column }, at, where(issue));
        assert.deepEqual(issue.path, []);
        assert.ok(issue.message.startsWith('This is not valid JSON: '), issue.message);
      }
      assert.ok(errors.some((i) => i.message.includes('comma too many')), errors.map(where).join('\n'));
    });

    it('a doubled comma inside an object: at the second comma', async () => {
      const e = edit(real, 'parameters.json', '"unit": "days",', '"unit": "days",,');
      const errors = errorsOf(await load(e.files));
      const at = positionIn(e, ',,');
      assert.ok(errors.length >= 1);
      for (const issue of errors) assert.deepEqual({ file: issue.file, line: issue.line, column: issue.column }, { file: `${FOLDER}/parameters.json`, line: at.line, column: at.column + 1 });
      assert.ok(errors.some((i) => i.message.includes('comma too many')));
    });

    it('a missing comma: at the next member, saying a comma is missing', async () => {
      const e = edit(real, 'subjects.json', '"key": "project",', '"key": "project"');
      const next = e.text.indexOf('"date"', e.offset);
      await onlyError(e.files, { file: 'subjects.json', ...position(e.text, next), path: [], includes: ['This is not valid JSON', 'a comma is missing'] });
    });

    it('a duplicate key: at the second key, naming it', async () => {
      const e = edit(real, 'rulebook.json', '"version": "1.1.0",', '"version": "1.1.0",\n  "version": "1.1.1",');
      await onlyError(e.files, { file: 'rulebook.json', ...positionIn(e, '"version"', 1), path: ['version'], includes: ['"version" appears twice', 'JSON keeps only the last one'] });
    });

    it('a comment: JSON does not allow comments', async () => {
      const e = edit(real, 'calendars.json', '"calendars": {', '"calendars": { // business days');
      const errors = errorsOf(await load(e.files));
      assert.ok(errors.length >= 1);
      assert.deepEqual({ line: errors[0]!.line, column: errors[0]!.column }, positionIn(e, '//'));
      assert.ok(errors[0]!.message.includes('comments'), errors[0]!.message);
    });
  });

  describe('fields (zod schemas)', () => {
    it('an unknown field: at the field, with "Did you mean" and the allowed fields', async () => {
      const e = edit(real, 'calendars.json', '"weekend": ["Saturday", "Sunday"],\n      "holidays": ["us-federal"]', '"weekends": ["Saturday", "Sunday"],\n      "holidays": ["us-federal"]');
      await onlyError(e.files, {
        file: 'calendars.json', ...positionIn(e, '"weekends"'), path: ['calendars', 'US', 'weekends'],
        includes: ['"weekends" is not a field here.', 'Did you mean "weekend"?', 'Allowed fields: "title", "weekend", "holidays"'],
      });
    });

    it('a misspelt required field: both the unknown field and the missing one are reported', async () => {
      const e = edit(real, 'calendars.json', '"title": "Days that', '"titel": "Days that');
      const errors = errorsOf(await load(e.files));
      assert.equal(errors.length, 2, errors.map(where).join('\n'));
      const unknown = errors.find((i) => i.path.join('/') === 'calendars/US+JP/titel');
      const missing = errors.find((i) => i.path.join('/') === 'calendars/US+JP/title');
      assert.ok(unknown && missing, errors.map(where).join('\n'));
      assert.deepEqual({ line: unknown.line, column: unknown.column }, positionIn(e, '"titel"'));
      assert.ok(unknown.message.includes('Did you mean "title"?'));
      assert.ok(missing.message.includes('"title" is missing'));
    });

    it('an outcome that is not a status word of the subject: names the value and suggests the right one', async () => {
      // I2.not-yet-selected, rules[0]; checked against the subject's status words (a cross-reference, after the schemas).
      const e = edit(real, RULES_I, '"outcome": "not-selected",', '"outcome": "not-selceted",');
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '"outcome"'), path: ['rules', 0, 'outcome'],
        includes: ['"not-selceted" is not a status of project rows.', 'Did you mean "not-selected"?'],
      });
    });

    it('a badly written date: says how to write it', async () => {
      const e = edit(real, 'parameters.json', '"from": "2025-07-07"', '"from": "2025-7-7"');
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"from"'), path: ['parameters', 'reinstatedRate', 'values', 0, 'from'],
        includes: ['must be a date written YYYY-MM-DD'],
      });
    });
  });

  describe('rules and computed values', () => {
    it('an unknown operator: suggests greaterThan for greaterThen', async () => {
      const e = edit(real, RULES_T, '"operator": "lessThan"', '"operator": "greaterThen"');
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"operator"'), path: ['rules', 4, 'conditions', 'all', 6, 'operator'],
        includes: ['"greaterThen" is not an operator.', 'Did you mean "greaterThan"?', '"onOrBefore"'],
      });
    });

    it('an unknown fact in a condition: suggests the column and lists the known facts', async () => {
      const e = edit(real, RULES_T, T1_RATE_TEST, T1_RATE_TEST.replace('"column1Rate"', '"columnRate"'));
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"fact"'), path: ['rules', 4, 'conditions', 'all', 6, 'fact'],
        includes: ['"columnRate" is not a column, computed value or built-in fact of a tariffLine row.', 'Did you mean "column1Rate"?', 'Known facts:'],
      });
    });

    it('a parameter named as a fact: says to write { "param": … }', async () => {
      const e = edit(real, RULES_T, T1_RATE_TEST, T1_RATE_TEST.replace('"column1Rate"', '"reinstatedRate"'));
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"fact"'), path: ['rules', 4, 'conditions', 'all', 6, 'fact'],
        includes: ['"reinstatedRate" is a parameter: write { "param": "reinstatedRate" }'],
      });
    });

    it('an unknown parameter in a { "param" } reference: suggests the parameter', async () => {
      const from = '"operator": "lessThan",\n            "value": {\n              "param": "t1.allInRate"\n';
      const e = edit(real, RULES_T, from, from.replace('"t1.allInRate"', '"t1.allInRat"'));
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"param"'), path: ['rules', 4, 'conditions', 'all', 6, 'value', 'param'],
        includes: ['There is no parameter "t1.allInRat" in parameters.json.', 'Did you mean "t1.allInRate"?'],
      });
    });

    it('an unknown parameter in a formula of a computed value', async () => {
      // The 45 days are added in fundingPeriodEnd (fundingDeadline and earliestFundingDate read it).
      const from = '"days": {\n                  "param": "fundingPeriod.days"\n';
      const e = edit(real, RULES_I, from, from.replace('"fundingPeriod.days"', '"fundingPeriod.day"'));
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '"param"'), path: ['computed', 'fundingPeriodEnd', 'value', 'choose', 0, 'then', 'addDays', 'days', 'param'],
        includes: ['There is no parameter "fundingPeriod.day"', 'Did you mean "fundingPeriod.days"?'],
      });
    });

    it('an unknown computation key: suggests addDays and lists the computations', async () => {
      const e = edit(real, RULES_I, '"addDays": {', '"addDayz": {');
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '"addDayz"'), path: ['computed', 'fundingPeriodEnd', 'value', 'choose', 0, 'then', 'addDayz'],
        includes: ['"addDayz" is not a computation Clausewise knows.', 'Did you mean "addDays"?', '"daysBetween"'],
      });
    });

    it('a date operator on a number fact: says it compares dates and what to use instead', async () => {
      const e = edit(real, RULES_T, `{\n            ${T1_RATE_TEST}`, `{\n            ${T1_RATE_TEST.replace('"lessThan"', '"before"')}`);
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '{'), path: ['rules', 4, 'conditions', 'all', 6],
        includes: ['"before" compares dates', 'the computed value "column1Rate" is a rate', 'Use lessThan / greaterThan'],
      });
    });

    it('a number operator on a date fact: says to use before / after', async () => {
      const from = '{\n            "fact": "fundingDeadline",\n            "operator": "before",\n            "value": {\n              "fact": "asOf"\n            }\n          }';
      const e = edit(real, RULES_I, from, from.replace('"before"', '"lessThan"'));
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '{'), path: ['rules', 3, 'conditions', 'all', 3],
        includes: ['"lessThan" compares numbers', 'the computed value "fundingDeadline" is a date', 'Use before / after for dates'],
      });
    });

    it('an enum value the column cannot take ("selceted"): suggests "selected" and lists the values', async () => {
      // I4.declined, the last rule of the file.
      const from = '"operator": "equal",\n            "value": "declined"\n          }\n        ]\n      },';
      const e = edit(real, RULES_I, from, from.replace('"declined"', '"selceted"'));
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '"value"'), path: ['rules', 11, 'conditions', 'all', 0, 'value'],
        includes: ['"selceted" is not a value the column "Stage" can take.', 'Did you mean "selected"?', '"candidate", "consulted"'],
      });
    });

    it('an enum value in an "in" list: at that list item', async () => {
      const from = '"value": [\n              "candidate",\n              "consulted",\n              "recommended"\n            ]';
      const e = edit(real, RULES_I, from, from.replace('"recommended"', '"recomended"'));
      await onlyError(e.files, {
        file: RULES_I, ...positionIn(e, '"recomended"'), path: ['rules', 0, 'conditions', 'all', 0, 'value', 2],
        includes: ['"recomended" is not a value the column "Stage" can take.', 'Did you mean "recommended"?'],
      });
    });

    it('a message template showing an unknown {name}: suggests the fact', async () => {
      const e = edit(real, RULES_I, '"Stage is {stage}: Japan', '"Stage is {stagee}: Japan');
      // The issue points at the message property (the template as a whole).
      const keyOffset = e.text.lastIndexOf('"message"', e.offset);
      await onlyError(e.files, {
        file: RULES_I, ...position(e.text, keyOffset), path: ['rules', 0, 'message'],
        includes: ['The message shows {stagee}', 'a project row has no fact or output "stagee".', 'Did you mean "stage"?'],
      });
    });

    it('a message template showing an unknown {param:name}: suggests the parameter', async () => {
      const e = edit(real, RULES_I, '({param:fundingPeriod.days} ', '({param:fundingPeriod.dayz} ');
      const keyOffset = e.text.lastIndexOf('"message"', e.offset);
      await onlyError(e.files, {
        file: RULES_I, ...position(e.text, keyOffset), path: ['rules', 2, 'message'],
        includes: ['The message shows {param:fundingPeriod.dayz}', 'there is no parameter "fundingPeriod.dayz".', 'Did you mean "fundingPeriod.days"?'],
      });
    });

    it('a rule setting an output its subject does not declare', async () => {
      const e = edit(real, RULES_T, '"heading": "9903.02.73"', '"headng": "9903.02.73"');
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"headng"'), path: ['rules', 4, 'outputs', 'headng'],
        includes: ['"headng" is not an output of tariffLine rows.', 'Did you mean "heading"?', 'Declare it under "outputs" in subjects.json'],
      });
    });

    it('a rule setting an output that has its own formula', async () => {
      const e = edit(real, RULES_T, '"heading": "9903.02.73"', '"heading": "9903.02.73",\n        "duty": 0');
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"duty"'), path: ['rules', 4, 'outputs', 'duty'],
        includes: ['The output "duty" has a formula in subjects.json, so a rule cannot set it.'],
      });
    });

    it('computed values that depend on each other in a circle', async () => {
      // fundingPeriodEnd reads fundedByAsOf, fundedByAsOf reads fundingDeadline, which reads fundingPeriodEnd.
      const a = edit(real, RULES_I, '"date": {\n                  "fact": "selectionNoticeDate"\n                }', '"date": { "coalesce": [ { "fact": "selectionNoticeDate" }, { "fact": "fundedByAsOf" } ] }');
      const fundedByAsOf = '"operator": "onOrBefore",\n              "value": {\n                "fact": "asOf"\n              }\n            },\n            "then"';
      const b = edit(a.files, RULES_I, fundedByAsOf, fundedByAsOf.replace('"asOf"', '"fundingDeadline"'));
      // Reported at the "value" of the first computed value of the circle.
      const valueKey = b.text.indexOf('"value"', b.text.indexOf('"fundingPeriodEnd": {'));
      await onlyError(b.files, {
        file: RULES_I, ...position(b.text, valueKey), path: ['computed', 'fundingPeriodEnd', 'value'],
        includes: ['fundingPeriodEnd → fundedByAsOf → fundingDeadline → fundingPeriodEnd', 'depend on each other in a circle'],
      });
    });

    it('a rule for an unknown subject: suggests the subject', async () => {
      const from = '"description": "Goods whose country of origin is not Japan are outside the agreement\'s tariff terms.",\n      "subject": "tariffLine"';
      const e = edit(real, RULES_SCOPE, from, from.replace('"tariffLine"', '"tarifLine"'));
      await onlyError(e.files, {
        file: RULES_SCOPE, ...positionIn(e, '"subject"'), path: ['rules', 0, 'subject'],
        includes: ['"tarifLine" is not a subject in subjects.json.', 'Did you mean "tariffLine"?', 'Subjects: "project" and "tariffLine"'],
      });
    });

    it('a computed value for an unknown subject: reported first, before the uses of that value it breaks', async () => {
      const e = edit(real, RULES_I, '"fundedByAsOf": {\n      "subject": "project"', '"fundedByAsOf": {\n      "subject": "projet"');
      const result = await load(e.files);
      const [first, ...rest] = errorsOf(result);
      assert.ok(first);
      assert.deepEqual([first.file, first.line, first.column], [`${FOLDER}/${RULES_I}`, positionIn(e, '"subject"').line, positionIn(e, '"subject"').column]);
      assert.deepEqual(first.path, ['computed', 'fundedByAsOf', 'subject']);
      assert.ok(first.message.includes('"projet" is not a subject in subjects.json. Did you mean "project"?'), first.message);
      // Every other error is a consequence: a project row no longer has fundedByAsOf.
      for (const issue of rest) assert.ok(issue.message.includes('"fundedByAsOf"'), where(issue));
    });

    it('a duplicate rule id: at the second one, naming the file of the first', async () => {
      const e = edit(real, RULES_T, '"id": "T1.at-or-above-all-in-rate"', '"id": "T1.raised-to-all-in-rate"');
      await onlyError(e.files, {
        file: RULES_T, ...positionIn(e, '"id"'), path: ['rules', 5, 'id'],
        includes: ['The rule id "T1.raised-to-all-in-rate" is already defined in us-japan-2025/rules/tariffs-t1-general.json'],
      });
    });

    it('a duplicate rule id across files', async () => {
      const e = edit(real, RULES_SCOPE, '"id": "T0.not-of-japanese-origin"', '"id": "I4.declined"');
      await onlyError(e.files, {
        file: RULES_SCOPE, ...positionIn(e, '"id"'), path: ['rules', 0, 'id'],
        includes: ['The rule id "I4.declined" is already defined in us-japan-2025/rules/investment-funding.json'],
      });
    });

    it('a citation naming a source rulebook.json does not list', async () => {
      const e = edit(real, 'calendars.json', '"source": "5 U.S.C. 6103"', '"source": "5 USC 6103"');
      await onlyError(e.files, {
        file: 'calendars.json', ...positionIn(e, '"source"'), path: ['calendars', 'US', 'citation', 'source'],
        includes: ['The citation names the source "5 USC 6103", which rulebook.json does not list.', 'Did you mean "5 U.S.C. 6103"?'],
      });
    });

    it('a rule clause naming an unlisted source', async () => {
      const from = '"source": "EO 14345",\n        "section": "§1 and §2(a) (products of Japan)"';
      const e = edit(real, RULES_SCOPE, from, from.replace('"EO 14345"', '"EO 14354"'));
      await onlyError(e.files, {
        file: RULES_SCOPE, ...positionIn(e, '"source"'), path: ['rules', 0, 'clause', 'source'],
        includes: ['"EO 14354", which rulebook.json does not list.', 'Did you mean "EO 14345"?'],
      });
    });
  });

  describe('parameters', () => {
    const T1_SECOND = '{\n          "from": "2026-02-24",\n          "value": null';
    const at = (from: string) => T1_SECOND.replace('"2026-02-24"', `"${from}"`);

    it('dated values with a gap: names the uncovered days', async () => {
      const e = edit(real, 'parameters.json', T1_SECOND, at('2026-03-01'));
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"from"'), path: ['parameters', 't1.allInRate', 'values', 1, 'from'],
        includes: ['No value covers 2026-02-24 to 2026-02-28', 'the one before ends 2026-02-23 and this one starts 2026-03-01', '"value": null'],
      });
    });

    it('dated values that overlap: says where to end the earlier one', async () => {
      const e = edit(real, 'parameters.json', T1_SECOND, at('2026-02-20'));
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"from"'), path: ['parameters', 't1.allInRate', 'values', 1, 'from'],
        includes: ['This value starts 2026-02-20, but the one before runs to 2026-02-23: the periods overlap.', 'End the earlier one on 2026-02-19.'],
      });
    });

    it('dated values out of order', async () => {
      const e = edit(real, 'parameters.json', T1_SECOND, at('2025-08-01'));
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"from"'), path: ['parameters', 't1.allInRate', 'values', 1, 'from'],
        includes: ['Values must be listed in date order: this one starts 2025-08-01, the one before starts 2025-08-07.'],
      });
    });

    it('a period that ends before it starts', async () => {
      const e = edit(real, 'parameters.json', '{\n          "from": "2025-08-07",\n          "to": "2026-02-23"', '{\n          "from": "2025-08-07",\n          "to": "2025-08-01"');
      const errors = errorsOf(await load(e.files));
      const issue = errors.find((i) => i.path.join('/') === 'parameters/t1.allInRate/values/0/to');
      assert.ok(issue, errors.map(where).join('\n'));
      assert.deepEqual({ line: issue.line, column: issue.column }, positionIn(e, '"to"'));
      assert.ok(issue.message.includes('This period ends (2025-08-01) before it starts (2025-08-07).'));
    });

    it('an enum parameter value that is not allowed: suggests the allowed one', async () => {
      const e = edit(real, 'parameters.json', '"value": "business",\n          "citation"', '"value": "busines",\n          "citation"');
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"value"'), path: ['parameters', 'fundingPeriod.dayType', 'values', 0, 'value'],
        includes: ['The value of "fundingPeriod.dayType" must be one of "business" and "calendar", not "busines".', 'Did you mean "business"?'],
      });
      const { issues } = await loadRulebook('us-japan-2025', e.files);
      assert.ok(issues.every((i) => !i.message.endsWith('?.')), 'a sentence ending in a question is not given a second full stop');
    });

    it('a calendar parameter naming an unknown calendar: lists the calendars', async () => {
      const e = edit(real, 'parameters.json', '"value": "US",\n          "citation"', '"value": "USA",\n          "citation"');
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"value"'), path: ['parameters', 'fundingPeriod.calendar', 'values', 0, 'value'],
        includes: ['must name a calendar defined in calendars.json ("US", "JP", "US+JP" and "US-FED"), not "USA".'],
      });
    });

    it('an alternative of the wrong type', async () => {
      const e = edit(real, 'parameters.json', '"value": 0.24,\n          "note"', '"value": "24%",\n          "note"');
      await onlyError(e.files, {
        file: 'parameters.json', ...positionIn(e, '"value"'), path: ['parameters', 'reinstatedRate', 'alternatives', 0, 'value'],
        includes: ['This alternative for "reinstatedRate" must be a rate written as a fraction (0.15 for 15%), not "24%"'],
      });
    });

    it('a calendar combining an unknown calendar', async () => {
      const e = edit(real, 'calendars.json', '"closedWhenClosedIn": ["US", "JP"]', '"closedWhenClosedIn": ["US", "JPN"]');
      await onlyError(e.files, {
        file: 'calendars.json', ...positionIn(e, '"JPN"'), path: ['calendars', 'US+JP', 'closedWhenClosedIn', 1],
        includes: ['"JPN" is not a calendar defined here.', 'Did you mean "JP"?'],
      });
    });
  });

  describe('files', () => {
    it('a missing rulebook.json', async () => {
      const files = real.filter((f) => f.path !== 'rulebook.json');
      await onlyError(files, { file: 'rulebook.json', line: 1, column: 1, path: [], includes: ['needs a rulebook.json', 'none was found'] });
    });

    it('a missing subjects.json', async () => {
      const files = real.filter((f) => f.path !== 'subjects.json');
      const errors = errorsOf(await load(files));
      const issue = errors.find((i) => i.file === `${FOLDER}/subjects.json`);
      assert.ok(issue, errors.map(where).join('\n'));
      assert.deepEqual([issue.line, issue.column], [1, 1]);
      assert.ok(issue.message.includes('needs a subjects.json'));
    });

    it('a JSON file outside the layout is ignored with a warning', async () => {
      const result = await load([...real, { path: 'notes/extra.json', text: '{}' }]);
      assert.ok(result.rulebook);
      assert.equal(errorsOf(result).length, 0);
      const issues = result.issues;
      assert.deepEqual(issues.map((i) => [i.file, i.severity]), [[`${FOLDER}/notes/extra.json`, 'warning']]);
      assert.ok(issues[0]!.message.includes('not part of the rulebook layout'));
    });
  });

  describe('test cases (tests/*.json)', () => {
    const CASES = `{
  "tests": [
    {
      "name": "selected, awaiting funding",
      "asOf": "2026-04-01",
      "row": { "Project": "A", "Stage": "selected", "Selection notice date": "2026-02-17" },
      "expect": { "status": "awaiting-funding", "findings": ["I3.awaiting-funding"], "outputs": { "fundingDeadline": "2026-04-21" } }
    }
  ]
}
`;

    it('a valid test file loads', async () => {
      const before = (await load(real)).rulebook!.tests.length;
      const result = await load([...real, { path: 'tests/cases.json', text: CASES }]);
      assert.deepEqual(result.issues.map(where), []);
      assert.equal(result.rulebook!.tests.length, before + 1);
      assert.ok(result.rulebook!.tests.some((t) => t.definition.name === 'selected, awaiting funding' && t.origin.file === `${FOLDER}/tests/cases.json`));
    });

    it('a test expecting an unknown rule: suggests the rule id', async () => {
      const e = edit([...real, { path: 'tests/cases.json', text: CASES }], 'tests/cases.json', '"findings": ["I3.awaiting-funding"]', '"findings": ["I3.awaiting-fundng"]');
      await onlyError(e.files, {
        file: 'tests/cases.json', ...positionIn(e, '"I3.awaiting-fundng"'), path: ['tests', 0, 'expect', 'findings', 0],
        includes: ['There is no rule "I3.awaiting-fundng".', 'Did you mean "I3.awaiting-funding"?'],
      });
    });

    it('a test row with an unknown column header: suggests the header', async () => {
      const e = edit([...real, { path: 'tests/cases.json', text: CASES }], 'tests/cases.json', '"Selection notice date": "2026-02-17"', '"Selection notise date": "2026-02-17"');
      await onlyError(e.files, {
        file: 'tests/cases.json', ...positionIn(e, '"Selection notise date"'), path: ['tests', 0, 'row', 'Selection notise date'],
        includes: ['"Selection notise date" is not a column of project rows.', 'Did you mean "Selection notice date"?'],
      });
    });

    it('a test expecting an output the subject does not have', async () => {
      const e = edit([...real, { path: 'tests/cases.json', text: CASES }], 'tests/cases.json', '"outputs": { "fundingDeadline"', '"outputs": { "fundingDeadlin"');
      await onlyError(e.files, {
        file: 'tests/cases.json', ...positionIn(e, '"fundingDeadlin"'), path: ['tests', 0, 'expect', 'outputs', 'fundingDeadlin'],
        includes: ['"fundingDeadlin" is not an output of project rows.', 'Did you mean "fundingDeadline"?'],
      });
    });
  });

  describe('all problems at once', () => {
    it('three errors in two files give three issues, sorted by file then line', async () => {
      // Two in the tariff rules (written in reverse order of lines), one in parameters.json.
      const a = edit(real, RULES_T, '"heading": "9903.02.73"', '"headng": "9903.02.73"');
      const b = edit(a.files, RULES_T, '"operator": "lessThan"', '"operator": "greaterThen"');
      const c = edit(b.files, 'parameters.json', '"value": "business",\n          "citation"', '"value": "busines",\n          "citation"');
      const result = await load(c.files);
      assert.equal(result.rulebook, undefined);
      const issues = result.issues;
      const got = issues.map((i) => ({ file: i.file, line: i.line, column: i.column, path: i.path }));
      assert.deepEqual(got, [
        { file: `${FOLDER}/parameters.json`, ...positionIn(c, '"value"'), path: ['parameters', 'fundingPeriod.dayType', 'values', 0, 'value'] },
        { file: `${FOLDER}/${RULES_T}`, ...positionIn(b, '"operator"'), path: ['rules', 4, 'conditions', 'all', 6, 'operator'] },
        { file: `${FOLDER}/${RULES_T}`, ...position(b.text, b.text.indexOf('"headng"')), path: ['rules', 4, 'outputs', 'headng'] },
      ]);
      assert.ok(issues[1]!.message.includes('Did you mean "greaterThan"?'));
      assert.ok(issues[2]!.message.includes('Did you mean "heading"?'));
    });

    it('syntax and schema errors in several files are all reported', async () => {
      const a = edit(real, 'subjects.json', '"key": "project",', '"key": "project"');
      const b = edit(a.files, 'calendars.json', '"weekend": ["Saturday", "Sunday"],\n      "holidays": ["us-federal"]', '"weekends": ["Saturday", "Sunday"],\n      "holidays": ["us-federal"]');
      const c = edit(b.files, RULES_I, '"outcome": "not-selected",', '"outcome": 7,');
      const result = await load(c.files);
      assert.deepEqual(result.issues.map((i) => `${i.file}:${i.line}:${i.column}`), [
        `${FOLDER}/calendars.json:${positionIn(b, '"weekends"').line}:${positionIn(b, '"weekends"').column}`,
        `${FOLDER}/${RULES_I}:${positionIn(c, '"outcome"').line}:${positionIn(c, '"outcome"').column}`,
        `${FOLDER}/subjects.json:${position(a.text, a.text.indexOf('"date"', a.offset)).line}:${position(a.text, a.text.indexOf('"date"', a.offset)).column}`,
      ]);
    });
  });
});

