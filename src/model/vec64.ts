/** Dense Float64 vector helpers for the L-BFGS trainer (and the experiment harnesses in test/bench). */

export function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** y += a * x */
export function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let k = 0; k < x.length; k++) y[k]! += a * x[k]!;
}
