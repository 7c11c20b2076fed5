import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createFusedClassifier } from '../../../src/classify/fused-classifier.ts';
import { GATE_SHARE } from '../../../src/classify/hate-gate.ts';
import { gatePartisan, partisanGateOpen } from '../../../src/classify/partisan-gate.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import { fnv1a } from '../../../src/model/features.ts';
import { MODEL_ONLY } from '../../../src/model/fusion.ts';
import { HashedModel } from '../../../src/model/hashed-model.ts';
import type { ModelMetadata } from '../../../src/model/metadata.ts';
import { loadTaskModels, type LoadedTaskModel } from '../../../src/model/model-store.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

const features = { bits: 12, wordNgrams: 1, charMin: 0, charMax: 0 };
const row = (w: string) => fnv1a(w, fnv1a('w:')) & ((1 << features.bits) - 1);

/** A model that reads election words as partisan, as one trained on campaign posts reads "nyoblos" and "Pilkada". */
function task(): LoadedTaskModel {
  const emb = new Float32Array(1 << features.bits);
  for (const w of ['mencoblos', 'nyoblos', 'pilkada']) emb[row(w)] = 30;
  const model = new HashedModel({ kind: 'linear', labels: ['partisan'], features, dim: 1, hidden: 0 }, { emb, b2: Float32Array.of(-4) });
  const meta: ModelMetadata = {
    task: 'partisan',
    version: 'v-side-gate',
    createdAt: '2026-01-01T00:00:00Z',
    labels: ['partisan'],
    perLabel: {
      partisan: {
        threshold: 0.5,
        chosenBy: 'test',
        fusion: { ...MODEL_ONLY },
        calibration: { threshold: 0.5, tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, f1: 0 },
      },
    },
    nlpVersion: NLP_VERSION,
    lexiconVersion: 'test',
    backend: 'wasm',
    seed: 1,
    training: { options: {}, dataFiles: [], rows: { train: 0, calibration: 0, test: 0 }, notes: [] },
    metrics: { command: 'test', results: {} },
    sizeBytes: 0,
  };
  return { task: 'partisan', version: 'v-side-gate', dir: 'mem', model, meta };
}

const TPS = 'Sudah nyoblos Pilkada di TPS 03, lanjut masak opor buat keluarga 😊';

let rules: RuleClassifier;
beforeAll(async () => {
  rules = await createRuleClassifier();
});

const sideOf = async (t: string) => {
  const r = (await rules.scoreBatch([t]))[0]!.results.partisan;
  return { side: r.side, officialVoice: r.officialVoice };
};

describe('what the rules say of a side (partisan.score.ts)', () => {
  it('a voting-day post takes no side and reads as official information', async () => {
    expect(await sideOf(TPS)).toEqual({ side: false, officialVoice: true });
    // The inked finger (a bare ☝️) in a Pilkada post is no side either (data/demo gold: hard negative).
    expect(await sideOf('Sudah nyoblos Pilkada, jari ungu 💜☝️')).toEqual({ side: false, officialVoice: true });
    expect((await sideOf('Ayo ke TPS, gunakan hak pilihmu')).side).toBe(false);
  });

  it('a name, ballot number, nickname, campaign hashtag, slogan, "salam N jari" or a call against someone is a side', async () => {
    for (const t of [
      'Sudah nyoblos, semoga 02 menang satu putaran',
      'Sudah nyoblos dong, yg gemoy nomor 2 😁',
      'Sudah nyoblos #AMINajaDulu',
      'Sudah nyoblos, amin aja dulu',
      'Sudah nyoblos, salam 3 jari!',
      'Sudah nyoblos, jangan pilih yang dinasti ya',
      'Sudah nyoblos Prabowo',
    ])
      expect((await sideOf(t)).side, t).toBe(true);
  });
});

describe('the partisan side gate', () => {
  it('caps the score only when the post takes no side and reads as official information', () => {
    expect(partisanGateOpen({ side: false, officialVoice: true })).toBe(false);
    expect(partisanGateOpen({ side: false, officialVoice: false })).toBe(true);
    expect(partisanGateOpen({ side: true, officialVoice: true })).toBe(true);
    expect(partisanGateOpen({})).toBe(true);
    expect(gatePartisan(0.99, 0.6, false)).toBeCloseTo(0.6 * GATE_SHARE, 9);
    expect(gatePartisan(0.99, 0.6, true)).toBe(0.99);
    expect(gatePartisan(0.2, 0.6, false)).toBe(0.2);
  });

  it('a voting-day post is not partisan, however sure the model is', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const [r] = await c.classify([TPS]);
    expect(r!.flags).not.toContain('partisan');
    expect(r!.scores.partisan).toBeLessThan(c.thresholds.partisan);
    expect(r!.evidence.some((e) => e.label === 'partisan')).toBe(false);
  });

  it('casual partisan posts with a nickname, slogan, hashtag or ballot number are still flagged', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const texts = [
      'Sudah nyoblos dong, yg gemoy nomor 2 😁',
      'Sudah nyoblos #AMINajaDulu',
      'Sudah nyoblos, semoga 02 menang satu putaran ✌️',
      'Sudah nyoblos, jangan pilih yang dinasti ya',
    ];
    for (const [i, r] of (await c.classify(texts)).entries()) expect(r.flags, texts[i]).toContain('partisan');
  });

  it('a post without a side that does not read as official information is left to the model', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const [r] = await c.classify(['pilkada nanti pokoknya pilih yg didukung pak lurah']);
    expect(r!.flags).toContain('partisan');
  });

  it('the shipped models do not flag the voting-day post', async () => {
    const models = await loadTaskModels(path.resolve('models'));
    const c = createFusedClassifier(rules, models);
    const [r] = await c.classify([TPS]);
    expect(r!.flags).not.toContain('partisan');
  });
});
