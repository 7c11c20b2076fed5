import type { FeatureSpec, Features } from './features.ts';

/**
 * A hashed bag-of-features model:
 * - `linear`: logistic regression over the hashed features: `emb` is `[buckets, labels]`,
 *   logits = Σ value · emb[id] + b2.
 * - `bag` (fastText-style): `emb` is `[buckets, dim]`, pooled = Σ value · emb[id], then an
 *   optional ReLU layer (`hidden` units, w1/b1) and a linear layer (w2/b2) to one logit per label.
 * Sigmoid per label (multi-label). Inference here runs on typed arrays (no tensor per batch);
 * training is in TensorFlow.js (src/training/train.ts) and must give the same numbers (tested).
 */
export interface ModelConfig {
  kind: 'linear' | 'bag';
  labels: string[];
  features: FeatureSpec;
  /** Embedding width (`bag`); equals labels.length for `linear`. */
  dim: number;
  /** Hidden ReLU units (`bag`); 0 = none. */
  hidden: number;
}

export interface ModelWeights {
  emb: Float32Array;
  w1?: Float32Array;
  b1?: Float32Array;
  w2?: Float32Array;
  b2: Float32Array;
}

/** Names and shapes of the weights of a config, in storage order. */
export function weightShapes(c: ModelConfig): { name: keyof ModelWeights; shape: number[] }[] {
  const V = 2 ** c.features.bits;
  const L = c.labels.length;
  if (c.kind === 'linear')
    return [
      { name: 'emb', shape: [V, L] },
      { name: 'b2', shape: [L] },
    ];
  const out: { name: keyof ModelWeights; shape: number[] }[] = [{ name: 'emb', shape: [V, c.dim] }];
  if (c.hidden > 0) out.push({ name: 'w1', shape: [c.dim, c.hidden] }, { name: 'b1', shape: [c.hidden] });
  const k = c.hidden > 0 ? c.hidden : c.dim;
  out.push({ name: 'w2', shape: [k, L] }, { name: 'b2', shape: [L] });
  return out;
}

export function checkConfig(c: ModelConfig): void {
  if (c.kind === 'linear' && c.dim !== c.labels.length)
    throw new Error(`linear model: dim ${c.dim} must equal the number of labels ${c.labels.length}`);
  if (c.kind !== 'linear' && c.kind !== 'bag') throw new Error(`unknown model kind ${String(c.kind)}`);
}

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/** A loaded model: config + weights, with typed-array inference. */
export class HashedModel {
  readonly config: ModelConfig;
  readonly weights: ModelWeights;
  private readonly pooled: Float64Array;
  private readonly hiddenBuf: Float64Array;

  constructor(config: ModelConfig, weights: ModelWeights) {
    checkConfig(config);
    for (const { name, shape } of weightShapes(config)) {
      const w = weights[name];
      const n = shape.reduce((a, b) => a * b, 1);
      if (!w || w.length !== n) throw new Error(`weight ${name}: expected ${n} values (${shape.join('x')}), got ${w?.length ?? 'none'}`);
    }
    this.config = config;
    this.weights = weights;
    this.pooled = new Float64Array(config.dim);
    this.hiddenBuf = new Float64Array(Math.max(1, config.hidden));
  }

  /** Logits per label for one feature vector. */
  logits(f: Features): Float64Array {
    const { dim, hidden, labels } = this.config;
    const { emb, w1, b1, w2, b2 } = this.weights;
    const p = this.pooled;
    p.fill(0);
    for (let j = 0; j < f.ids.length; j++) {
      const v = f.vals[j]!;
      const row = f.ids[j]! * dim;
      for (let d = 0; d < dim; d++) p[d]! += v * emb[row + d]!;
    }
    const L = labels.length;
    const out = new Float64Array(L);
    if (this.config.kind === 'linear') {
      for (let l = 0; l < L; l++) out[l] = p[l]! + b2[l]!;
      return out;
    }
    let x: Float64Array = p;
    let k = dim;
    if (hidden > 0) {
      const h = this.hiddenBuf;
      for (let u = 0; u < hidden; u++) {
        let s = b1![u]!;
        for (let d = 0; d < dim; d++) s += p[d]! * w1![d * hidden + u]!;
        h[u] = s > 0 ? s : 0;
      }
      x = h;
      k = hidden;
    }
    for (let l = 0; l < L; l++) {
      let s = b2[l]!;
      for (let u = 0; u < k; u++) s += x[u]! * w2![u * L + l]!;
      out[l] = s;
    }
    return out;
  }

  /** Probabilities per label for one feature vector. */
  predict(f: Features): Float64Array {
    const z = this.logits(f);
    for (let l = 0; l < z.length; l++) z[l] = sigmoid(z[l]!);
    return z;
  }

  /**
   * Contribution of each bucket to the logit of `label` (first-order: for `bag` models the
   * gradient of the logit with respect to the pooled vector, dotted with each bucket's row). Used
   * to turn a score into evidence spans; sums to the logit minus the bias for `linear` models.
   * `into`: an array of at least `f.ids.length` to write into instead of allocating (the first
   * `f.ids.length` entries are the result).
   */
  contributions(f: Features, label: number, into?: Float64Array): Float64Array {
    const { dim, hidden, labels, kind } = this.config;
    const { emb, w1, w2 } = this.weights;
    const L = labels.length;
    const g = new Float64Array(dim);
    if (kind === 'linear') g[label] = 1;
    else if (hidden === 0) for (let d = 0; d < dim; d++) g[d] = w2![d * L + label]!;
    else {
      // d logit / d pooled = W1 · (relu'(h) ⊙ W2[:, label])
      this.logits(f);
      const h = this.hiddenBuf;
      for (let d = 0; d < dim; d++) {
        let s = 0;
        for (let u = 0; u < hidden; u++) if (h[u]! > 0) s += w1![d * hidden + u]! * w2![u * L + label]!;
        g[d] = s;
      }
    }
    const out = into ?? new Float64Array(f.ids.length);
    for (let j = 0; j < f.ids.length; j++) {
      const row = f.ids[j]! * dim;
      let s = 0;
      for (let d = 0; d < dim; d++) s += g[d]! * emb[row + d]!;
      out[j] = f.vals[j]! * s;
    }
    return out;
  }
}
