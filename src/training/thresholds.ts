import { metricsAt, type ThresholdMetrics } from '../eval/metrics.ts';

/** How a threshold is chosen on held-out data. */
export type ThresholdRule =
  /** The threshold with the best F1. */
  | { kind: 'max-f1' }
  /** The highest threshold whose recall is at least `recall` (high recall at useful precision). */
  | { kind: 'min-recall'; recall: number }
  /** Best F-beta (beta > 1 favours recall). */
  | { kind: 'f-beta'; beta: number }
  /** Best macro-F1 over the positive and the negative class (when negatives must stay unflagged). */
  | { kind: 'max-macro-f1' };

/**
 * A rule, optionally with a cap on the flag rate on unlabelled everyday posts (TaskData.rateRows):
 * only thresholds that flag at most `maxPerThousand` of every 1,000 of them are candidates.
 */
export type CappedThresholdRule = ThresholdRule & { maxPerThousand?: number };

export function describeRule(r: CappedThresholdRule): string {
  const cap = r.maxPerThousand !== undefined ? ` among those flagging at most ${r.maxPerThousand} per 1,000 ordinary posts` : '';
  if (r.kind === 'max-f1') return `threshold with the best F1${cap}`;
  if (r.kind === 'min-recall') return `highest threshold with recall >= ${r.recall}${cap}`;
  if (r.kind === 'max-macro-f1') return `threshold with the best macro-F1 (positive and negative class)${cap}`;
  return `threshold with the best F${r.beta}${cap}`;
}

/** Flags per 1,000 of `scores` at threshold `t`. */
export function perThousand(scores: ArrayLike<number>, t: number): number {
  let n = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! >= t) n++;
  return scores.length > 0 ? (1000 * n) / scores.length : 0;
}

/**
 * Choose a threshold on held-out scores: candidates are the distinct scores (rounded to 1e-3)
 * in (0, 1). Ties keep the higher threshold (fewer flags at the same quality). A metric that is
 * undefined at a candidate (nothing flagged, no positive) counts as 0 there.
 */
export function chooseThreshold(
  scores: ArrayLike<number>,
  gold: ArrayLike<number>,
  rule: CappedThresholdRule,
  rateScores?: ArrayLike<number>,
): ThresholdMetrics {
  const cands = new Set<number>();
  for (let i = 0; i < scores.length; i++) cands.add(Math.min(0.999, Math.max(0.001, Math.round(scores[i]! * 1000) / 1000)));
  // With a cap on the everyday flag rate, the lowest allowed threshold is where the rate first
  // stays under the cap; a threshold just above it is a candidate too (scores need not coincide).
  let floor = 0;
  if (rule.maxPerThousand !== undefined && rateScores && rateScores.length > 0) {
    const sortedRate = Array.from(rateScores).sort((a, b) => b - a);
    const allowed = Math.floor((rule.maxPerThousand * rateScores.length) / 1000);
    floor = allowed < sortedRate.length ? sortedRate[allowed]! + 1e-9 : 0;
    cands.add(Math.min(0.999, Math.ceil(floor * 1000) / 1000));
  }
  const sorted = [...cands].filter((t) => t >= floor).sort((a, b) => b - a);
  let best: ThresholdMetrics | undefined;
  let bestValue = -1;
  for (const t of sorted) {
    const m = metricsAt(scores, gold, t);
    const precision = m.precision ?? 0;
    const recall = m.recall ?? 0;
    let value: number;
    if (rule.kind === 'max-f1') value = m.f1 ?? 0;
    else if (rule.kind === 'max-macro-f1') value = binaryMacroF1(scores, gold, t);
    else if (rule.kind === 'min-recall') {
      if (recall >= rule.recall) return m;
      continue;
    } else {
      const b2 = rule.beta * rule.beta;
      value = precision + recall > 0 ? ((1 + b2) * precision * recall) / (b2 * precision + recall) : 0;
    }
    if (value > bestValue) {
      bestValue = value;
      best = m;
    }
  }
  return best ?? metricsAt(scores, gold, Math.max(0.5, Math.min(0.999, Math.ceil(floor * 1000) / 1000)));
}

/**
 * Macro-F1 over the two classes (positive and negative) of a binary task; a class F1 that is
 * undefined (nothing predicted in it, or no row of it) counts as 0.
 */
export function binaryMacroF1(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold: number): number {
  const m = metricsAt(scores, gold, threshold);
  const negP = m.tn + m.fn > 0 ? m.tn / (m.tn + m.fn) : 0;
  const negR = m.tn + m.fp > 0 ? m.tn / (m.tn + m.fp) : 0;
  const negF1 = negP + negR > 0 ? (2 * negP * negR) / (negP + negR) : 0;
  return ((m.f1 ?? 0) + negF1) / 2;
}
