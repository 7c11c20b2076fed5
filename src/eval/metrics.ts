/**
 * Binary classification metrics per label: confusion counts, precision, recall, F1, macro-F1,
 * and the precision-recall curve over score thresholds. Pure functions, no I/O. The one
 * definition netra reports with: `netra eval`, model metadata, training and review comparisons.
 *
 * Conventions (documented in the README, "Evaluating"):
 * - precision is `null` when nothing was predicted positive (TP + FP = 0);
 * - recall is `null` when the data has no positive (TP + FN = 0);
 * - F1 is `null` when recall is `null` (no positive in the data); it is 0 when positives exist
 *   and none was found (whether or not anything was predicted);
 * - macro-F1 averages F1 over the labels whose F1 is defined, i.e. labels with at least one
 *   positive in the data (a label never present cannot be recalled; its false positives are
 *   still counted and shown).
 */

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface BinaryMetrics extends Confusion {
  /** Positives in the data: TP + FN. */
  support: number;
  /** Predicted positives: TP + FP. */
  predicted: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

/** Count TP/FP/FN/TN from gold booleans and predicted booleans of the same length. */
export function confusion(gold: readonly boolean[], predicted: readonly boolean[]): Confusion {
  if (gold.length !== predicted.length) throw new Error(`confusion: ${gold.length} gold values but ${predicted.length} predictions`);
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < gold.length; i++) {
    if (gold[i]) {
      if (predicted[i]) c.tp++;
      else c.fn++;
    } else if (predicted[i]) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Precision, recall and F1 from confusion counts (see the conventions above). */
export function binaryMetrics(c: Confusion): BinaryMetrics {
  const support = c.tp + c.fn;
  const predicted = c.tp + c.fp;
  const precision = predicted === 0 ? null : c.tp / predicted;
  const recall = support === 0 ? null : c.tp / support;
  let f1: number | null = null;
  if (precision !== null && recall !== null) f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  else if (recall !== null && predicted === 0) f1 = 0; // positives exist, none predicted: recall 0, F1 0
  return { ...c, support, predicted, precision, recall, f1 };
}

/** Confusion counts of scores against 0/1 gold at a threshold (score >= threshold is positive). */
export function confusionAt(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold: number): Confusion {
  const c: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= threshold;
    if (gold[i]! > 0) {
      if (p) c.tp++;
      else c.fn++;
    } else if (p) c.fp++;
    else c.tn++;
  }
  return c;
}

/** Metrics at a threshold, as model metadata and training reports record them (same conventions). */
export interface ThresholdMetrics extends Confusion {
  threshold: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export function metricsAt(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold: number): ThresholdMetrics {
  const { tp, fp, fn, tn, precision, recall, f1 } = binaryMetrics(confusionAt(scores, gold, threshold));
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

/** A metric for reports: three decimals, or n/a where it is undefined (see the conventions above). */
export function fmtMetric(v: number | null, digits = 3): string {
  return v === null ? 'n/a' : v.toFixed(digits);
}

/** Mean of the defined F1 values; `null` when none is defined. */
export function macroF1(perLabel: readonly { f1: number | null }[]): number | null {
  const defined = perLabel.map((m) => m.f1).filter((f): f is number => f !== null);
  return defined.length === 0 ? null : defined.reduce((a, b) => a + b, 0) / defined.length;
}

/** Micro-averaged metrics: confusion counts summed over labels. */
export function microMetrics(perLabel: readonly Confusion[]): BinaryMetrics {
  const sum = perLabel.reduce<Confusion>((a, c) => ({ tp: a.tp + c.tp, fp: a.fp + c.fp, fn: a.fn + c.fn, tn: a.tn + c.tn }), {
    tp: 0,
    fp: 0,
    fn: 0,
    tn: 0,
  });
  return binaryMetrics(sum);
}

/** One point of a precision-recall curve: predicting positive when `score >= threshold`. */
export interface PrPoint {
  threshold: number;
  precision: number;
  recall: number;
  tp: number;
  fp: number;
}

export interface PrCurve {
  /** One point per distinct score, from the highest threshold to the lowest. */
  points: PrPoint[];
  /** Positives in the data. */
  positives: number;
  /** Rows. */
  n: number;
  /**
   * Average precision: sum over the points of (recall gain) x precision, the step-wise area
   * under the curve as scikit-learn computes it. `null` without positives.
   */
  averagePrecision: number | null;
}

/**
 * The precision-recall curve of one label: for every distinct score t (descending), predict
 * positive when score >= t. Tied scores enter together, so the curve has one point per
 * distinct score, never an order-dependent split of a tie.
 */
export function prCurve(gold: readonly boolean[], scores: readonly number[]): PrCurve {
  if (gold.length !== scores.length) throw new Error(`prCurve: ${gold.length} gold values but ${scores.length} scores`);
  const order = scores.map((s, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  const positives = gold.reduce((n, g) => n + (g ? 1 : 0), 0);
  const points: PrPoint[] = [];
  let tp = 0;
  let fp = 0;
  for (let k = 0; k < order.length;) {
    const t = scores[order[k]!]!;
    while (k < order.length && scores[order[k]!] === t) {
      if (gold[order[k]!]) tp++;
      else fp++;
      k++;
    }
    points.push({ threshold: t, precision: tp / (tp + fp), recall: positives === 0 ? 0 : tp / positives, tp, fp });
  }
  let ap: number | null = null;
  if (positives > 0) {
    ap = 0;
    let prevRecall = 0;
    for (const p of points) {
      ap += (p.recall - prevRecall) * p.precision;
      prevRecall = p.recall;
    }
  }
  return { points, positives, n: gold.length, averagePrecision: ap };
}

/**
 * The threshold (one of the curve's points) with the highest F1, ties to the higher threshold.
 * Informative only: thresholds are chosen on dev data, never on the data being reported.
 */
export function bestF1Point(curve: PrCurve): (PrPoint & { f1: number }) | null {
  let best: (PrPoint & { f1: number }) | null = null;
  for (const p of curve.points) {
    const f1 = p.precision + p.recall === 0 ? 0 : (2 * p.precision * p.recall) / (p.precision + p.recall);
    if (best === null || f1 > best.f1) best = { ...p, f1 };
  }
  return best;
}

/**
 * Wilson score interval of a proportion k/n (95% with the default z): the interval that stays
 * inside [0, 1] and is honest for rare events (a few flags in thousands of posts), where the
 * normal approximation would go below 0. `[0, 0]` for n = 0.
 */
export function wilsonInterval(k: number, n: number, z = 1.959963984540054): [number, number] {
  if (n <= 0) return [0, 0];
  const p = k / n;
  const z2 = z * z;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (z / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return [Math.max(0, centre - half), Math.min(1, centre + half)];
}
