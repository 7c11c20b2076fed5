import { describe, expect, it } from 'vitest';
import { bootstrapCompare, clearGain } from '../../../src/eval/bootstrap.ts';

describe('paired bootstrap intervals', () => {
  it('a one-row difference on a few rows is noise; a large consistent gain on many rows is not', () => {
    const gold = [true, false, false, true, false];
    const a = [true, false, false, false, false];
    const b = [true, false, false, true, false];
    const small = bootstrapCompare(gold, [a, b], [[0, 1]], { seed: 3 });
    expect(small.gains[0]!.value).toBeCloseTo(1 - 2 / 3, 6);
    expect(small.gains[0]!.lo).toBeLessThanOrEqual(0);
    expect(clearGain(small.gains[0])).toBe(false);
    expect(small.models[0]!.f1.lo!).toBeLessThanOrEqual(small.models[0]!.f1.value!);
    expect(small.models[0]!.f1.hi!).toBeGreaterThanOrEqual(small.models[0]!.f1.value!);

    const n = 400;
    const g = Array.from({ length: n }, (_, i) => i % 2 === 0);
    const weak = g.map((x, i) => (i % 8 === 0 ? x : false)); // finds a quarter of the positives
    const strong = g.map((x, i) => (i % 20 === 1 ? !x : x)); // nearly all right
    const big = bootstrapCompare(g, [weak, strong], [[0, 1]], { seed: 3 });
    expect(clearGain(big.gains[0])).toBe(true);
    // Same seed, same intervals: reproducible.
    expect(bootstrapCompare(g, [weak, strong], [[0, 1]], { seed: 3 })).toEqual(big);
  });
});
