// tfjs-core registers no gradients by itself; the tfjs-layers bundle registers all of them.
import '@tensorflow/tfjs-layers';
import type { Features } from './features.ts';
import { HashedModel, checkConfig, weightShapes, type ModelConfig, type ModelWeights } from './hashed-model.ts';
import { mulberry32, shuffleInPlace } from './rng.ts';
import { initBackend, tf } from './tf-backend.ts';
import { registerGatherGradient } from './gather-gradient.ts';

export interface TrainExample {
  features: Features;
  /** 0/1 per label, in config.labels order. */
  targets: Float32Array;
  /** Loss weight (default 1). */
  weight?: number;
}

export interface TrainOptions {
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
  /** Called after each batch with the number of examples in it. */
  onBatch?: (n: number) => void;
}

export const DEFAULT_TRAIN_OPTIONS: Omit<TrainOptions, 'seed'> = { epochs: 8, batchSize: 64, learningRate: 0.02, featureDropout: 0.2, l2: 1e-6 };

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
        const wt = new Float32Array(B);
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
          wt[b] = ex.weight ?? 1;
        });
        const loss = tf.tidy(() => {
          const idsT = tf.tensor2d(ids, [B, W], 'int32');
          const valsT = tf.tensor2d(vals, [B, W]);
          const yT = tf.tensor2d(y, [B, L]);
          const wT = tf.tensor2d(wt, [B, 1]);
          const wSum = wt.reduce((a, b) => a + b, 0);
          const cost = optimizer.minimize(() => {
            const logits = forward(idsT, valsT);
            const ce = tf.div(tf.sum(tf.mul(tf.losses.sigmoidCrossEntropy(yT, logits, undefined, 0, tf.Reduction.NONE), wT)), wSum * L) as tf.Scalar;
            if (o.l2 <= 0) return ce;
            let reg: tf.Tensor = tf.scalar(0);
            for (const [name, v] of vars) if (name === 'w1' || name === 'w2' || (config.kind === 'linear' && name === 'emb')) reg = tf.add(reg, tf.sum(tf.square(v)));
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
