/**
 * Logistic regression by full-batch gradient descent, class-weighted (positives weigh as much as
 * all negatives together), for the claim matcher's calibration: a handful of features, a few
 * thousand rows. Deterministic.
 */
export function fitLogistic(x: readonly number[][], y: readonly number[], l2 = 0.01, iters = 4000, lr = 0.5): { w: number[]; b: number } {
  const d = x[0]!.length;
  const w = new Array<number>(d).fill(0);
  let b = 0;
  const pos = y.filter((v) => v === 1).length;
  const wPos = (y.length - pos) / Math.max(1, pos);
  const gw = new Array<number>(d);
  for (let it = 0; it < iters; it++) {
    gw.fill(0);
    let gb = 0;
    let n = 0;
    for (let i = 0; i < x.length; i++) {
      const xi = x[i]!;
      let z = b;
      for (let j = 0; j < d; j++) z += xi[j]! * w[j]!;
      const p = 1 / (1 + Math.exp(-z));
      const cw = y[i] === 1 ? wPos : 1;
      const g = (p - y[i]!) * cw;
      for (let j = 0; j < d; j++) gw[j]! += g * xi[j]!;
      gb += g;
      n += cw;
    }
    for (let j = 0; j < d; j++) w[j]! -= lr * (gw[j]! / n + l2 * w[j]!);
    b -= lr * (gb / n);
  }
  return { w, b };
}
