/** Plain-text tables for terminals: no colours, so output can be piped or pasted into a report. */
export function table(headers: string[], rows: (string | number | null | undefined)[][], opts: { maxWidth?: number[] } = {}): string {
  const cells = rows.map((r) => r.map((c, i) => clip(c === null || c === undefined ? '' : String(c), opts.maxWidth?.[i])));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => displayWidth(r[i] ?? ''))));
  const fmt = (r: string[]) =>
    r
      .map((c, i) => c + ' '.repeat(Math.max(0, widths[i]! - displayWidth(c))))
      .join('  ')
      .trimEnd();
  return [fmt(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(fmt)].join('\n');
}

function clip(s: string, max?: number): string {
  const one = s.replace(/\s+/g, ' ').trim();
  if (!max || [...one].length <= max) return one;
  return [...one].slice(0, max - 1).join('') + '…';
}

/** Width in terminal columns, counting each code point once (good enough for Indonesian text and emoji). */
function displayWidth(s: string): number {
  return [...s].length;
}

/** Key-value block for summaries. */
export function keyValues(pairs: [string, string | number][]): string {
  const w = Math.max(...pairs.map(([k]) => k.length));
  return pairs.map(([k, v]) => `${k.padEnd(w)}  ${v}`).join('\n');
}
