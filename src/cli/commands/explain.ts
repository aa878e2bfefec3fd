/**
 * `clausewise explain FILE --row N`: for one row, every rule of its subject — whether it applied,
 * each condition with the actual value and its result, and the clause it encodes.
 */
import type { RuleResult } from 'json-rules-engine';
import type { FactValue } from '../../core/columns';
import { formatValue, type DisplayType } from '../../core/format';
import { findOperator } from '../../core/operators';
import { formatCitation } from '../../core/rulebook/model';
import { typeOfName } from '../../core/engine/template';
import { single, UsageError, type ParsedArgs } from '../args';
import { asOfFrom, evaluatorFor, Exit, loadOrExit, matchOrExit, rulebookFolder, tableFrom, type Io } from '../context';
import { bold, paintStatus, terminalStyle, type Style } from '../terminal';

interface ConditionJson {
  all?: ConditionJson[];
  any?: ConditionJson[];
  not?: ConditionJson;
  fact?: string;
  operator?: string;
  value?: unknown;
  factResult?: unknown;
  valueResult?: unknown;
  result?: boolean;
}

export async function explainCommand(args: ParsedArgs, io: Io): Promise<number> {
  const rowText = single(args, 'row');
  if (rowText === undefined || !/^\d+$/.test(rowText)) throw new UsageError('Say which row to explain with --row N (1 is the first row under the header).');
  const rulebook = await loadOrExit(rulebookFolder(args), io);
  const evaluator = await evaluatorFor(args, rulebook, io);
  const { asOf } = asOfFrom(args);
  const table = await tableFrom(args.positional[0], args);
  const match = matchOrExit(evaluator, table, args, io);
  const row = table.rows.find((r) => r.row === Number(rowText));
  if (!row) throw new Exit(2, `There is no data row ${rowText} in ${table.source}${table.sheet ? `, sheet ${table.sheet}` : ''}: it has rows ${table.rows[0]?.row ?? 0} to ${table.rows[table.rows.length - 1]?.row ?? 0}.`);

  const style = terminalStyle(process.stdout, args.flags.has('no-color'));
  const trace = await evaluator.traceRow(table, match, row, asOf);
  const subject = match.subject;
  const typeOf = (name: string): DisplayType => typeOfName(rulebook, subject, name.startsWith('param:') ? '' : name);
  const show = (name: string, value: unknown): string => {
    if (name.startsWith('param:')) {
      const def = rulebook.parameters.get(name.slice(6))?.definition;
      return formatValue(value as FactValue, def?.type ?? 'any');
    }
    return formatValue(value as FactValue, typeOf(name));
  };
  const r = trace.result;
  const lines: string[] = [];
  lines.push(bold(`Row ${r.row} of ${table.source}${table.sheet ? `, sheet "${table.sheet}"` : ''} — ${subject.name} ${JSON.stringify(r.key)}`, style));
  const dateColumn = subject.definition.date ? subject.columns.find((c) => c.name === subject.definition.date)?.header : undefined;
  lines.push(`As of ${asOf} · effective date ${trace.effectiveDate}${dateColumn ? ` (from "${dateColumn}", or the as-of date when empty)` : ''}`);
  lines.push(`Status: ${paintStatus(r.status, r.status, style)}`);
  if (Object.keys(evaluator.overrides).length) lines.push(`What-if overrides: ${JSON.stringify(evaluator.overrides)}`);
  if (r.errors.length) {
    lines.push('', bold('Errors', style));
    for (const e of r.errors) lines.push(`  ${e.message}`);
  }
  lines.push('', bold('Facts from the row', style));
  for (const c of subject.columns) lines.push(`  ${c.header.padEnd(28)} ${show(c.name, trace.facts.get(c.name) ?? null)}`);
  const computed = [...rulebook.computed.values()].filter((c) => c.definition.subject === subject.name);
  if (computed.length) {
    lines.push('', bold('Computed values', style));
    for (const c of computed) lines.push(`  ${c.name.padEnd(28)} ${show(c.name, trace.facts.get(c.name) ?? null).padEnd(14)} [${formatCitation(c.definition.clause)}]`);
  }
  const results = new Map<string, RuleResult>(trace.engineResults.map((x) => [x.name, x]));
  const rules = rulebook.rules.filter((x) => x.definition.subject === subject.name);
  lines.push('', bold(`Rules (${rules.length})`, style));
  for (const rule of rules) {
    const d = rule.definition;
    const res = results.get(d.id);
    const applied = res?.result === true;
    const mark = applied ? paintStatus('compliant', '✔ applies', style) : '✘ does not apply';
    const url = rulebook.manifest.sources[d.clause.source]?.url;
    lines.push(`  ${mark}  ${bold(d.id, style)} — ${d.title}${applied ? ` → ${paintStatus(d.outcome === 'note' ? 'not-applicable' : d.outcome, d.outcome, style)}` : ''}`);
    lines.push(`      clause: ${formatCitation(d.clause)}${url ? ` <${url}>` : ''}`);
    if (res) {
      const json = res.toJSON(false) as unknown as { conditions: ConditionJson };
      lines.push(...conditionLines(json.conditions, 6, show, style));
    } else if (r.errors.length) {
      lines.push('      (not evaluated: the row has errors)');
    }
    const finding = r.findings.find((f) => f.rule === d.id);
    if (finding) lines.push(`      finding: ${finding.message}`);
  }
  lines.push('', bold('Outputs', style));
  for (const [name, o] of Object.entries(subject.definition.outputs)) lines.push(`  ${o.title.padEnd(32)} ${formatValue(r.outputs[name] ?? null, o.type)}`);
  io.out(lines.join('\n'));
  return 0;
}

function describeValue(value: unknown, show: (name: string, v: unknown) => string, valueResult: unknown): string {
  if (value !== null && typeof value === 'object' && !Array.isArray(value) && 'fact' in value) {
    const name = String((value as { fact: string }).fact);
    return `${name} (${valueResult === undefined ? 'not evaluated' : show(name, valueResult)})`;
  }
  if (Array.isArray(value)) return `[${value.join(', ')}]`;
  return JSON.stringify(value);
}

function conditionLines(c: ConditionJson, indent: number, show: (name: string, v: unknown) => string, style: Style): string[] {
  const pad = ' '.repeat(indent);
  const mark = (ok: boolean | undefined) => (ok === undefined ? '·' : ok ? '✔' : '✘');
  for (const group of ['all', 'any'] as const) {
    const list = c[group];
    if (list) {
      const nested = indent > 6 || list.length > 1 || group === 'any';
      const out = nested && indent > 6 ? [`${pad}${mark(c.result)} ${group === 'all' ? 'all of' : 'any of'}:`] : group === 'any' ? [`${pad}any of:`] : [];
      return [...out, ...list.flatMap((x) => conditionLines(x, indent + (out.length ? 2 : 0), show, style))];
    }
  }
  if (c.not) return [`${pad}${mark(c.result)} not:`, ...conditionLines(c.not, indent + 2, show, style)];
  const fact = c.fact ?? '?';
  const op = findOperator(c.operator ?? '');
  const actual = c.factResult === undefined && c.result === undefined ? 'not evaluated' : show(fact, c.factResult ?? null);
  const rhs = op && !op.needsValue ? '' : ` ${describeValue(c.value, show, c.valueResult)}`;
  return [`${pad}${mark(c.result)} ${fact} (${actual}) ${op?.reads ?? c.operator}${rhs}`];
}
