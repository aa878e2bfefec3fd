/**
 * `clausewise describe [DIR]`: the rulebook for review without reading JSON — its sources,
 * parameters with their dated values and citations, calendars, subjects and rules.
 */
import { showParameterValue } from '../../core/parameters';
import { formatCitation } from '../../core/rulebook/model';
import type { ParsedArgs } from '../args';
import { loadOrExit, rulebookFolder, type Io } from '../context';

export async function describeCommand(args: ParsedArgs, io: Io): Promise<number> {
  const rb = await loadOrExit(rulebookFolder(args, args.positional[0]), io);
  const m = rb.manifest;
  const lines: string[] = [`# ${m.title}`, '', `${m.id} ${m.version} — digest ${rb.digest}`, ''];
  if (m.description) lines.push(m.description, '');
  lines.push('## Sources', '');
  for (const [id, s] of Object.entries(m.sources)) lines.push(`- **${id}** [${s.grade ?? '?'}]: ${s.title}${s.date ? ` (${s.date})` : ''}${s.url ? ` <${s.url}>` : ''}${s.note ? ` — ${s.note}` : ''}`);
  lines.push('', '## Parameters (change one for a run with --set name=value)', '');
  for (const [name, p] of rb.parameters) {
    const d = p.definition;
    lines.push(`- **${name}** (${d.type}${d.uncertain ? ', uncertain' : ''}) — ${d.title}. ${d.description}`);
    for (const v of d.values) lines.push(`  - from ${v.from}${v.to ? ` to ${v.to}` : ''}: ${showParameterValue(d, v.value)} [${formatCitation(v.citation)}]`);
    for (const a of d.alternatives ?? []) lines.push(`  - alternative: ${showParameterValue(d, a.value)} — ${a.note}`);
  }
  lines.push('', '## Calendars', '');
  for (const [name, c] of rb.calendars) lines.push(`- **${name}**: ${c.definition.title} [${formatCitation(c.definition.citation)}]`);
  for (const s of rb.subjects.values()) {
    lines.push('', `## ${s.definition.title} (subject "${s.name}")`, '');
    lines.push(`Columns: ${s.columns.map((c) => `${c.header} (${c.type}${c.required ? ', required' : ''})`).join('; ')}.`, '');
    for (const c of rb.computed.values()) {
      if (c.definition.subject === s.name) lines.push(`- computed **${c.name}**: ${c.definition.description ?? c.definition.title} [${formatCitation(c.definition.clause)}]`);
    }
    for (const r of rb.rules.filter((x) => x.definition.subject === s.name)) {
      const d = r.definition;
      const when = d.effective ? ` (entries/rows dated ${d.effective.from ?? 'any time'} to ${d.effective.to ?? 'open-ended'})` : '';
      lines.push(`- **${d.id}** — ${d.title}${when}: ${d.outcome}. [${formatCitation(d.clause)}]`);
    }
  }
  io.out(lines.join('\n'));
  return 0;
}
