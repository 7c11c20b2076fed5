import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { StreamReport } from './stream-eval.ts';
import { flaggedSampleMarkdown, streamReportMarkdown } from './stream-report.md.ts';

/** Write report.json, report.md, flagged-sample.md and flagged-sample.jsonl into `dir`; returns the paths. */
export async function writeStreamReport(r: StreamReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, content: string) => {
    const p = path.join(dir, name);
    await writeFile(p, content, 'utf8');
    written.push(p);
  };
  await put(
    'report.json',
    `${JSON.stringify({ ...r, sample: { ...r.sample, posts: undefined, file: 'flagged-sample.jsonl' } }, null, 2)}\n`,
  );
  await put('report.md', streamReportMarkdown(r));
  await put('flagged-sample.md', flaggedSampleMarkdown(r));
  await put('flagged-sample.jsonl', r.sample.posts.map((s) => JSON.stringify(s)).join('\n') + (r.sample.posts.length ? '\n' : ''));
  return written;
}

/** The short summary `netra eval --stream` prints. */
export function streamSummaryText(r: StreamReport, outDir?: string): string {
  const head = ['label', 'flags', 'per 1,000', '95% interval'];
  const rows = [
    ...r.labels.map((l) => [l.label, String(l.flags), l.perThousand.toFixed(2), `${l.ci95[0].toFixed(2)}-${l.ci95[1].toFixed(2)}`]),
    [
      'any label',
      String(r.anyLabel.flags),
      r.anyLabel.perThousand.toFixed(2),
      `${r.anyLabel.ci95[0].toFixed(2)}-${r.anyLabel.ci95[1].toFixed(2)}`,
    ],
  ];
  const widths = head.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k]!.length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]!) : c.padStart(widths[k]!))).join('  ');
  const short = r.byLength.filter((b) => b.bucket === '0-19' || b.bucket === '20-39');
  const shortPosts = short.reduce((n, b) => n + b.posts, 0);
  const out = [
    `${r.inputs.join(', ')}${r.part ? ` (ordinary partition: ${r.part})` : ''}: ${r.posts} posts, classifier ${r.classifier.name} (key ${r.classifier.versions.key})`,
    '',
    line(head),
    ...rows.map(line),
    '',
    `posts under 40 characters: ${shortPosts} (${r.posts ? ((100 * shortPosts) / r.posts).toFixed(0) : 0}%), ${r.labels.map((l) => `${l.label} ${short.reduce((n, b) => n + (b.labels[l.label]?.flags ?? 0), 0)}`).join(', ')} flags`,
  ];
  if (outDir)
    out.push(`report: ${outDir}/report.md (by length and source); flagged posts to read: ${outDir}/flagged-sample.md (and .jsonl)`);
  return `${out.join('\n')}\n`;
}
