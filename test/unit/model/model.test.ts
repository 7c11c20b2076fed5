import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extractFeatures, type FeatureSpec } from '../../../src/model/features.ts';
import { HashedModel, type ModelConfig } from '../../../src/model/hashed-model.ts';
import { fromHalf, loadModel, roundToStored, saveModel, toHalf } from '../../../src/model/model-io.ts';
import { registerGatherGradient } from '../../../src/training/gather-gradient.ts';
import { initBackend, tf } from '../../../src/model/tf-backend.ts';
import { trainModel, type TrainExample } from '../../../src/training/train.ts';
import { analyse } from '../../../src/nlp/index.ts';

const spec: FeatureSpec = { bits: 10, wordNgrams: 2, charMin: 3, charMax: 4 };

// A tiny two-label task: insults (label 0) and campaign calls (label 1).
const TEXTS: [string, number, number][] = [
  ['dasar goblok kau', 1, 0],
  ['bangsat lu anjing', 1, 0],
  ['otak udang dasar tolol', 1, 0],
  ['kampret goblok semua', 1, 0],
  ['ayo coblos nomor 2', 0, 1],
  ['pilih 03 menang satu putaran', 0, 1],
  ['dukung terus pak ganjar', 0, 1],
  ['menangkan amin 14 februari', 0, 1],
  ['hari ini hujan deras sekali', 0, 0],
  ['rapat koordinasi di kantor kecamatan', 0, 0],
  ['selamat pagi semua semoga sehat', 0, 0],
  ['harga beras naik lagi minggu ini', 0, 0],
];
const data: TrainExample[] = TEXTS.map(([t, a, b]) => ({ features: extractFeatures(analyse(t), spec), targets: Float32Array.of(a, b) }));
const opts = { epochs: 30, batchSize: 4, learningRate: 0.1, featureDropout: 0.1, l2: 0 };

let dir: string;
beforeAll(async () => {
  await initBackend();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-model-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('training (TensorFlow.js)', () => {
  for (const kind of ['linear', 'bag'] as const) {
    const config: ModelConfig =
      kind === 'linear'
        ? { kind, labels: ['abusive', 'partisan'], features: spec, dim: 2, hidden: 0 }
        : { kind, labels: ['abusive', 'partisan'], features: spec, dim: 8, hidden: 4 };
    it(`${kind}: the same seed gives the same weights; another seed does not; it learns the tiny task`, async () => {
      const a = await trainModel(config, data, { ...opts, seed: 1 });
      const b = await trainModel(config, data, { ...opts, seed: 1 });
      const c = await trainModel(config, data, { ...opts, seed: 2 });
      expect(Buffer.from(a.weights.emb.buffer).equals(Buffer.from(b.weights.emb.buffer))).toBe(true);
      expect(Buffer.from(a.weights.emb.buffer).equals(Buffer.from(c.weights.emb.buffer))).toBe(false);
      const p = (t: string) => a.predict(extractFeatures(analyse(t), spec));
      expect(p('dasar goblok')[0]).toBeGreaterThan(0.5);
      expect(p('ayo coblos 03')[1]).toBeGreaterThan(0.5);
      expect(p('hari ini rapat di kantor')[0]).toBeLessThan(0.5);
      expect(p('hari ini rapat di kantor')[1]).toBeLessThan(0.5);
    });
  }

  it('lbfgs (linear): deterministic, learns the tiny task, and stops at the optimum: the gradient of the penalised loss is ~0 there', async () => {
    const config: ModelConfig = { kind: 'linear', labels: ['abusive', 'partisan'], features: spec, dim: 2, hidden: 0 };
    const o = { ...opts, optimizer: 'lbfgs' as const, maxIterations: 500, l2: 1e-3, seed: 1 };
    const losses: number[] = [];
    const a = await trainModel(config, data, { ...o, onEpoch: (_, loss) => losses.push(loss) });
    const b = await trainModel(config, data, { ...o, seed: 9 });
    expect(Buffer.from(a.weights.emb.buffer).equals(Buffer.from(b.weights.emb.buffer))).toBe(true);
    for (let i = 1; i < losses.length; i++) expect(losses[i]!).toBeLessThanOrEqual(losses[i - 1]!);
    const p = (t: string) => a.predict(extractFeatures(analyse(t), spec));
    expect(p('dasar goblok')[0]).toBeGreaterThan(0.5);
    expect(p('ayo coblos 03')[1]).toBeGreaterThan(0.5);
    expect(p('hari ini rapat di kantor')[0]).toBeLessThan(0.5);
    // Optimality, computed independently of the trainer: d/dw [mean CE over rows and labels + l2·Σw²] = 0.
    const L = 2;
    const V = 1 << spec.bits;
    const g = new Float64Array(V * L);
    const gb = new Float64Array(L);
    for (const ex of data) {
      const z = a.logits(ex.features);
      for (let l = 0; l < L; l++) {
        const r = (1 / (1 + Math.exp(-z[l]!)) - ex.targets[l]!) / (data.length * L);
        gb[l]! += r;
        ex.features.ids.forEach((id, j) => (g[id * L + l]! += r * ex.features.vals[j]!));
      }
    }
    let max = Math.max(...gb.map(Math.abs));
    for (let k = 0; k < V * L; k++) max = Math.max(max, Math.abs(g[k]! + 2 * o.l2 * a.weights.emb[k]!));
    expect(max).toBeLessThan(1e-3);
    await expect(trainModel({ ...config, kind: 'bag', dim: 4, hidden: 0 }, data, o)).rejects.toThrow(/linear/);
  });

  it('typed-array inference equals the TensorFlow.js forward pass', async () => {
    const config: ModelConfig = { kind: 'bag', labels: ['a', 'b'], features: spec, dim: 8, hidden: 4 };
    const m = await trainModel(config, data, { ...opts, epochs: 3, seed: 3 });
    const f = data[0]!.features;
    const w = m.weights;
    const tfOut = tf.tidy(() => {
      const rows = tf.gather(tf.tensor2d(w.emb, [1 << spec.bits, 8]), tf.tensor1d(f.ids, 'int32'));
      const pooled = tf.sum(tf.mul(rows, tf.tensor2d(f.vals, [f.ids.length, 1])), 0, true);
      const h = tf.relu(tf.add(tf.matMul(pooled, tf.tensor2d(w.w1!, [8, 4])), tf.tensor1d(w.b1!)));
      return tf.sigmoid(tf.add(tf.matMul(h, tf.tensor2d(w.w2!, [4, 2])), tf.tensor1d(w.b2))).dataSync();
    });
    const js = m.predict(f);
    expect(js[0]).toBeCloseTo(tfOut[0]!, 5);
    expect(js[1]).toBeCloseTo(tfOut[1]!, 5);
  });

  it('the scatterND gradient of GatherV2 sums the rows of repeated indices', () => {
    registerGatherGradient();
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2]);
    const idx = tf.tensor1d([2, 0, 2], 'int32');
    const up = tf.tensor2d([1, 10, 100, 1000, 7, 70], [3, 2]);
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.gather(v, idx), up)))(x);
    expect([...g.dataSync()]).toEqual([100, 1000, 0, 0, 8, 80]);
  });
});

