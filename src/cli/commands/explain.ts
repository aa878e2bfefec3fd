/**
 * `clausewise explain FILE --row N`: for one row, every rule of its subject — whether it applied,
 * each condition with the actual value and its result, and the clause it encodes.
 */
import { explainRow, type RowExplanation } from '../../core/explain';
import { single, UsageError, type ParsedArgs } from '../args';
import { asOfFrom, evaluatorFor, Exit, loadOrExit, matchOrExit, rulebookFolder, tableFrom, type Io } from '../context';
import { bold, paintStatus, terminalStyle, type Style } from '../terminal';

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
  const trace = await evaluator.traceRow(table, match, row, asOf);
  const explanation = explainRow(rulebook, match.subject, trace, asOf);
  const where = `${table.source}${table.sheet ? `, sheet "${table.sheet}"` : ''}`;
  io.out(renderExplanation(explanation, where, evaluator.overrides, terminalStyle(process.stdout, args.flags.has('no-color'))));
  return 0;
}

export function renderExplanation(e: RowExplanation, where: string, overrides: Record<string, unknown>, style: Style): string {
  const lines: string[] = [];
  lines.push(bold(`Row ${e.row} of ${where} — ${e.subject} ${JSON.stringify(e.key)}`, style));
  lines.push(`As of ${e.asOf} · effective date ${e.effectiveDate}${e.effectiveDateColumn ? ` (from "${e.effectiveDateColumn}", or the as-of date when empty)` : ''}`);
  lines.push(`Status: ${paintStatus(e.status, e.subjectStatus, style)}${e.statusTitle !== e.subjectStatus ? ` — ${e.statusTitle}` : ''}${e.status !== e.subjectStatus ? ` (${e.status})` : ''}`);
  if (Object.keys(overrides).length) lines.push(`What-if overrides: ${JSON.stringify(overrides)}`);
  if (e.errors.length) lines.push('', bold('Errors', style), ...e.errors.map((m) => `  ${m}`));
  lines.push('', bold('Facts from the row', style), ...e.facts.map((f) => `  ${f.header.padEnd(32)} ${f.value}`));
  if (e.computed.length) {
    lines.push('', bold('Computed values', style), ...e.computed.map((c) => `  ${c.name.padEnd(32)} ${c.value.padEnd(14)} [${c.clause}]`));
  }
  lines.push('', bold(`Rules (${e.rules.length})`, style));
  for (const r of e.rules) {
    const mark = r.applies ? paintStatus('compliant', '✔ applies', style) : '✘ does not apply';
    const outcome = r.applies ? ` → ${paintStatus(r.outcome === 'note' ? 'not-applicable' : r.outcome, r.subjectStatus, style)}` : '';
    lines.push(`  ${mark}  ${bold(r.id, style)} — ${r.title}${outcome}`);
    lines.push(`      clause: ${r.clause}${r.url ? ` <${r.url}>` : ''}`);
    if (!r.conditions.length && e.errors.length) lines.push('      (not evaluated: the row has errors)');
    for (const c of r.conditions) lines.push(`${' '.repeat(6 + 2 * c.depth)}${c.result === undefined ? '·' : c.result ? '✔' : '✘'} ${c.text}`);
    if (r.message) lines.push(`      finding: ${r.message}`);
  }
  lines.push('', bold('Outputs', style), ...e.outputs.map((o) => `  ${o.title.padEnd(32)} ${o.value}`));
  return lines.join('\n');
}
