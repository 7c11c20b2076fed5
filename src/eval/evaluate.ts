import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Classifier } from '../domain/classification.ts';
import type { Label } from '../domain/labels.ts';
import type { Progress } from '../log/progress.ts';
import type { EvalData } from './eval-data.ts';
import { buildEvalReport, type EvalReport } from './eval-report.ts';
import { evalReportMarkdown } from './eval-report.md.ts';
import { classifyRows } from './eval-run.ts';
import { prCurveSvg } from './pr-curve.svg.ts';

export interface EvaluateOptions {
  /** Rows read by {@link loadEvalData} (read them before loading a classifier: bad data fails fast). */
  data: EvalData;
  split?: string;
  labels: readonly Label[];
  classifier: Classifier;
  command: string;
  batchSize?: number;
  /** Called with the row count once the data is read; returns the progress to tick. */
  progress?: (total: number) => Progress;
}

/** Classify the rows and compute the report. Writes nothing. */
export async function evaluate(o: EvaluateOptions): Promise<EvalReport> {
  const data = o.data;
  const sha256 = createHash('sha256')
    .update(await readFile(data.file))
    .digest('hex');
  const predictions = await classifyRows(data.rows, o.classifier, {
    ...(o.batchSize ? { batchSize: o.batchSize } : {}),
    ...(o.progress ? { progress: o.progress(data.rows.length) } : {}),
  });
  return buildEvalReport({
    data,
    dataSha256: sha256,
    split: o.split ?? null,
    labels: o.labels,
    predictions,
    classifier: { name: o.classifier.name, versions: o.classifier.versions, thresholds: o.classifier.thresholds },
    command: o.command,
  });
}

/** Write `report.json`, `report.md` and `pr-<label>.svg` into `dir`; returns the paths written. */
export async function writeEvalReport(report: EvalReport, dir: string, o: { maxErrors?: number } = {}): Promise<string[]> {
  await mkdir(dir, { recursive: true });
  const written: string[] = [];
  const put = async (name: string, content: string) => {
    const p = path.join(dir, name);
    await writeFile(p, content, 'utf8');
    written.push(p);
  };
  await put('report.json', `${JSON.stringify(report, null, 2)}\n`);
  await put('report.md', evalReportMarkdown(report, o));
  const sub = `${path.basename(report.data.file)}${report.data.split ? ` (${report.data.split})` : ''} · ${report.classifier.name} · ${report.data.rows} rows`;
  for (const l of report.labels) {
    await put(
      `pr-${l.label}.svg`,
      prCurveSvg({
        title: `${l.label}: precision-recall`,
        subtitle: sub,
        points: l.curve,
        positives: l.support,
        n: report.data.rows,
        averagePrecision: l.averagePrecision,
        operating: { threshold: l.threshold, precision: l.precision, recall: l.recall },
      }),
    );
  }
  return written;
}
