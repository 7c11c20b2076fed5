import { readHateAbusive } from '../data/hate-abusive.data.ts';
import { DEFAULT_FEATURE_SPEC } from '../features.ts';
import { stratifiedFolds } from '../metrics.ts';
import { mulberry32 } from '../rng.ts';
import type { TaskExample, TrainTask } from './task.ts';

/**
 * hate + abusive on Ibrohim & Budi 2019 (multi-label tweets). The shipped model trains on 80% of
 * the rows; 10% choose the fusion and the thresholds (calibration) and 10% only measure (test);
 * the split is stratified by the (HS, Abusive) pair and seeded. `--cv 5` runs 5-fold
 * cross-validation over all rows instead.
 */
export const hateAbusiveTask: TrainTask = {
  name: 'hate-abusive',
  labels: ['hate', 'abusive'],
  description: 'hate speech and abusive language (Ibrohim & Budi 2019 multi-label tweets)',
  model: { kind: 'linear', dim: 2, hidden: 0, features: { ...DEFAULT_FEATURE_SPEC, bits: 18 } },
  train: { epochs: 10, batchSize: 64, learningRate: 0.03, featureDropout: 0.3, l2: 1e-6 },
  threshold: { hate: { kind: 'max-f1' }, abusive: { kind: 'max-f1' } },
  load(ctx) {
    const { rows, file } = readHateAbusive(ctx.dataDir);
    const all: TaskExample[] = rows.map((r) => ({ text: r.text, y: r.y, source: file.path }));
    const folds = stratifiedFolds(all.map((r) => r.y), 10, mulberry32(ctx.seed));
    return {
      train: all.filter((_, i) => folds[i]! < 8),
      calibration: all.filter((_, i) => folds[i] === 8),
      test: all.filter((_, i) => folds[i] === 9),
      cvRows: all,
      files: [file],
      notes: ['split 80/10/10 (train/calibration/test), stratified by (HS, Abusive), seeded'],
    };
  },
};
