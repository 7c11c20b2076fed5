/** Binary metrics of scores against 0/1 gold at a threshold (score >= threshold is positive). */
export interface BinaryMetrics {
  threshold: number;
  tp: number;
  fp: number;
  fn: number;
  tn: number;
  precision: number;
  recall: number;
  f1: number;
}

export function binaryMetrics(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold: number): BinaryMetrics {
  let tp = 0;
  let fp = 0;
  let fn = 0;
  let tn = 0;
  for (let i = 0; i < scores.length; i++) {
    const p = scores[i]! >= threshold;
    const g = gold[i]! > 0;
    if (p && g) tp++;
    else if (p) fp++;
    else if (g) fn++;
    else tn++;
  }
  const precision = tp + fp > 0 ? tp / (tp + fp) : 0;
  const recall = tp + fn > 0 ? tp / (tp + fn) : 0;
  const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
  return { threshold, tp, fp, fn, tn, precision, recall, f1 };
}

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

export function describeRule(r: ThresholdRule): string {
  if (r.kind === 'max-f1') return 'threshold with the best F1';
  if (r.kind === 'min-recall') return `highest threshold with recall >= ${r.recall}`;
  if (r.kind === 'max-macro-f1') return 'threshold with the best macro-F1 (positive and negative class)';
  return `threshold with the best F${r.beta}`;
}

/**
 * Choose a threshold on held-out scores: candidates are the distinct scores (rounded to 1e-3)
 * in (0, 1). Ties keep the higher threshold (fewer flags at the same quality).
 */
export function chooseThreshold(scores: ArrayLike<number>, gold: ArrayLike<number>, rule: ThresholdRule): BinaryMetrics {
  const cands = new Set<number>();
  for (let i = 0; i < scores.length; i++) cands.add(Math.min(0.999, Math.max(0.001, Math.round(scores[i]! * 1000) / 1000)));
  const sorted = [...cands].sort((a, b) => b - a);
  let best: BinaryMetrics | undefined;
  let bestValue = -1;
  for (const t of sorted) {
    const m = binaryMetrics(scores, gold, t);
    let value: number;
    if (rule.kind === 'max-f1') value = m.f1;
    else if (rule.kind === 'max-macro-f1') value = binaryMacroF1(scores, gold, t);
    else if (rule.kind === 'min-recall') {
      if (m.recall >= rule.recall) return m;
      continue;
    } else {
      const b2 = rule.beta * rule.beta;
      value = m.precision + m.recall > 0 ? ((1 + b2) * m.precision * m.recall) / (b2 * m.precision + m.recall) : 0;
    }
    if (value > bestValue) {
      bestValue = value;
      best = m;
    }
  }
  return best ?? binaryMetrics(scores, gold, 0.5);
}

/** Macro-F1 over the two classes (positive and negative) of a binary task. */
export function binaryMacroF1(scores: ArrayLike<number>, gold: ArrayLike<number>, threshold: number): number {
  const m = binaryMetrics(scores, gold, threshold);
  const negP = m.tn + m.fn > 0 ? m.tn / (m.tn + m.fn) : 0;
  const negR = m.tn + m.fp > 0 ? m.tn / (m.tn + m.fp) : 0;
  const negF1 = negP + negR > 0 ? (2 * negP * negR) / (negP + negR) : 0;
  return (m.f1 + negF1) / 2;
}

/** Stratified k-fold assignment (fold index per row) by the pattern of 0/1 labels, seeded. */
export function stratifiedFolds(ys: readonly (readonly number[])[], k: number, rnd: () => number): number[] {
  const groups = new Map<string, number[]>();
  ys.forEach((y, i) => {
    const key = y.join('');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  const fold = new Array<number>(ys.length).fill(0);
  let offset = 0;
  for (const key of [...groups.keys()].sort()) {
    const g = groups.get(key)!;
    for (let i = g.length - 1; i > 0; i--) {
      const j = Math.floor(rnd() * (i + 1));
      [g[i], g[j]] = [g[j]!, g[i]!];
    }
    g.forEach((row, j) => (fold[row] = (j + offset) % k));
    offset += g.length;
  }
  return fold;
}
