/**
 * Plain L2-regularised logistic regression on sparse rows (typed arrays), for quick experiments
 * (test/bench/*.experiments.ts): compares feature and data settings at the optimum of the loss.
 * The shipped models are trained in TensorFlow.js (src/training/train.ts); both minimise with the
 * same L-BFGS (src/training/lbfgs.ts: same line search and stopping rules).
 */
import { minimiseLbfgs } from '../../src/training/lbfgs.ts';

export type Sparse = { ids: Int32Array; vals: Float32Array };

/** L2-regularised logistic regression for one label, L-BFGS; returns weights (last = bias). */
export function fitLR(
  X: Sparse[],
  idx: number[],
  y: number[],
  V: number,
  lambda: number,
  iters = 300,
  wt?: (i: number) => number,
  dropout = 0,
): Float64Array {
  let n = 0;
  for (const i of idx) n += wt ? wt(i) : 1;
  // Per-feature penalty: lambda + a quadratic approximation of feature dropout (Wager et al.
  // 2013): delta/(1-delta) · mean_i wt_i x_ib² · p(1-p), with p(1-p) taken as 1/4.
  const pen = new Float64Array(V).fill(lambda);
  if (dropout > 0) {
    const f = (dropout / (1 - dropout)) * 0.25 * 2;
    for (const i of idx) {
      const x = X[i]!;
      const wi = wt ? wt(i) : 1;
      for (let j = 0; j < x.ids.length; j++) pen[x.ids[j]!]! += (f * wi * x.vals[j]! * x.vals[j]!) / n;
    }
  }
  const D = V + 1;
  const w = new Float64Array(D);
  const lossGrad = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (const i of idx) {
      const x = X[i]!;
      let z = w[V]!;
      for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
      const yi = y[i]!;
      loss += (wt ? wt(i) : 1) * (z > 0 ? Math.log1p(Math.exp(-z)) + (1 - yi) * z : Math.log1p(Math.exp(z)) - yi * z);
      const wi = wt ? wt(i) : 1;
      const r = (wi * (1 / (1 + Math.exp(-z)) - yi)) / n;
      for (let j = 0; j < x.ids.length; j++) g[x.ids[j]!]! += r * x.vals[j]!;
      g[V]! += r;
    }
    loss /= n;
    for (let k = 0; k < V; k++) {
      loss += 0.5 * pen[k]! * w[k]! * w[k]!;
      g[k]! += pen[k]! * w[k]!;
    }
    return loss;
  };
  return minimiseLbfgs(lossGrad, w, { maxIterations: iters }).x;
}
