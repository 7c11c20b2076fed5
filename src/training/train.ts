// tfjs-core registers no gradients by itself; the tfjs-layers bundle registers all of them.
import '@tensorflow/tfjs-layers';
import { mulberry32, shuffleInPlace } from '../domain/seeded-random.ts';
import type { Features } from '../model/features.ts';
import { HashedModel, checkConfig, weightShapes, type ModelConfig, type ModelWeights } from '../model/hashed-model.ts';
import { initBackend, tf } from '../model/tf-backend.ts';
import { registerGatherGradient } from './gather-gradient.ts';
import { minimiseLbfgs } from './lbfgs.ts';

export interface TrainExample {
  features: Features;
  /** 0/1 per label, in config.labels order. */
  targets: Float32Array;
  /** Loss weight (default 1). */
  weight?: number;
  /** Per label, 1 where the target is known and 0 where it is not (no loss); default all known. */
  mask?: Float32Array;
}

export interface TrainOptions {
  /**
   * `adam`: mini-batch Adam for `epochs` with feature dropout. `lbfgs` (linear models): full-batch
   * L-BFGS on the L2-penalised loss until it converges (or `maxIterations`); loss and gradients
   * computed by TensorFlow.js; deterministic, no dropout, `epochs` and `learningRate` unused.
   */
  optimizer?: 'adam' | 'lbfgs';
  /** L-BFGS iterations at most (default 300). */
  maxIterations?: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
  seed: number;
  /** Probability of dropping each feature of a training example in a step. */
  featureDropout: number;
  /** L2 penalty on the dense layers (bag) or the embedding rows used in a batch (linear). */
  l2: number;
  /** Called after each epoch with the mean training loss. */
  onEpoch?: (epoch: number, loss: number) => void;
  /** Called after each batch with the number of examples in it (L-BFGS: 1 per iteration). */
  onBatch?: (n: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'seed'> = {
  epochs: 8,
  batchSize: 64,
  learningRate: 0.02,
  featureDropout: 0.2,
  l2: 1e-6,
};

/** Glorot-uniform style initial values from a seeded generator (reproducible across runs). */
function initWeights(c: ModelConfig, rnd: () => number): ModelWeights {
  const w: Partial<ModelWeights> = {};
  for (const { name, shape } of weightShapes(c)) {
    const n = shape.reduce((a, b) => a * b, 1);
    const arr = new Float32Array(n);
    if (name === 'emb') {
      // linear: start at 0 (plain logistic regression); bag: small uniform values.
      if (c.kind === 'bag') {
        const a = 1 / c.dim;
        for (let i = 0; i < n; i++) arr[i] = (rnd() * 2 - 1) * a;
      }
    } else if (shape.length === 2) {
      const a = Math.sqrt(6 / (shape[0]! + shape[1]!));
      for (let i = 0; i < n; i++) arr[i] = (rnd() * 2 - 1) * a;
    }
    w[name] = arr;
  }
  return w as ModelWeights;
}

/**
 * Train a hashed model in TensorFlow.js (Adam, sigmoid cross-entropy per label, mini-batches
 * with feature dropout). Deterministic for a given seed: initial values, shuffling and dropout
 * come from a seeded generator, and the backend runs single-threaded.
 */
export async function trainModel(config: ModelConfig, data: readonly TrainExample[], o: TrainOptions): Promise<HashedModel> {
  checkConfig(config);
  await initBackend();
  registerGatherGradient();
  if (o.optimizer === 'lbfgs') return trainLbfgs(config, data, o);
  const rnd = mulberry32(o.seed);
  const init = initWeights(config, rnd);
  const shapes = weightShapes(config);
  const vars = new Map<string, tf.Variable>();
  for (const { name, shape } of shapes) vars.set(name, tf.variable(tf.tensor(init[name]!, shape, 'float32'), true, name));
  const L = config.labels.length;
  const D = config.dim;
  const optimizer = tf.train.adam(o.learningRate);
  const order = data.map((_, i) => i);

  const forward = (ids: tf.Tensor2D, vals: tf.Tensor2D): tf.Tensor2D => {
    const [B, W] = ids.shape;
    const rows = tf.gather(vars.get('emb')!, tf.reshape(ids, [B * W]));
    const pooled = tf.sum(tf.mul(tf.reshape(rows, [B, W, D]), tf.reshape(vals, [B, W, 1])), 1) as tf.Tensor2D;
    if (config.kind === 'linear') return tf.add(pooled, vars.get('b2')!) as tf.Tensor2D;
    let x: tf.Tensor2D = pooled;
    if (config.hidden > 0) x = tf.relu(tf.add(tf.matMul(x, vars.get('w1')! as tf.Tensor2D), vars.get('b1')!)) as tf.Tensor2D;
    return tf.add(tf.matMul(x, vars.get('w2')! as tf.Tensor2D), vars.get('b2')!) as tf.Tensor2D;
  };

  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      shuffleInPlace(order, rnd);
      let lossSum = 0;
      let seen = 0;
      for (let s = 0; s < order.length; s += o.batchSize) {
        const batch = order.slice(s, s + o.batchSize);
        const B = batch.length;
        let W = 1;
        for (const i of batch) W = Math.max(W, data[i]!.features.ids.length);
        const ids = new Int32Array(B * W);
        const vals = new Float32Array(B * W);
        const y = new Float32Array(B * L);
        const wt = new Float32Array(B * L);
        batch.forEach((i, b) => {
          const ex = data[i]!;
          const f = ex.features;
          let kept = 0;
          for (let j = 0; j < f.ids.length; j++) {
            if (o.featureDropout > 0 && rnd() < o.featureDropout) continue;
            ids[b * W + kept] = f.ids[j]!;
            vals[b * W + kept] = f.vals[j]! / (1 - o.featureDropout);
            kept++;
          }
          y.set(ex.targets, b * L);
          for (let l = 0; l < L; l++) wt[b * L + l] = (ex.weight ?? 1) * (ex.mask ? ex.mask[l]! : 1);
        });
        const loss = tf.tidy(() => {
          const idsT = tf.tensor2d(ids, [B, W], 'int32');
          const valsT = tf.tensor2d(vals, [B, W]);
          const yT = tf.tensor2d(y, [B, L]);
          const wT = tf.tensor2d(wt, [B, L]);
          const wSum = Math.max(1e-9, wt.reduce((a, b) => a + b, 0) / L);
          const cost = optimizer.minimize(() => {
            const logits = forward(idsT, valsT);
            const ce = tf.div(
              tf.sum(tf.mul(tf.losses.sigmoidCrossEntropy(yT, logits, undefined, 0, tf.Reduction.NONE), wT)),
              wSum * L,
            ) as tf.Scalar;
            if (o.l2 <= 0) return ce;
            let reg: tf.Tensor = tf.scalar(0);
            for (const [name, v] of vars)
              if (name === 'w1' || name === 'w2' || (config.kind === 'linear' && name === 'emb')) reg = tf.add(reg, tf.sum(tf.square(v)));
            return tf.add(ce, tf.mul(reg, o.l2)) as tf.Scalar;
          }, true);
          return cost!.dataSync()[0]!;
        });
        lossSum += loss * B;
        seen += B;
        o.onBatch?.(B);
      }
      o.onEpoch?.(epoch + 1, lossSum / Math.max(1, seen));
    }
    const weights: Partial<ModelWeights> = {};
    for (const { name } of shapes) weights[name] = new Float32Array(vars.get(name)!.dataSync());
    return new HashedModel(config, weights as ModelWeights);
  } finally {
    for (const v of vars.values()) v.dispose();
    optimizer.dispose();
  }
}

