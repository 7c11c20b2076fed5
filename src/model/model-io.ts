import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';
import { HashedModel, weightShapes, type ModelConfig, type ModelWeights } from './hashed-model.ts';
import { initBackend, tf } from './tf-backend.ts';

/**
 * A model on disk is TensorFlow.js's artifact format: `model.json` (topology + weights manifest)
 * and `weights.bin`. The topology is netra's own (a hashed bag model, see hashed-model.ts), so
 * it is not a tfjs-layers model; the weights are encoded and decoded with `tf.io`. Weights are
 * stored as float16 (tf.io's float16 quantisation), which halves the size; {@link roundToStored}
 * applies the same rounding to a model in memory so that thresholds are chosen on exactly the
 * numbers that are saved.
 */
export const MODEL_FORMAT = 'netra-hashed-bag';
export const MODEL_FILE = 'model.json';
export const WEIGHTS_FILE = 'weights.bin';

interface WeightSpec {
  name: string;
  shape: number[];
  dtype: 'float32';
  quantization?: { dtype: 'float16' };
}

export interface ModelJson {
  format: typeof MODEL_FORMAT;
  generatedBy: string;
  convertedBy: null;
  modelTopology: ModelConfig;
  weightsManifest: { paths: string[]; weights: WeightSpec[] }[];
}

// float32 <-> float16 (IEEE 754 half), round to nearest even.
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
export function toHalf(v: number): number {
  f32[0] = v;
  const x = u32[0]!;
  const sign = (x >>> 16) & 0x8000;
  const exp = ((x >>> 23) & 0xff) - 127 + 15;
  let mant = x & 0x7fffff;
  if (exp >= 0x1f) return sign | 0x7c00; // overflow -> inf (NaN not expected in weights)
  if (exp <= 0) {
    if (exp < -10) return sign;
    mant |= 0x800000;
    const shift = 14 - exp;
    let half = mant >>> shift;
    const rem = mant & ((1 << shift) - 1);
    const mid = 1 << (shift - 1);
    if (rem > mid || (rem === mid && half & 1)) half++;
    return sign | half;
  }
  let half = (exp << 10) | (mant >>> 13);
  const rem = mant & 0x1fff;
  if (rem > 0x1000 || (rem === 0x1000 && half & 1)) half++;
  return sign | half;
}

export function fromHalf(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >>> 10) & 0x1f;
  const mant = h & 0x3ff;
  if (exp === 0) return sign * mant * 2 ** -24;
  if (exp === 0x1f) return mant ? NaN : sign * Infinity;
  return sign * (1 + mant / 1024) * 2 ** (exp - 15);
}

/** The model with every weight rounded to float16, as it will be after save + load. */
export function roundToStored(m: HashedModel): HashedModel {
  const w: Partial<ModelWeights> = {};
  for (const { name } of weightShapes(m.config)) w[name] = Float32Array.from(m.weights[name]!, (v) => fromHalf(toHalf(v)));
  return new HashedModel(m.config, w as ModelWeights);
}

/** Write `model.json` + `weights.bin` into `dir` (created). Returns the file sizes in bytes. */
export async function saveModel(m: HashedModel, dir: string, generatedBy: string): Promise<{ modelJson: number; weights: number }> {
  const shapes = weightShapes(m.config);
  const total = shapes.reduce((s, { shape }) => s + shape.reduce((a, b) => a * b, 1), 0);
  const buf = new Uint16Array(total);
  let o = 0;
  const specs: WeightSpec[] = [];
  for (const { name, shape } of shapes) {
    const w = m.weights[name]!;
    for (let i = 0; i < w.length; i++) buf[o + i] = toHalf(w[i]!);
    o += w.length;
    specs.push({ name, shape, dtype: 'float32', quantization: { dtype: 'float16' } });
  }
  const json: ModelJson = {
    format: MODEL_FORMAT,
    generatedBy,
    convertedBy: null,
    modelTopology: m.config,
    weightsManifest: [{ paths: [WEIGHTS_FILE], weights: specs }],
  };
  await mkdir(dir, { recursive: true });
  const text = `${JSON.stringify(json, null, 1)}\n`;
  await writeFile(path.join(dir, MODEL_FILE), text);
  const bytes = Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength);
  await writeFile(path.join(dir, WEIGHTS_FILE), bytes);
  return { modelJson: Buffer.byteLength(text), weights: bytes.length };
}

