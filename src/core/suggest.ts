/**
 * "Did you mean …?" for misspelt names: the closest known name by edit distance,
 * ignoring case, when it is close enough to be a likely typo.
 */

export function editDistance(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      const cost = x[i - 1] === y[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[y.length] ?? 0;
}

/** The known name closest to `name`, if within a third of its length (at least 2 edits). */
export function closest(name: string, known: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const candidate of known) {
    const d = editDistance(name, candidate);
    if (d < bestDistance) {
      best = candidate;
      bestDistance = d;
    }
  }
  const limit = Math.max(2, Math.floor(name.length / 3));
  return bestDistance <= limit ? best : undefined;
}

/** ` Did you mean "fundingDeadline"?` or an empty string. */
export function didYouMean(name: string, known: Iterable<string>): string {
  const match = closest(name, known);
  return match !== undefined && match !== name ? ` Did you mean "${match}"?` : '';
}

/** `"a", "b" and "c"` */
export function quoteList(items: readonly string[], max = 12): string {
  const quoted = items.slice(0, max).map((i) => `"${i}"`);
  const more = items.length > max ? ` and ${items.length - max} more` : '';
  if (quoted.length <= 1) return (quoted[0] ?? '') + more;
  if (more) return quoted.join(', ') + more;
  return `${quoted.slice(0, -1).join(', ')} and ${quoted[quoted.length - 1]}`;
}

/** `text` ending with a full stop, unless it already ends a sentence (".", "?" or "!"). */
export function sentence(text: string): string {
  const t = text.trimEnd();
  return /[.?!]$/.test(t) ? t : `${t}.`;
}
