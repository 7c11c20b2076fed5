import type { Label } from '../domain/labels.ts';
import { mdCell } from './eval-report.md.ts';
import type { FlaggedSample, Rate, StreamReport } from './stream-eval.ts';

const per = (r: Rate) => `${r.perThousand.toFixed(1)} (${r.flags})`;
const ci = (r: Rate) => `${r.ci95[0].toFixed(1)}–${r.ci95[1].toFixed(1)}`;

/** The figures of a stream evaluation as Markdown (report.md). */
export function streamReportMarkdown(r: StreamReport): string {
  const labels = r.labels.map((l) => l.label);
  const out = [
    `# Flags per 1,000 posts: ${r.inputs.map((f) => mdCell(f)).join(', ')}${r.part ? ` (ordinary partition: ${r.part})` : ''}`,
    '',
    `${r.posts} posts · classifier \`${r.classifier.name}\` (key ${r.classifier.versions.key}; models ${
      Object.entries(r.classifier.versions.models)
        .map(([k, v]) => `${k} ${v}`)
        .join(', ') || 'none'
    }) · ${r.createdAt}`,
    '',
    `Command: \`${r.command}\``,
    '',
    '| label | flags | per 1,000 posts | Wilson 95% interval | threshold |',
    '|---|---:|---:|---|---:|',
    ...r.labels.map(
      (l) => `| ${l.label} | ${l.flags} | ${l.perThousand.toFixed(2)} | ${ci(l)} | ${r.classifier.thresholds[l.label].toFixed(2)} |`,
    ),
    `| any label | ${r.anyLabel.flags} | ${r.anyLabel.perThousand.toFixed(2)} | ${ci(r.anyLabel)} | |`,
    '',
    '## By post length (characters)',
    '',
    'Per 1,000 posts of each bucket (flags in brackets).',
    '',
    `| length | posts | ${labels.join(' | ')} |`,
    `|---|---:|${labels.map(() => '---:').join('|')}|`,
    ...r.byLength.map((b) => `| ${b.bucket} | ${b.posts} | ${labels.map((l) => per(b.labels[l]!)).join(' | ')} |`),
    '',
    '## By source',
    '',
    `| source | posts | ${labels.join(' | ')} |`,
    `|---|---:|${labels.map(() => '---:').join('|')}|`,
    ...r.bySource.map((s) => `| ${mdCell(s.source)} | ${s.posts} | ${labels.map((l) => per(s.labels[l]!)).join(' | ')} |`),
    '',
    '## What the flags rest on',
    '',
    'Flags per label carrying evidence of each kind (a flag can carry several).',
    '',
    '| label | ' + ['claim', 'lexicon', 'pattern', 'model'].join(' | ') + ' |',
    '|---|---:|---:|---:|---:|',
    ...labels.map((l) => `| ${l} | ${['claim', 'lexicon', 'pattern', 'model'].map((s) => r.evidenceSources[l]?.[s] ?? 0).join(' | ')} |`),
    '',
    `A seeded sample of the flagged posts (up to ${r.sample.perLabel} per label, seed ${r.sample.seed}) is in flagged-sample.md and flagged-sample.jsonl.`,
    '',
  ];
  return out.join('\n');
}

function sampleItem(s: FlaggedSample, i: number): string[] {
  const also = s.flags.filter((l) => l !== s.label);
  const lines = [
    `${i + 1}. **${mdCell(s.id)}** (${mdCell(s.source)}, ${s.chars} characters) · score ${s.score.toFixed(3)} / threshold ${s.threshold.toFixed(2)}${also.length ? ` · also flagged: ${also.join(', ')}` : ''}`,
    `   > ${mdCell(s.text) || '(empty)'}`,
  ];
  if (s.claim) {
    const shared = s.claim.shared?.length ? `; shared words: ${s.claim.shared.map(mdCell).join(', ')}` : '';
    lines.push(
      `   - claim \`${mdCell(s.claim.id)}\` ${s.claim.title ? `"${mdCell(s.claim.title)}"` : ''} (similarity ${s.claim.similarity.toFixed(3)})${shared}`,
    );
  }
  for (const e of s.evidence.filter((e) => e.source !== 'claim'))
    lines.push(`   - ${e.source}${e.rule ? ` \`${mdCell(e.rule)}\`` : ''}: "${mdCell(e.text.slice(0, 80))}" (${e.weight.toFixed(2)})`);
  return lines;
}

/** The sample of flagged posts as Markdown (flagged-sample.md): per label, each post with its evidence. */
export function flaggedSampleMarkdown(r: StreamReport): string {
  const out = [
    `# Flagged posts to read: ${r.inputs.map((f) => mdCell(f)).join(', ')}${r.part ? ` (${r.part})` : ''}`,
    '',
    `A uniform sample of each label's flags (reservoir sampling, seed ${r.sample.seed}), in input order. Read them: a flag is worth an analyst's look, or it is a false flag to fix.`,
    '',
  ];
  for (const l of r.labels) {
    const items = r.sample.posts.filter((s) => s.label === (l.label as Label));
    out.push(`## ${l.label}: ${items.length} of ${l.flags} flagged post(s)`, '');
    if (items.length === 0) out.push('None flagged.', '');
    items.forEach((s, i) => out.push(...sampleItem(s, i)));
    out.push('');
  }
  return out.join('\n');
}
