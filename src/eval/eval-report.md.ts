import type { EvalError, EvalReport } from './eval-report.ts';
import { fmtMetric as fmt } from './metrics.ts';

/** Table cell text: no line breaks, no pipes, no raw HTML (post texts are untrusted). */
export function mdCell(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '\\|')
    .replace(/`/g, '\\`')
    .replace(/\*/g, '\\*')
    .replace(/_/g, '\\_')
    .replace(/\[/g, '\\[')
    .replace(/\]/g, '\\]');
}

function errorTable(title: string, errs: readonly EvalError[], max: number): string[] {
  if (errs.length === 0) return [`${title}: none.`, ''];
  const shown = errs.slice(0, max);
  const lines = [
    `${title} (${errs.length}${errs.length > shown.length ? `, first ${shown.length} shown; all are in report.json` : ''}):`,
    '',
    '| id | line | score | gold | predicted | text | note |',
    '|---|---:|---:|---|---|---|---|',
  ];
  for (const e of shown) {
    const gold = e.gold.length ? e.gold.join(', ') : '–';
    const pred = e.predicted.length ? e.predicted.join(', ') : '–';
    const note = [e.uncertain ? '(uncertain)' : '', e.group ? `[${e.group}]` : '', e.note ?? ''].filter(Boolean).join(' ');
    lines.push(`| ${mdCell(e.id)} | ${e.line} | ${e.score.toFixed(3)} | ${gold} | ${pred} | ${mdCell(e.excerpt)} | ${mdCell(note)} |`);
  }
  lines.push('');
  return lines;
}

/** The report as Markdown, with the PR curves linked as `pr-<label>.svg` beside it. */
export function evalReportMarkdown(r: EvalReport, o: { maxErrors?: number } = {}): string {
  const max = o.maxErrors ?? 25;
  const L: string[] = [];
  L.push(`# Evaluation: ${mdCell(r.data.file)}${r.data.split ? ` (split ${mdCell(r.data.split)})` : ''}`, '');
  L.push(`- Date: ${r.createdAt}`);
  L.push(`- Command: \`${r.command.replace(/`/g, "'")}\``);
  L.push(
    `- Data: ${r.data.rows} rows${r.data.split ? ` of ${r.data.rowsInFile} (split ${mdCell(r.data.split)})` : ''}; SHA-256 \`${r.data.sha256}\`${r.data.postsFile ? `; texts from ${mdCell(r.data.postsFile)}` : ''}`,
  );
  const v = r.classifier.versions;
  const models =
    Object.entries(v.models)
      .map(([k, x]) => `${k} ${x}`)
      .join(', ') || 'none';
  L.push(`- Classifier: ${mdCell(r.classifier.name)} (nlp ${v.nlp}, lexicon ${v.lexicon}, models: ${mdCell(models)}, key ${v.key})`, '');
  L.push('## Per label', '');
  L.push('| label | threshold | precision | recall | F1 | support | TP | FP | FN | TN | AP | best-F1 threshold on this data (F1) |');
  L.push('|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|');
  for (const l of r.labels) {
    const best = l.bestF1 ? `${l.bestF1.threshold.toFixed(2)} (${l.bestF1.f1.toFixed(3)})` : 'n/a';
    L.push(
      `| ${l.label} | ${l.threshold.toFixed(2)} | ${fmt(l.precision)} | ${fmt(l.recall)} | ${fmt(l.f1)} | ${l.support} | ${l.tp} | ${l.fp} | ${l.fn} | ${l.tn} | ${fmt(l.averagePrecision)} | ${best} |`,
    );
  }
  L.push('');
  L.push(
    `**Macro-F1: ${fmt(r.macroF1)}** over ${r.macroLabels.length ? r.macroLabels.join(', ') : 'no label'} (labels with at least one positive row). Micro: P ${fmt(r.micro.precision)}, R ${fmt(r.micro.recall)}, F1 ${fmt(r.micro.f1)}.`,
  );
  L.push('');
  L.push(
    'Precision is n/a when nothing was flagged; recall and F1 are n/a when the data has no positive row. The best-F1 threshold is read off this same data: it shows what the curve allows, it is not a result (thresholds are chosen on dev data).',
    '',
  );
  if (r.certain) {
    L.push(`## Rows not marked uncertain (${r.certain.rows} of ${r.data.rows})`, '');
    L.push('| label | precision | recall | F1 | support | TP | FP | FN |', '|---|---:|---:|---:|---:|---:|---:|---:|');
    for (const l of r.certain.labels)
      L.push(`| ${l.label} | ${fmt(l.precision)} | ${fmt(l.recall)} | ${fmt(l.f1)} | ${l.support} | ${l.tp} | ${l.fp} | ${l.fn} |`);
    L.push('', `Macro-F1 on these rows: ${fmt(r.certain.macroF1)}.`, '');
  }
  const groupNames = Object.keys(r.groups).sort();
  if (groupNames.length > 0) {
    L.push('## By row group (`kind` or `stratum` in the data): TP / FP / FN', '');
    L.push(`| group | rows | ${r.labels.map((l) => l.label).join(' | ')} |`, `|---|---:|${r.labels.map(() => '---|').join('')}`);
    for (const g of groupNames) {
      const x = r.groups[g]!;
      L.push(
        `| ${mdCell(g)} | ${x.rows} | ${r.labels
          .map((l) => {
            const c = x.labels[l.label]!;
            return `${c.tp} / ${c.fp} / ${c.fn}`;
          })
          .join(' | ')} |`,
      );
    }
    L.push('');
  }
  if (r.partisanTargets) {
    const t = r.partisanTargets;
    L.push(
      `Partisan target: ${t.agree} of ${t.checked} true positives with a gold target name that target among their own (${fmt(t.agree / t.checked)}).`,
      '',
    );
  }
  if (r.hoaxClaims) {
    const t = r.hoaxClaims;
    L.push(
      `Hoax claim: ${t.agree} of ${t.checked} true positives whose row names its claim were matched to that claim (${fmt(t.agree / t.checked)}).`,
      '',
    );
  }
  L.push('## Precision-recall curves', '');
  for (const l of r.labels) L.push(`![${l.label}](pr-${l.label}.svg)`);
  L.push('');
  L.push('## Errors', '');
  L.push('False positives are listed from the highest score down, false negatives from the lowest score up.', '');
  for (const l of r.labels) {
    const e = r.errors[l.label]!;
    L.push(`### ${l.label}`, '');
    L.push(...errorTable('False positives', e.falsePositives, max));
    L.push(...errorTable('False negatives', e.falseNegatives, max));
  }
  return `${L.join('\n')}\n`;
}
