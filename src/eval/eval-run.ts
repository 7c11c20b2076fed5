import type { Classification, Classifier } from '../domain/classification.ts';
import type { Progress } from '../log/progress.ts';
import type { EvalRow } from './eval-data.ts';

/** What the classifier said about one row, kept for metrics and error listing. */
export interface EvalPrediction {
  row: EvalRow;
  classification: Classification;
}

/** Classify every row in batches (the classifier's own batching path), ticking progress. */
export async function classifyRows(
  rows: readonly EvalRow[],
  classifier: Classifier,
  o: { batchSize?: number; progress?: Progress } = {},
): Promise<EvalPrediction[]> {
  const batchSize = o.batchSize ?? 256;
  const out: EvalPrediction[] = [];
  for (let i = 0; i < rows.length; i += batchSize) {
    const batch = rows.slice(i, i + batchSize);
    const results = await classifier.classify(batch.map((r) => r.text));
    if (results.length !== batch.length)
      throw new Error(`classifier ${classifier.name} returned ${results.length} results for ${batch.length} texts`);
    batch.forEach((row, k) => out.push({ row, classification: results[k]! }));
    o.progress?.tick(batch.length);
  }
  o.progress?.done();
  return out;
}
