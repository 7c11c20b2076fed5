/**
 * Plain L2-regularised logistic regression on sparse rows by L-BFGS (typed arrays), for quick
 * experiments (test/bench/*.experiments.ts): compares feature and data settings at the optimum of
 * the loss. The shipped models are trained in TensorFlow.js (src/model/train.ts).
 */
import { axpy, dot } from '../../src/model/vec64.ts';

export type Sparse = { ids: Int32Array; vals: Float32Array };

/** L2-regularised logistic regression for one label, L-BFGS; returns weights (last = bias). */
export function fitLR(X: Sparse[], idx: number[], y: number[], V: number, lambda: number, iters = 300, wt?: (i: number) => number, dropout = 0): Float64Array {
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
  const m = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  let g = new Float64Array(D);
  let f = lossGrad(w, g);
  const dir = new Float64Array(D);
  const alpha = new Float64Array(m);
  for (let it = 0; it < iters; it++) {
    dir.set(g);
    const rho: number[] = S.map((s, k) => 1 / dot(s, Y[k]!));
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, dir);
      axpy(-alpha[k]!, Y[k]!, dir);
    }
    if (S.length > 0) {
      const s = S[S.length - 1]!;
      const yy = Y[Y.length - 1]!;
      const gamma = dot(s, yy) / dot(yy, yy);
      for (let k = 0; k < D; k++) dir[k]! *= gamma;
    }
    for (let k = 0; k < S.length; k++) {
      const b = rho[k]! * dot(Y[k]!, dir);
      axpy(alpha[k]! - b, S[k]!, dir);
    }
    let step = 1;
    const gd = dot(g, dir);
    const wNew = new Float64Array(D);
    const gNew = new Float64Array(D);
    let fNew = 0;
    for (let ls = 0; ls < 30; ls++) {
      for (let k = 0; k < D; k++) wNew[k] = w[k]! - step * dir[k]!;
      fNew = lossGrad(wNew, gNew);
      if (fNew <= f - 1e-4 * step * gd) break;
      step *= 0.5;
    }
    const s = new Float64Array(D);
    const yv = new Float64Array(D);
    for (let k = 0; k < D; k++) {
      s[k] = wNew[k]! - w[k]!;
      yv[k] = gNew[k]! - g[k]!;
    }
    w.set(wNew);
    const done = Math.abs(f - fNew) < 1e-9 * Math.max(1, Math.abs(f));
    f = fNew;
    g = gNew;
    if (dot(s, yv) > 1e-12) {
      S.push(s);
      Y.push(yv);
      if (S.length > m) {
        S.shift();
        Y.shift();
      }
    }
    if (done) break;
  }
  return w;
}
