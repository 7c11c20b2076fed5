import type { PrPoint } from './metrics.ts';

/**
 * A precision-recall curve as a self-contained SVG document, written by hand (no plotting
 * library, no scripts, no external references): safe to open in a browser or embed in Markdown.
 */
export interface PrCurveSvgInput {
  title: string;
  /** Second line under the title (data file, classifier). */
  subtitle?: string;
  points: readonly PrPoint[];
  positives: number;
  n: number;
  averagePrecision: number | null;
  /** The classifier's operating point (its threshold), drawn as a marked point. */
  operating?: { threshold: number; precision: number | null; recall: number | null };
}

const W = 560;
const H = 420;
const M = { left: 64, right: 24, top: 64, bottom: 56 };
const PW = W - M.left - M.right;
const PH = H - M.top - M.bottom;

export function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

const fx = (recall: number) => +(M.left + recall * PW).toFixed(2);
const fy = (precision: number) => +(M.top + (1 - precision) * PH).toFixed(2);
const f2 = (x: number) => x.toFixed(2);

/**
 * The step curve whose area is the average precision: from (0, p1), for each point k a
 * horizontal run to its recall at its precision, then a vertical move to the next precision.
 */
export function stepPath(points: readonly PrPoint[]): string {
  if (points.length === 0) return '';
  let d = `M${fx(0)},${fy(points[0]!.precision)}`;
  points.forEach((p, k) => {
    d += ` H${fx(p.recall)}`;
    const next = points[k + 1];
    if (next) d += ` V${fy(next.precision)}`;
  });
  return d;
}

export function prCurveSvg(i: PrCurveSvgInput): string {
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  out.push(`<title>${escapeXml(i.title)}</title>`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="${M.left}" y="22" font-size="15" font-weight="bold">${escapeXml(i.title)}</text>`);
  if (i.subtitle) out.push(`<text x="${M.left}" y="40" fill="#555555">${escapeXml(i.subtitle)}</text>`);
  // Grid and ticks.
  for (let k = 0; k <= 5; k++) {
    const v = k / 5;
    out.push(`<line x1="${fx(v)}" y1="${fy(0)}" x2="${fx(v)}" y2="${fy(1)}" stroke="#e5e5e5"/>`);
    out.push(`<line x1="${fx(0)}" y1="${fy(v)}" x2="${fx(1)}" y2="${fy(v)}" stroke="#e5e5e5"/>`);
    out.push(`<text x="${fx(v)}" y="${fy(0) + 18}" text-anchor="middle">${v.toFixed(1)}</text>`);
    out.push(`<text x="${fx(0) - 8}" y="${fy(v) + 4}" text-anchor="end">${v.toFixed(1)}</text>`);
  }
  out.push(`<rect x="${M.left}" y="${M.top}" width="${PW}" height="${PH}" fill="none" stroke="#333333"/>`);
  out.push(`<text x="${M.left + PW / 2}" y="${H - 14}" text-anchor="middle">recall</text>`);
  out.push(`<text x="18" y="${M.top + PH / 2}" text-anchor="middle" transform="rotate(-90 18 ${M.top + PH / 2})">precision</text>`);

  if (i.positives === 0 || i.points.length === 0) {
    out.push(
      `<text x="${M.left + PW / 2}" y="${M.top + PH / 2}" text-anchor="middle" fill="#aa0000">no positive rows for this label: no curve</text>`,
    );
  } else {
    const prevalence = i.positives / i.n;
    out.push(
      `<line x1="${fx(0)}" y1="${fy(prevalence)}" x2="${fx(1)}" y2="${fy(prevalence)}" stroke="#999999" stroke-dasharray="5,4"><title>chance: precision ${f2(prevalence)} (${i.positives} of ${i.n} rows positive)</title></line>`,
    );
    out.push(`<path d="${stepPath(i.points)}" fill="none" stroke="#1f5fbf" stroke-width="2"/>`);
    if (i.points.length <= 400) {
      for (const p of i.points) {
        out.push(
          `<circle cx="${fx(p.recall)}" cy="${fy(p.precision)}" r="2.5" fill="#1f5fbf"><title>threshold ${f2(p.threshold)}: precision ${f2(p.precision)}, recall ${f2(p.recall)} (TP ${p.tp}, FP ${p.fp})</title></circle>`,
        );
      }
    }
    const op = i.operating;
    if (op && op.precision !== null && op.recall !== null) {
      const x = fx(op.recall);
      const y = fy(op.precision);
      out.push(`<path d="M${x},${y - 7} L${x + 7},${y} L${x},${y + 7} L${x - 7},${y} Z" fill="#d9480f" stroke="#ffffff"/>`);
      const anchor = op.recall > 0.6 ? 'end' : 'start';
      const dx = anchor === 'end' ? -10 : 10;
      out.push(
        `<text x="${x + dx}" y="${y - 10}" text-anchor="${anchor}" fill="#d9480f">threshold ${f2(op.threshold)}: P ${f2(op.precision)}, R ${f2(op.recall)}</text>`,
      );
    }
    const legendY = fy(0) - 12;
    const ap = i.averagePrecision === null ? 'n/a' : i.averagePrecision.toFixed(3);
    out.push(`<text x="${fx(0) + 8}" y="${legendY}" fill="#1f5fbf">AP ${ap} · ${i.positives} positive of ${i.n} · dashed: chance</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
