import type { Fusion } from './metadata.ts';

const EPS = 1e-4;
export const logit = (p: number) => {
  const q = Math.min(1 - EPS, Math.max(EPS, p));
  return Math.log(q / (1 - q));
};
const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** The fused score of one label: `sigmoid(a · logit(model) + b · rules + c)`. */
export function fuse(f: Fusion, model: number, rules: number): number {
  return sigmoid(f.a * logit(model) + f.b * rules + f.c);
}

/** The model alone. */
export const MODEL_ONLY: Fusion = Object.freeze({ a: 1, b: 0, c: 0 });

/**
 * Fit the three fusion parameters on held-out rows by Newton's method on the L2-penalised
 * log-loss (a 3x3 system per step; deterministic). `a` and `b` are kept non-negative: a higher
 * model probability or rule score never lowers the fused score. Falls back to the model alone
 * when the rows hold only one class.
 */
export function fitFusion(model: ArrayLike<number>, rules: ArrayLike<number>, gold: ArrayLike<number>, l2 = 0.1): Fusion {
  const n = model.length;
  let pos = 0;
  for (let i = 0; i < n; i++) pos += gold[i]! > 0 ? 1 : 0;
  if (pos === 0 || pos === n) return { ...MODEL_ONLY };
  const x = Array.from({ length: n }, (_, i) => [logit(model[i]!), rules[i]!, 1] as const);
  const w = [1, 0, 0];
  for (let iter = 0; iter < 50; iter++) {
    const g = [0, 0, 0];
    const H = [
      [0, 0, 0],
      [0, 0, 0],
      [0, 0, 0],
    ];
    for (let i = 0; i < n; i++) {
      const xi = x[i]!;
      const p = sigmoid(w[0]! * xi[0] + w[1]! * xi[1] + w[2]! * xi[2]);
      const r = p - (gold[i]! > 0 ? 1 : 0);
      const s = p * (1 - p);
      for (let a = 0; a < 3; a++) {
        g[a]! += r * xi[a]!;
        for (let b = 0; b < 3; b++) H[a]![b]! += s * xi[a]! * xi[b]!;
      }
    }
    // L2 on a and b (pulling a towards 1, b towards 0), none on the intercept.
    g[0]! += l2 * (w[0]! - 1);
    g[1]! += l2 * w[1]!;
    H[0]![0]! += l2;
    H[1]![1]! += l2;
    H[2]![2]! += 1e-9;
    const step = solve3(H, g);
    if (!step) break;
    let moved = 0;
    for (let a = 0; a < 3; a++) {
      w[a]! -= step[a]!;
      moved = Math.max(moved, Math.abs(step[a]!));
    }
    w[0] = Math.max(0, w[0]!);
    w[1] = Math.max(0, w[1]!);
    if (moved < 1e-8) break;
  }
  return { a: round(w[0]!), b: round(w[1]!), c: round(w[2]!) };
}

const round = (v: number) => Math.round(v * 1e6) / 1e6;

function solve3(A: number[][], b: number[]): number[] | null {
  const m = A.map((row, i) => [...row, b[i]!]);
  for (let c = 0; c < 3; c++) {
    let p = c;
    for (let r = c + 1; r < 3; r++) if (Math.abs(m[r]![c]!) > Math.abs(m[p]![c]!)) p = r;
    if (Math.abs(m[p]![c]!) < 1e-12) return null;
    [m[c], m[p]] = [m[p]!, m[c]!];
    for (let r = 0; r < 3; r++) {
      if (r === c) continue;
      const f = m[r]![c]! / m[c]![c]!;
      for (let k = c; k < 4; k++) m[r]![k]! -= f * m[c]![k]!;
    }
  }
  return [m[0]![3]! / m[0]![0]!, m[1]![3]! / m[1]![1]!, m[2]![3]! / m[2]![2]!];
}