function checkModelJson(file: string, j: unknown): ModelJson {
  const m = j as Partial<ModelJson>;
  if (typeof m !== 'object' || m === null) throw new UserError(`${file}: not a JSON object`);
  if (m.format !== MODEL_FORMAT)
    throw new UserError(`${file}: field "format" must be "${MODEL_FORMAT}", got ${JSON.stringify(m.format ?? null)}`);
  const t = m.modelTopology;
  if (!t || (t.kind !== 'linear' && t.kind !== 'bag')) throw new UserError(`${file}: field "modelTopology.kind" must be "linear" or "bag"`);
  if (!Array.isArray(t.labels) || t.labels.some((l) => typeof l !== 'string'))
    throw new UserError(`${file}: field "modelTopology.labels" must be a list of label names`);
  const f = t.features;
  if (
    !f ||
    ![f.bits, f.wordNgrams, f.charMin, f.charMax].every((x) => Number.isInteger(x)) ||
    (f.mask !== undefined && (!Array.isArray(f.mask) || f.mask.some((w) => typeof w !== 'string')))
  )
    throw new UserError(`${file}: field "modelTopology.features" must have whole numbers bits, wordNgrams, charMin, charMax`);
  const rf = f.ruleFeatures;
  if (
    rf !== undefined &&
    (typeof rf !== 'object' || rf === null || typeof rf.label !== 'string' || typeof rf.weight !== 'number' || !Number.isFinite(rf.weight))
  )
    throw new UserError(`${file}: field "modelTopology.features.ruleFeatures" must be {label, weight}`);
  if (!Array.isArray(m.weightsManifest) || m.weightsManifest.length !== 1)
    throw new UserError(`${file}: field "weightsManifest" must hold one group`);
  return m as ModelJson;
}

/**
 * Load a model saved by {@link saveModel}: the weights are decoded by `tf.io.decodeWeights`
 * (dequantising float16) and copied into typed arrays for inference.
 */
export async function loadModel(dir: string): Promise<HashedModel> {
  const file = path.join(dir, MODEL_FILE);
  let json: ModelJson;
  try {
    json = checkModelJson(file, JSON.parse(await readFile(file, 'utf8')));
  } catch (e) {
    if (e instanceof UserError) throw e;
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const group = json.weightsManifest[0]!;
  const wfile = path.join(dir, group.paths[0] ?? WEIGHTS_FILE);
  let bytes: Buffer;
  try {
    bytes = await readFile(wfile);
  } catch (e) {
    throw new UserError(`cannot read ${wfile}: ${(e as Error).message}`);
  }
  const expected = weightShapes(json.modelTopology);
  const expectedBytes = group.weights.reduce(
    (s, w) => s + w.shape.reduce((a, b) => a * b, 1) * (w.quantization?.dtype === 'float16' ? 2 : 4),
    0,
  );
  if (bytes.length !== expectedBytes) throw new UserError(`${wfile}: ${bytes.length} bytes, the manifest in ${file} says ${expectedBytes}`);
  await initBackend();
  const ab = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const tensors = tf.io.decodeWeights(ab, group.weights as tf.io.WeightsManifestEntry[]);
  try {
    const w: Partial<ModelWeights> = {};
    for (const { name, shape } of expected) {
      const t = tensors[name];
      if (!t) throw new UserError(`${file}: weight "${name}" missing from the manifest`);
      if (t.shape.join('x') !== shape.join('x'))
        throw new UserError(`${file}: weight "${name}" has shape ${t.shape.join('x')}, the topology needs ${shape.join('x')}`);
      w[name] = new Float32Array(t.dataSync());
    }
    return new HashedModel(json.modelTopology, w as ModelWeights);
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
