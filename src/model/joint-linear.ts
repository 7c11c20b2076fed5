import type { Features } from './features.ts';
import type { HashedModel } from './hashed-model.ts';

/**
 * Linear models that read the same features (same bucket count), scored in one pass at
 * inference. Their weight rows are interleaved in one table, so each feature costs one memory
 * access for all the models instead of one per model (the tables are megabytes and the buckets
 * random: inference waits on memory, not on arithmetic), and the sums stay in registers.
 * The numbers are exactly {@link HashedModel.predict}'s: the same float64 sums in the same order
 * (ascending bucket id), the same bias and sigmoid (tested).
 */
export class JointLinear {
  /** Probabilities of every model's labels, model after model, in label order (written by predict). */
  readonly out: Float64Array;
  /** The logits behind {@link out}. */
  private readonly z: Float64Array;
  /** Column of each model's first label in {@link out}. */
  readonly offsets: readonly number[];
  private readonly table: Float32Array;
  private readonly bias: Float64Array;
  private readonly acc: Float64Array;
  private readonly width: number;

  constructor(readonly models: readonly HashedModel[]) {
    if (models.length === 0) throw new Error('JointLinear needs at least one model');
    const bits = models[0]!.config.features.bits;
    for (const m of models) {
      if (m.config.kind !== 'linear') throw new Error(`JointLinear: model kind ${m.config.kind} is not linear`);
      if (m.config.features.bits !== bits) throw new Error('JointLinear: models with different bucket counts');
    }
    const offsets: number[] = [];
    let width = 0;
    for (const m of models) {
      offsets.push(width);
      width += m.config.labels.length;
    }
    const rows = 2 ** bits;
    const table = new Float32Array(rows * width);
    const bias = new Float64Array(width);
    models.forEach((m, k) => {
      const L = m.config.labels.length;
      const emb = m.weights.emb;
      const o = offsets[k]!;
      for (let r = 0; r < rows; r++) for (let l = 0; l < L; l++) table[r * width + o + l] = emb[r * L + l]!;
      for (let l = 0; l < L; l++) bias[o + l] = m.weights.b2[l]!;
    });
    this.offsets = offsets;
    this.table = table;
    this.bias = bias;
    this.width = width;
    this.acc = new Float64Array(width);
    this.out = new Float64Array(width);
    this.z = new Float64Array(width);
  }

  /** Score one feature vector: fills {@link out} and returns it. */
  predict(f: Features): Float64Array {
    const { ids, vals } = f;
    const t = this.table;
    const acc = this.acc;
    const n = ids.length;
    switch (this.width) {
      case 1: {
        let a0 = 0;
        for (let j = 0; j < n; j++) a0 += vals[j]! * t[ids[j]!]!;
        acc[0] = a0;
        break;
      }
      case 2: {
        let a0 = 0;
        let a1 = 0;
        for (let j = 0; j < n; j++) {
          const v = vals[j]!;
          const r = ids[j]! * 2;
          a0 += v * t[r]!;
          a1 += v * t[r + 1]!;
        }
        acc[0] = a0;
        acc[1] = a1;
        break;
      }
      case 3: {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        for (let j = 0; j < n; j++) {
          const v = vals[j]!;
          const r = ids[j]! * 3;
          a0 += v * t[r]!;
          a1 += v * t[r + 1]!;
          a2 += v * t[r + 2]!;
        }
        acc[0] = a0;
        acc[1] = a1;
        acc[2] = a2;
        break;
      }
      case 4: {
        let a0 = 0;
        let a1 = 0;
        let a2 = 0;
        let a3 = 0;
        for (let j = 0; j < n; j++) {
          const v = vals[j]!;
          const r = ids[j]! * 4;
          a0 += v * t[r]!;
          a1 += v * t[r + 1]!;
          a2 += v * t[r + 2]!;
          a3 += v * t[r + 3]!;
        }
        acc[0] = a0;
        acc[1] = a1;
        acc[2] = a2;
        acc[3] = a3;
        break;
      }
      default: {
        const w = this.width;
        acc.fill(0);
        for (let j = 0; j < n; j++) {
          const v = vals[j]!;
          const r = ids[j]! * w;
          for (let d = 0; d < w; d++) acc[d]! += v * t[r + d]!;
        }
      }
    }
    const out = this.out;
    for (let c = 0; c < this.width; c++) {
      // as HashedModel: the logit is stored as a float64 first, then the sigmoid
      const z = acc[c]! + this.bias[c]!;
      this.z[c] = z;
      out[c] = 1 / (1 + Math.exp(-z));
    }
    return out;
  }

  /**
   * Add a block of features (a model's rule-feature block, features.ts `ruleFeatures`) to one
   * column of the last {@link predict}: its logit gains Σ value · weight, and its probability is
   * recomputed. Equals the column's model scoring the bag and the block concatenated, up to the
   * order of the float sums.
   */
  addBlock(column: number, block: Features): void {
    const { ids, vals } = block;
    if (ids.length === 0) return;
    const t = this.table;
    const w = this.width;
    let s = 0;
    for (let j = 0; j < ids.length; j++) s += vals[j]! * t[ids[j]! * w + column]!;
    const z = this.z[column]! + s;
    this.z[column] = z;
    this.out[column] = 1 / (1 + Math.exp(-z));
  }
}
