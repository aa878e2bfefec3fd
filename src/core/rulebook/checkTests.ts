/**
 * Checks a rulebook's test cases name real things: a subject whose headers the row uses,
 * outputs the subject has, rules that exist, scenarios and parameters that exist.
 */
import { matchColumns, matchSubject } from '../match';
import { didYouMean, quoteList } from '../suggest';
import type { Issue, JsonPath } from './issues';
import type { Origin, Rulebook } from './model';

type At = (origin: Origin, sub: JsonPath, message: string, severity?: Issue['severity']) => void;

export function checkTests(rulebook: Rulebook, at: At): void {
  const ruleIds = rulebook.rules.map((r) => r.definition.id);
  const params = [...rulebook.parameters.keys()];
  const scenarios = [...rulebook.scenarios.keys()];
  const names = new Map<string, Origin>();
  for (const test of rulebook.tests) {
    const t = test.definition;
    const earlier = names.get(t.name);
    if (earlier) at(test.origin, ['name'], `Another test is already called "${t.name}" (${earlier.file}); give each test its own name.`, 'warning');
    names.set(t.name, test.origin);

    const headers = Object.keys(t.row);
    const matched = matchSubject(rulebook.subjects.values(), headers, t.subject);
    if (!matched.ok) {
      at(test.origin, t.subject ? ['subject'] : ['row'], matched.problem);
      continue;
    }
    const subject = matched.match.subject;
    const { unmatched } = matchColumns(subject, headers);
    const columnHeaders = subject.columns.map((c) => c.header);
    for (const h of unmatched) at(test.origin, ['row', h], `"${h}" is not a column of ${subject.name} rows.${didYouMean(h, columnHeaders)} Columns: ${quoteList(columnHeaders, 20)}.`);
    const statusWords = subject.statuses.all.map((w) => w.word);
    if (t.expect.status !== undefined && !statusWords.includes(t.expect.status)) {
      at(test.origin, ['expect', 'status'], `"${t.expect.status}" is not a status of ${subject.name} rows.${didYouMean(t.expect.status, statusWords)} Statuses: ${quoteList(statusWords)}.`);
    }
    const outputs = Object.keys(subject.definition.outputs);
    for (const name of Object.keys(t.expect.outputs ?? {})) {
      if (!outputs.includes(name)) at(test.origin, ['expect', 'outputs', name], `"${name}" is not an output of ${subject.name} rows.${didYouMean(name, outputs)} Outputs: ${quoteList(outputs)}.`);
    }
    for (const key of ['findings', 'absentFindings'] as const) {
      (t.expect[key] ?? []).forEach((id, i) => {
        if (!ruleIds.includes(id)) at(test.origin, ['expect', key, i], `There is no rule "${id}".${didYouMean(id, ruleIds)}`);
      });
    }
    if (t.scenario !== undefined && !rulebook.scenarios.has(t.scenario)) {
      at(test.origin, ['scenario'], `There is no scenario "${t.scenario}" in scenarios/.${didYouMean(t.scenario, scenarios)} Scenarios: ${quoteList(scenarios)}.`);
    }
    for (const name of Object.keys(t.set ?? {})) {
      if (!rulebook.parameters.has(name)) at(test.origin, ['set', name], `There is no parameter "${name}".${didYouMean(name, params)}`);
    }
  }
}