/**
 * Full-batch L-BFGS for a `linear` model: minimises mean weighted sigmoid cross-entropy (over the
 * known (row, label) cells) + l2 · Σ emb², the bias unpenalised. The loss and its exact gradient
 * are computed on the rows as a sparse matrix in typed arrays (CSR), label columns interleaved as
 * in the model's weight table; the minimiser (./lbfgs.ts: two-loop recursion, backtracking line
 * search, stopping rules) runs on Float64Arrays. (Computing them through TensorFlow.js's gather
 * gradient scattered a dense 2^18 x L table per chunk of rows and took minutes per iteration on
 * two shared cores; the objective and its optimum are the same.) The weights are returned as a
 * HashedModel, saved in TensorFlow.js's format like every model.
 */
async function trainLbfgs(config: ModelConfig, data: readonly TrainExample[], o: TrainOptions): Promise<HashedModel> {
  if (config.kind !== 'linear') throw new Error('the lbfgs optimizer trains linear models only');
  const L = config.labels.length;
  const V = 2 ** config.features.bits;
  const nEmb = V * L;
  const D = nEmb + L;
  // Mean over (row, label) cells whose target is known, weighted.
  let wSum = 0;
  for (const ex of data) for (let l = 0; l < L; l++) wSum += (ex.weight ?? 1) * (ex.mask ? ex.mask[l]! : 1);
  wSum /= L;
  if (data.length === 0 || wSum <= 0) throw new Error('no training rows');
  const N = data.length;
  const ptr = new Int32Array(N + 1);
  for (let i = 0; i < N; i++) ptr[i + 1] = ptr[i]! + data[i]!.features.ids.length;
  const col = new Int32Array(ptr[N]!);
  const val = new Float64Array(ptr[N]!);
  const y = new Float64Array(N * L);
  const wt = new Float64Array(N * L);
  data.forEach((ex, i) => {
    col.set(ex.features.ids, ptr[i]!);
    val.set(ex.features.vals, ptr[i]!);
    for (let l = 0; l < L; l++) {
      y[i * L + l] = ex.targets[l]!;
      wt[i * L + l] = ((ex.weight ?? 1) * (ex.mask ? ex.mask[l]! : 1)) / (wSum * L);
    }
  });
  const x = new Float64Array(D);
  const z = new Float64Array(L);

  /** Loss and gradient at `w` (written into `g`). */
  const evaluate = (w: Float64Array, g: Float64Array): number => {
    g.fill(0);
    let loss = 0;
    for (let i = 0; i < N; i++) {
      const a = ptr[i]!;
      const b = ptr[i + 1]!;
      for (let l = 0; l < L; l++) z[l] = w[nEmb + l]!;
      for (let j = a; j < b; j++) {
        const base = col[j]! * L;
        const v = val[j]!;
        for (let l = 0; l < L; l++) z[l]! += w[base + l]! * v;
      }
      for (let l = 0; l < L; l++) {
        const c = wt[i * L + l]!;
        if (c === 0) {
          z[l] = 0;
          continue;
        }
        const zl = z[l]!;
        const yl = y[i * L + l]!;
        // Stable sigmoid cross-entropy: max(z, 0) - z·y + log(1 + e^-|z|).
        loss += c * (Math.max(zl, 0) - zl * yl + Math.log1p(Math.exp(-Math.abs(zl))));
        const r = c * (1 / (1 + Math.exp(-zl)) - yl);
        z[l] = r;
        g[nEmb + l]! += r;
      }
      for (let j = a; j < b; j++) {
        const base = col[j]! * L;
        const v = val[j]!;
        for (let l = 0; l < L; l++) g[base + l]! += z[l]! * v;
      }
    }
    for (let k = 0; k < nEmb; k++) {
      const wk = w[k]!;
      if (wk !== 0) {
        loss += o.l2 * wk * wk;
        g[k]! += 2 * o.l2 * wk;
      }
    }
    return loss;
  };

  const maxIt = o.maxIterations ?? 300;
  const { iterations } = minimiseLbfgs(evaluate, x, {
    maxIterations: maxIt,
    onIteration: (it, loss) => {
      o.onBatch?.(1);
      o.onEpoch?.(it, loss);
    },
  });
  if (iterations < maxIt) o.onBatch?.(maxIt - iterations);
  return new HashedModel(config, { emb: Float32Array.from(x.subarray(0, nEmb)), b2: Float32Array.from(x.subarray(nEmb)) });
}
