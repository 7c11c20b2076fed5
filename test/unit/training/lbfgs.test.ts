import { describe, expect, it } from 'vitest';
import { minimiseLbfgs } from '../../../src/training/lbfgs.ts';
import { fitLR } from '../../bench/lr-lbfgs.ts';

// f(x) = 10 + Σ c_k (x_k - t_k)²: minimum 10 at t.
const c = [1, 4, 0.5, 9];
const t = [1, -2, 3, 0.5];
const quadratic = (x: Float64Array, g: Float64Array) => {
  let f = 0;
  for (let k = 0; k < x.length; k++) {
    f += c[k]! * (x[k]! - t[k]!) ** 2;
    g[k] = 2 * c[k]! * (x[k]! - t[k]!);
  }
  return f + 10;
};

describe('L-BFGS (the trainer and the experiment harness share it)', () => {
  it('finds the minimum and stops when a step changes the loss by less than 1e-7 (relative)', () => {
    const losses: number[] = [];
    const r = minimiseLbfgs(quadratic, new Float64Array(4), { onIteration: (_, f) => losses.push(f) });
    for (let k = 0; k < 4; k++) expect(r.x[k]).toBeCloseTo(t[k]!, 3);
    expect(r.iterations).toBe(losses.length);
    expect(r.iterations).toBeLessThan(100);
    const [a, b] = losses.slice(-2);
    expect(Math.abs(a! - b!) / Math.abs(a!)).toBeLessThan(1e-7);
  });

  it('stops after maxIterations', () => {
    const r = minimiseLbfgs(quadratic, new Float64Array(4), { maxIterations: 2 });
    expect(r.iterations).toBe(2);
  });

  it("the harness's logistic regression is minimised by it (same iterate as calling it directly)", () => {
    const X = [0, 1, 2, 3, 0, 1].map((i) => ({ ids: Int32Array.of(i), vals: Float32Array.of(1) }));
    const y = [1, 1, 0, 0, 1, 0];
    const w = fitLR(X, [0, 1, 2, 3, 4, 5], y, 4, 0.1, 5);
    // With 5 iterations at most, the result is the 5th L-BFGS iterate: not yet the optimum, but deterministic.
    expect(Array.from(fitLR(X, [0, 1, 2, 3, 4, 5], y, 4, 0.1, 5))).toEqual(Array.from(w));
    expect(w[0]!).toBeGreaterThan(0);
    expect(w[3]!).toBeLessThan(0);
  });
});