describe('model IO', () => {
  it('save then load gives the same predictions (float16 weights, rounded before saving)', async () => {
    const config: ModelConfig = { kind: 'bag', labels: ['abusive', 'partisan'], features: spec, dim: 8, hidden: 4 };
    const m = roundToStored(await trainModel(config, data, { ...opts, epochs: 5, seed: 4 }));
    const sizes = await saveModel(m, path.join(dir, 'm1'), 'test');
    expect((await stat(path.join(dir, 'm1', 'weights.bin'))).size).toBe(sizes.weights);
    const json = JSON.parse(await readFile(path.join(dir, 'm1', 'model.json'), 'utf8'));
    expect(json.weightsManifest[0].weights[0]).toMatchObject({ name: 'emb', shape: [1024, 8], quantization: { dtype: 'float16' } });
    const loaded = await loadModel(path.join(dir, 'm1'));
    expect(loaded.config).toEqual(m.config);
    for (const [t] of TEXTS) {
      const f = extractFeatures(analyse(t), spec);
      expect([...loaded.predict(f)]).toEqual([...m.predict(f)]);
    }
  });

  it('rejects a weights file that does not match the manifest, naming the file', async () => {
    const m = new HashedModel(
      { kind: 'linear', labels: ['hate'], features: { ...spec, bits: 4 }, dim: 1, hidden: 0 },
      { emb: new Float32Array(16), b2: new Float32Array(1) },
    );
    await saveModel(m, path.join(dir, 'm2'), 'test');
    const { writeFile } = await import('node:fs/promises');
    await writeFile(path.join(dir, 'm2', 'weights.bin'), Buffer.alloc(5));
    await expect(loadModel(path.join(dir, 'm2'))).rejects.toThrow(/weights\.bin: 5 bytes, the manifest/);
  });

  it('float16 conversion round-trips representable values and rounds others to nearest', () => {
    for (const v of [0, 1, -2, 0.5, 65504, 2 ** -24, -0.0999755859375]) expect(fromHalf(toHalf(v))).toBe(v);
    expect(Math.abs(fromHalf(toHalf(0.1)) - 0.1)).toBeLessThan(1e-4);
  });
});
