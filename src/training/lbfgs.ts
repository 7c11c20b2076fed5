/**
 * The L-BFGS minimiser of netra's trainer (`trainModel` with `optimizer: 'lbfgs'`), shared with
 * the experiment harnesses in test/bench, so that experiments optimise what ships.
 */

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) s += a[k]! * b[k]!;
  return s;
}

/** y += a * x */
function axpy(a: number, x: Float64Array, y: Float64Array): void {
  for (let k = 0; k < x.length; k++) y[k]! += a * x[k]!;
}

/** The loss at `w`; its gradient is written into `g`. */
export type LossAndGradient = (w: Float64Array, g: Float64Array) => number;

export interface LbfgsOptions {
  /** Iterations at most. @default 300 */
  maxIterations?: number;
  /** Called after each accepted step with the iteration count so far and the loss. */
  onIteration?: (iteration: number, loss: number) => void;
}

export interface LbfgsResult {
  /** The minimiser found (the start vector, updated in place). */
  x: Float64Array;
  loss: number;
  /** Iterations run (steps accepted). */
  iterations: number;
}

/**
 * Minimise `f` from `x` (updated in place): L-BFGS with a memory of 10 pairs, the two-loop
 * recursion, the first step scaled to unit length, and a backtracking (Armijo, c = 1e-4) line
 * search of at most 20 halvings. Stops when the relative loss change of a step falls below 1e-7,
 * when no step along the direction lowers the loss enough, when the direction is not a descent
 * direction, or after `maxIterations`.
 */
export function minimiseLbfgs(f: LossAndGradient, x: Float64Array, o: LbfgsOptions = {}): LbfgsResult {
  const D = x.length;
  const maxIt = o.maxIterations ?? 300;
  const m = 10;
  const S: Float64Array[] = [];
  const Y: Float64Array[] = [];
  const rho: number[] = [];
  let g = new Float64Array(D);
  let fx = f(x, g);
  const dir = new Float64Array(D);
  const alpha = new Float64Array(m);
  const xNew = new Float64Array(D);
  let it = 0;
  for (; it < maxIt; it++) {
    // Two-loop recursion: dir = H · g.
    dir.set(g);
    for (let k = S.length - 1; k >= 0; k--) {
      alpha[k] = rho[k]! * dot(S[k]!, dir);
      axpy(-alpha[k]!, Y[k]!, dir);
    }
    const gamma =
      S.length > 0
        ? dot(S[S.length - 1]!, Y[Y.length - 1]!) / dot(Y[Y.length - 1]!, Y[Y.length - 1]!)
        : 1 / Math.max(1e-12, Math.sqrt(dot(g, g)));
    for (let k = 0; k < D; k++) dir[k]! *= gamma;
    for (let k = 0; k < S.length; k++) axpy(alpha[k]! - rho[k]! * dot(Y[k]!, dir), S[k]!, dir);
    const slope = dot(g, dir);
    if (!(slope > 0)) break;
    let step = 1;
    let gNew = new Float64Array(D);
    let fNew = fx;
    let accepted = false;
    for (let ls = 0; ls < 20; ls++) {
      for (let k = 0; k < D; k++) xNew[k] = x[k]! - step * dir[k]!;
      fNew = f(xNew, gNew);
      if (fNew <= fx - 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) break;
    const sv = new Float64Array(D);
    const yv = new Float64Array(D);
    for (let k = 0; k < D; k++) {
      sv[k] = xNew[k]! - x[k]!;
      yv[k] = gNew[k]! - g[k]!;
    }
    x.set(xNew);
    const change = Math.abs(fx - fNew) / Math.max(1e-12, Math.abs(fx));
    fx = fNew;
    g = gNew;
    gNew = new Float64Array(D);
    const sy = dot(sv, yv);
    if (sy > 1e-12) {
      S.push(sv);
      Y.push(yv);
      rho.push(1 / sy);
      if (S.length > m) {
        S.shift();
        Y.shift();
        rho.shift();
      }
    }
    o.onIteration?.(it + 1, fx);
    if (change < 1e-7) {
      it++;
      break;
    }
  }
  return { x, loss: fx, iterations: it };
}
