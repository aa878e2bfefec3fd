/**
 * The rulebook's own test cases (rules/<id>/tests/*.json), run as part of `npm test`:
 * one mocha test per case, so a failure names the case and what differed.
 */
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describeRulebook } from '../src/core/describe';
import { ENGINE_NAMES } from '../src/core/engine/evaluator';
import { runRuleTest } from '../src/core/ruleTests';
import { formatIssue } from '../src/core/rulebook/issues';
import { loadRulebookFolder } from '../src/io/rulebookFolder';

const RULES = join(__dirname, '..', '..', 'rules');
const folders = readdirSync(RULES, { withFileTypes: true }).filter((d) => d.isDirectory() && d.name !== 'schema').map((d) => d.name);

describe('rulebook test cases', () => {
  for (const folder of folders) {
    describe(folder, () => {
      it('loads without problems (no errors and no warnings)', async () => {
        const { rulebook, issues } = await loadRulebookFolder(join(RULES, folder));
        assert.deepEqual(issues.map(formatIssue), []);
        assert.ok(rulebook);
        assert.ok(rulebook.tests.length > 0, 'the rulebook has test cases');
      });

      it('has a README.md generated from its current rule files (npm run describe)', async () => {
        const { rulebook } = await loadRulebookFolder(join(RULES, folder));
        assert.ok(rulebook);
        const readme = join(RULES, folder, 'README.md');
        assert.ok(existsSync(readme), `${readme} is missing: run npm run describe`);
        assert.equal(readFileSync(readme, 'utf8'), describeRulebook(rulebook), `${readme} is out of date: run npm run describe`);
      });

      for (const engine of ENGINE_NAMES) it(`passes every test case stored in the rulebook (${engine})`, async function () {
        const { rulebook } = await loadRulebookFolder(join(RULES, folder));
        assert.ok(rulebook);
        const failures: string[] = [];
        for (const test of rulebook.tests) {
          const outcome = await runRuleTest(rulebook, test, engine);
          if (!outcome.passed) failures.push(`${test.definition.name}: ${outcome.failures.join('; ')}`);
        }
        assert.deepEqual(failures, [], `${failures.length} of ${rulebook.tests.length} rule test cases failed`);
      });
    });
  }
});
