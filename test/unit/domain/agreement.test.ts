import { describe, expect, it } from 'vitest';
import { cohensKappa, describeKappa, type RatingPair } from '../../../src/domain/agreement.ts';

const pairs = (yy: number, yn: number, ny: number, nn: number): RatingPair[] => [
  ...Array<RatingPair>(yy).fill([true, true]),
  ...Array<RatingPair>(yn).fill([true, false]),
  ...Array<RatingPair>(ny).fill([false, true]),
  ...Array<RatingPair>(nn).fill([false, false]),
];

describe("Cohen's kappa", () => {
  it('matches the textbook example (20/5/10/15 -> 0.4)', () => {
    const r = cohensKappa(pairs(20, 5, 10, 15));
    expect(r.n).toBe(50);
    expect(r.observed).toBeCloseTo(0.7, 10);
    expect(r.expected).toBeCloseTo(0.5, 10);
    expect(r.kappa).toBeCloseTo(0.4, 10);
  });

  it('is 1 for perfect agreement and negative below chance', () => {
    expect(cohensKappa(pairs(10, 0, 0, 10)).kappa).toBeCloseTo(1, 10);
    expect(cohensKappa(pairs(0, 10, 10, 0)).kappa).toBeCloseTo(-1, 10);
    // 45/15/25/15: po 0.6, pe = 0.6*0.7 + 0.4*0.3 = 0.54 -> (0.06)/(0.46)
    expect(cohensKappa(pairs(45, 15, 25, 15)).kappa).toBeCloseTo(0.06 / 0.46, 10);
  });

  it('is undefined with no items or when both always say the same single answer', () => {
    expect(cohensKappa([]).kappa).toBeNull();
    expect(cohensKappa(pairs(0, 0, 0, 8)).kappa).toBeNull();
    expect(cohensKappa(pairs(0, 0, 0, 8)).observed).toBe(1);
  });

  it('describes kappas in Landis and Koch words', () => {
    expect(describeKappa(0.4)).toBe('fair');
    expect(describeKappa(0.85)).toBe('almost perfect');
    expect(describeKappa(null)).toBe('undefined');
  });
});
