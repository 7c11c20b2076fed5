import { describe, expect, it } from 'vitest';
import { bestF1Point, binaryMetrics, confusion, macroF1, metricsAt, microMetrics, prCurve } from '../../../src/eval/metrics.ts';
import { binaryMacroF1, chooseThreshold } from '../../../src/training/thresholds.ts';

const T = true;
const F = false;

describe('confusion and binary metrics (hand-computed)', () => {
  it('counts TP, FP, FN, TN', () => {
    // rows:      0  1  2  3  4  5
    const gold = [T, T, F, F, T, F];
    const pred = [T, F, T, F, T, F];
    expect(confusion(gold, pred)).toEqual({ tp: 2, fp: 1, fn: 1, tn: 2 });
  });

  it('precision 3/4, recall 3/6, F1 0.6', () => {
    const m = binaryMetrics({ tp: 3, fp: 1, fn: 3, tn: 10 });
    expect(m.precision).toBeCloseTo(0.75, 12);
    expect(m.recall).toBeCloseTo(0.5, 12);
    expect(m.f1).toBeCloseTo(0.6, 12); // 2 * 0.75 * 0.5 / 1.25
    expect(m.support).toBe(6);
    expect(m.predicted).toBe(4);
  });

  it('undefined cases: nothing predicted, no positives, both zero', () => {
    expect(binaryMetrics({ tp: 0, fp: 0, fn: 4, tn: 6 })).toMatchObject({ precision: null, recall: 0, f1: 0 });
    expect(binaryMetrics({ tp: 0, fp: 2, fn: 0, tn: 8 })).toMatchObject({ precision: 0, recall: null, f1: null });
    expect(binaryMetrics({ tp: 0, fp: 0, fn: 0, tn: 8 })).toMatchObject({ precision: null, recall: null, f1: null });
    expect(binaryMetrics({ tp: 0, fp: 3, fn: 2, tn: 5 })).toMatchObject({ precision: 0, recall: 0, f1: 0 });
  });

  it('rejects lengths that differ', () => {
    expect(() => confusion([T], [T, F])).toThrow(/1 gold values but 2/);
  });

  it('macro-F1 averages defined F1 only; micro sums counts', () => {
    expect(macroF1([{ f1: 0.6 }, { f1: null }, { f1: 1 }])).toBeCloseTo(0.8, 12);
    expect(macroF1([{ f1: null }])).toBeNull();
    // a: tp 3 fp 1 fn 3; b: tp 1 fp 1 fn 0 -> tp 4 fp 2 fn 3: P 4/6, R 4/7, F1 = 8/13
    const micro = microMetrics([
      { tp: 3, fp: 1, fn: 3, tn: 0 },
      { tp: 1, fp: 1, fn: 0, tn: 5 },
    ]);
    expect(micro.precision).toBeCloseTo(4 / 6, 12);
    expect(micro.recall).toBeCloseTo(4 / 7, 12);
    expect(micro.f1).toBeCloseTo(8 / 13, 12);
  });
});

describe('precision-recall curve (hand-computed)', () => {
  const scores = [0.9, 0.8, 0.8, 0.3, 0.1];
  const gold = [T, F, T, T, F];

  it('has one point per distinct score, ties entering together', () => {
    const c = prCurve(gold, scores);
    expect(c.positives).toBe(3);
    expect(c.points.map((p) => [p.threshold, p.tp, p.fp])).toEqual([
      [0.9, 1, 0],
      [0.8, 2, 1],
      [0.3, 3, 1],
      [0.1, 3, 2],
    ]);
    expect(c.points.map((p) => p.precision)).toEqual([1, 2 / 3, 3 / 4, 3 / 5]);
    expect(c.points.map((p) => p.recall)).toEqual([1 / 3, 2 / 3, 1, 1]);
  });

  it('average precision = sum of recall gain x precision = 29/36', () => {
    // 1/3 * 1 + 1/3 * 2/3 + 1/3 * 3/4 + 0 * 3/5
    expect(prCurve(gold, scores).averagePrecision).toBeCloseTo(29 / 36, 12);
  });

  it('does not depend on row order within a tie', () => {
    const a = prCurve([F, T, T, T, F], [0.8, 0.8, 0.9, 0.3, 0.1]);
    expect(a.points).toEqual(prCurve(gold, scores).points);
    expect(a.averagePrecision).toBeCloseTo(29 / 36, 12);
  });

  it('a perfect ranking has AP 1; no positives gives AP null', () => {
    expect(prCurve([T, T, F], [0.9, 0.7, 0.2]).averagePrecision).toBe(1);
    expect(prCurve([F, F], [0.4, 0.2]).averagePrecision).toBeNull();
  });

  it('best-F1 point: threshold 0.3 (P 3/4, R 1, F1 6/7)', () => {
    const b = bestF1Point(prCurve(gold, scores))!;
    expect(b.threshold).toBe(0.3);
    expect(b.f1).toBeCloseTo(6 / 7, 12);
  });
});

// One metrics module for netra eval, model metadata and training reports: the README's
// conventions hold for training figures too (they once said precision 0 when nothing was flagged).
describe('metrics at a threshold (training, model metadata)', () => {
  it('precision is n/a (null) when nothing was flagged; recall and F1 are n/a without positives', () => {
    expect(metricsAt([0.2, 0.1, 0.3], [1, 0, 1], 0.5)).toEqual({
      threshold: 0.5,
      tp: 0,
      fp: 0,
      fn: 2,
      tn: 1,
      precision: null,
      recall: 0,
      f1: 0,
    });
    expect(metricsAt([0.9, 0.1], [0, 0], 0.5)).toEqual({
      threshold: 0.5,
      tp: 0,
      fp: 1,
      fn: 0,
      tn: 1,
      precision: 0,
      recall: null,
      f1: null,
    });
    expect(metricsAt([0.9, 0.6, 0.2, 0.7], [1, 0, 1, 1], 0.5)).toEqual({
      threshold: 0.5,
      tp: 2,
      fp: 1,
      fn: 1,
      tn: 0,
      precision: 2 / 3,
      recall: 2 / 3,
      f1: 2 / 3,
    });
  });

  it('threshold choice counts an undefined metric as 0 (the choices are those of the shipped models)', () => {
    const scores = [0.9, 0.8, 0.7, 0.4, 0.2];
    const gold = [1, 0, 1, 1, 0];
    expect(chooseThreshold(scores, gold, { kind: 'max-f1' })).toMatchObject({ threshold: 0.4, tp: 3, fp: 1, f1: 6 / 7 });
    expect(chooseThreshold(scores, gold, { kind: 'min-recall', recall: 0.6 }).threshold).toBe(0.7);
    expect(chooseThreshold([0.1, 0.2], [0, 0], { kind: 'max-f1' }).threshold).toBe(0.2);
    expect(binaryMacroF1([0.1, 0.2], [1, 0], 0.5)).toBeCloseTo(1 / 3, 12);
  });
});
