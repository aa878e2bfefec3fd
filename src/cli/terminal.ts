/**
 * Terminal presentation: status colours (only on a TTY), a table that fits the terminal's
 * width, and a progress bar on stderr for long runs.
 */
import type { Status } from '../core/rulebook/schema';

export interface Style {
  color: boolean;
  width: number;
}

export function terminalStyle(stream: NodeJS.WriteStream, noColor: boolean): Style {
  const color = !noColor && stream.isTTY === true && !process.env.NO_COLOR;
  const width = stream.isTTY && stream.columns ? stream.columns : Number(process.env.COLUMNS) || 160;
  return { color, width: Math.max(60, width) };
}

const STATUS_COLOURS: Record<Status, string> = {
  compliant: '\x1b[32m', pending: '\x1b[33m', breach: '\x1b[31;1m', 'not-applicable': '\x1b[90m', invalid: '\x1b[35;1m',
};

export function paintStatus(status: Status, text: string, style: Style): string {
  return style.color ? `${STATUS_COLOURS[status]}${text}\x1b[0m` : text;
}

export function bold(text: string, style: Style): string {
  return style.color ? `\x1b[1m${text}\x1b[0m` : text;
}

function truncate(text: string, width: number): string {
  if (width <= 0) return '';
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

export interface Column {
  title: string;
  /** Columns with lower priority shrink first, then are dropped, when the terminal is narrow. */
  priority: number;
  /** Flexible columns take the remaining width (the findings text). */
  flexible?: boolean;
  align?: 'left' | 'right';
}

/**
 * Rows laid out to `style.width`: flexible columns shrink first, then low-priority columns are
 * dropped. `paint` colours a cell after padding, so escape codes do not upset the alignment.
 */
export function renderTable(columns: Column[], rows: string[][], style: Style, paint?: (row: number, col: number, text: string) => string): string {
  const gap = 2;
  let visible = columns.map((_, i) => i);
  const natural = columns.map((c, i) => Math.max(c.title.length, ...rows.map((r) => (r[i] ?? '').length)));
  const widths = [...natural];
  const total = () => visible.reduce((s, i) => s + (widths[i] ?? 0), 0) + gap * (visible.length - 1);
  const minFlexible = (i: number) => Math.min(natural[i] ?? 0, 40);
  for (const i of visible) if (columns[i]!.flexible) widths[i] = Math.max(minFlexible(i), (widths[i] ?? 0) - Math.max(0, total() - style.width));
  while (total() > style.width && visible.length > 2) {
    const drop = visible.filter((i) => !columns[i]!.flexible).sort((a, b) => columns[a]!.priority - columns[b]!.priority)[0];
    if (drop === undefined || columns[drop]!.priority >= 100) break;
    visible = visible.filter((i) => i !== drop);
    for (const i of visible) if (columns[i]!.flexible) widths[i] = Math.max(minFlexible(i), Math.min(natural[i] ?? 0, (widths[i] ?? 0) + Math.max(0, style.width - total())));
  }
  const line = (cells: string[], rowIndex: number) =>
    visible
      .map((i, k) => {
        const w = widths[i] ?? 0;
        const text = truncate(cells[i] ?? '', w);
        const padded = columns[i]!.align === 'right' ? text.padStart(w) : k === visible.length - 1 ? text : text.padEnd(w);
        return rowIndex >= 0 && paint ? paint(rowIndex, i, padded) : padded;
      })
      .join(' '.repeat(gap));
  const header = line(columns.map((c) => c.title), -1);
  const rule = visible.map((i) => '─'.repeat(widths[i] ?? 0)).join(' '.repeat(gap));
  return [bold(header, style), rule, ...rows.map((r, i) => line(r, i))].join('\n');
}

/**
 * Progress on stderr while rows are evaluated: rows done and rows per second, and, when the
 * share of the input read so far is known, a bar and the time left. Drawn only on a TTY (and
 * not with --quiet), at most ten times a second, and wiped at the end.
 */
export function progressMeter(options: { stream?: NodeJS.WriteStream; quiet?: boolean; fraction?: () => number | undefined; now?: () => number }): { update(rowsDone: number): void; end(): void } {
  const stream = options.stream ?? process.stderr;
  const active = stream.isTTY === true && !options.quiet;
  const now = options.now ?? (() => performance.now());
  const started = now();
  let lastDrawn = -Infinity;
  let drawn = false;
  return {
    update(rowsDone: number) {
      if (!active) return;
      const t = now();
      if (t - lastDrawn < 100) return;
      lastDrawn = t;
      const seconds = (t - started) / 1000;
      const rate = seconds > 0 ? rowsDone / seconds : 0;
      const parts = [`  evaluating: ${rowsDone.toLocaleString('en-US')} rows`, `${Math.round(rate).toLocaleString('en-US')} rows/s`];
      const fraction = options.fraction?.();
      if (fraction !== undefined && fraction > 0) {
        const width = 24;
        const filled = Math.min(width, Math.round(fraction * width));
        parts.unshift(`  [${'█'.repeat(filled)}${' '.repeat(width - filled)}] ${Math.floor(fraction * 100)}%`);
        parts[1] = parts[1]!.trimStart();
        if (fraction < 1 && seconds >= 1) parts.push(`about ${duration((seconds / fraction) * (1 - fraction))} left`);
      }
      stream.write(`\r\x1b[K${parts.join(' · ')}`);
      drawn = true;
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
    },
  };
}

function duration(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${Math.round(seconds - minutes * 60)} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
