import { html, type SafeHtml } from '../http/html.ts';

/**
 * Charts as SVG markup rendered by the server: no script, no inline style (presentation
 * attributes only, so the strict CSP holds). Every text is escaped by `html`.
 */
const COLORS = ['#1f5fa8', '#d9822b', '#2e8b57', '#b03a48', '#7a5195'];

const r1 = (n: number) => Math.round(n * 10) / 10;

/** Horizontal bars, one per row. `value` may be a fraction with `format` (e.g. percentages). */
export function barChart(
  rows: { label: string; value: number; note?: string }[],
  o: { title: string; width?: number; max?: number; format?: (v: number) => string; color?: string },
): SafeHtml {
  const width = o.width ?? 520;
  const rowH = 22;
  const labelW = 240;
  const barMax = width - labelW - 80;
  const max = o.max ?? Math.max(1, ...rows.map((r) => r.value));
  const h = Math.max(1, rows.length) * rowH + 8;
  const fmt = o.format ?? ((v: number) => String(v));
  return html`<svg class="chart" role="img" aria-label="${o.title}" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" xmlns="http://www.w3.org/2000/svg">
  <title>${o.title}</title>
  ${rows.length === 0 ? html`<text x="4" y="16" fill="#777" font-size="12">—</text>` : ''}
  ${rows.map((r, i) => {
    const y = 4 + i * rowH;
    const w = r1((r.value / max) * barMax);
    return html`<g><text x="${labelW - 6}" y="${y + 14}" text-anchor="end" font-size="12" fill="#222">${r.label.length > 34 ? `${r.label.slice(0, 33)}…` : r.label}</text>
    <rect x="${labelW}" y="${y + 2}" width="${Math.max(w, r.value > 0 ? 1 : 0)}" height="${rowH - 6}" fill="${o.color ?? COLORS[0]!}" rx="2"><title>${r.label}: ${fmt(r.value)}${r.note ? ` (${r.note})` : ''}</title></rect>
    <text x="${labelW + w + 6}" y="${y + 14}" font-size="12" fill="#222">${fmt(r.value)}${r.note ? ` · ${r.note}` : ''}</text></g>`;
  })}
</svg>`;
}

/** Columns per day for several series side by side, with a legend. */
export function dayColumns(
  days: string[],
  series: { name: string; values: number[] }[],
  o: { title: string; width?: number; height?: number },
): SafeHtml {
  const width = o.width ?? 1040;
  const height = o.height ?? 220;
  const left = 34;
  const bottom = 40;
  const top = 26;
  const plotW = width - left - 8;
  const plotH = height - top - bottom;
  const max = Math.max(1, ...series.flatMap((s) => s.values));
  const slot = plotW / Math.max(1, days.length);
  const barW = Math.max(1, (slot - 3) / series.length);
  const ticks = [0, Math.ceil(max / 2), max];
  return html`<svg class="chart" role="img" aria-label="${o.title}" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" xmlns="http://www.w3.org/2000/svg">
  <title>${o.title}</title>
  ${series.map((s, i) => {
    // Legend entries side by side, each as wide as its text (about 7 px a character at 12 px).
    const x = left + series.slice(0, i).reduce((w, p) => w + 36 + p.name.length * 7, 0);
    return html`<rect x="${x}" y="4" width="12" height="12" fill="${COLORS[i % COLORS.length]!}"></rect><text x="${x + 16}" y="14" font-size="12" fill="#222">${s.name}</text>`;
  })}
  ${ticks.map((t) => {
    const y = r1(top + plotH - (t / max) * plotH);
    return html`<line x1="${left}" x2="${width - 8}" y1="${y}" y2="${y}" stroke="#e3e3e3"></line><text x="${left - 4}" y="${y + 4}" font-size="10" text-anchor="end" fill="#555">${t}</text>`;
  })}
  ${days.map((d, di) =>
    series.map((s, si) => {
      const v = s.values[di] ?? 0;
      const bh = r1((v / max) * plotH);
      return html`<rect x="${r1(left + di * slot + 1 + si * barW)}" y="${r1(top + plotH - bh)}" width="${r1(barW)}" height="${bh}" fill="${COLORS[si % COLORS.length]!}"><title>${d} ${s.name}: ${v}</title></rect>`;
    }),
  )}
  ${days.map((d, di) => (di % Math.ceil(days.length / 10) === 0 || di === days.length - 1 ? html`<text x="${r1(left + di * slot + slot / 2)}" y="${height - bottom + 14}" font-size="10" text-anchor="middle" fill="#555">${d.slice(5)}</text>` : ''))}
</svg>`;
}
