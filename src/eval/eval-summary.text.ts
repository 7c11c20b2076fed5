import type { EvalReport } from './eval-report.ts';
import { fmtMetric as fmt } from './metrics.ts';

/** The short summary `netra eval` prints: one line per label, macro-F1, where the report went. */
export function evalSummaryText(r: EvalReport, outDir?: string): string {
  const head = ['label', 'thr', 'prec', 'recall', 'F1', 'support', 'TP', 'FP', 'FN', 'TN', 'AP'];
  const rows = r.labels.map((l) => [
    l.label,
    l.threshold.toFixed(2),
    fmt(l.precision),
    fmt(l.recall),
    fmt(l.f1),
    String(l.support),
    String(l.tp),
    String(l.fp),
    String(l.fn),
    String(l.tn),
    fmt(l.averagePrecision),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  const out = [
    `${r.data.file}${r.data.split ? ` (split ${r.data.split})` : ''}: ${r.data.rows} rows, classifier ${r.classifier.name} (key ${r.classifier.versions.key})`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `macro-F1 ${fmt(r.macroF1)} over ${r.macroLabels.join(', ') || 'no label'} (labels with positives); micro-F1 ${fmt(r.micro.f1)}`,
  ];
  if (r.certain) out.push(`rows not marked uncertain (${r.certain.rows}): macro-F1 ${fmt(r.certain.macroF1)}`);
  const nErr = Object.values(r.errors).reduce((n, e) => n + e.falsePositives.length + e.falseNegatives.length, 0);
  if (outDir) out.push(`${nErr} errors listed; report: ${outDir}/report.md (also report.json, pr-<label>.svg)`);
  return `${out.join('\n')}\n`;
}
