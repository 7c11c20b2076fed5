import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createFusedClassifier } from '../../../src/classify/fused-classifier.ts';
import { loadClassifier } from '../../../src/classify/load-classifier.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { fnv1a } from '../../../src/model/features.ts';
import { fitFusion, fuse, MODEL_ONLY } from '../../../src/model/fusion.ts';
import { HashedModel } from '../../../src/model/hashed-model.ts';
import type { ModelMetadata } from '../../../src/model/metadata.ts';
import { writeMetadata } from '../../../src/model/metadata.ts';
import { saveModel } from '../../../src/model/model-io.ts';
import type { LoadedTaskModel } from '../../../src/model/model-store.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

const features = { bits: 12, wordNgrams: 1, charMin: 0, charMax: 0 };
const row = (w: string) => fnv1a(w, fnv1a('w:')) & ((1 << features.bits) - 1);

/** A hand-made linear hate/abusive model: "kecoa" is hateful, "semprul" abusive, nothing else counts. */
function handModel(): HashedModel {
  const emb = new Float32Array((1 << features.bits) * 2);
  emb[row('kecoa') * 2] = 30;
  emb[row('semprul') * 2 + 1] = 30;
  return new HashedModel(
    { kind: 'linear', labels: ['hate', 'abusive'], features, dim: 2, hidden: 0 },
    { emb, b2: Float32Array.of(-4, -4) },
  );
}

const labelMeta = (threshold: number) => ({
  threshold,
  chosenBy: 'test',
  fusion: { ...MODEL_ONLY },
  calibration: { threshold, tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, f1: 0 },
});
function meta(version: string): ModelMetadata {
  return {
    task: 'hate-abusive',
    version,
    createdAt: '2026-01-01T00:00:00Z',
    labels: ['hate', 'abusive'],
    perLabel: { hate: labelMeta(0.5), abusive: labelMeta(0.5) },
    nlpVersion: NLP_VERSION,
    lexiconVersion: 'test',
    backend: 'wasm',
    seed: 1,
    training: { options: {}, dataFiles: [], rows: { train: 0, calibration: 0, test: 0 }, notes: [] },
    metrics: { command: 'test', results: {} },
    sizeBytes: 0,
  };
}

let rules: RuleClassifier;
let dir: string;
const logger = createLogger({ level: 'silent', format: 'json' });
beforeAll(async () => {
  rules = await createRuleClassifier();
  dir = await mkdtemp(path.join(tmpdir(), 'netra-fusion-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('fusion parameters', () => {
  it('fits a higher weight to the informative input and keeps weights non-negative', () => {
    const n = 200;
    const model = Array.from({ length: n }, (_, i) => (i % 2 ? 0.6 : 0.4));
    const gold = Array.from({ length: n }, (_, i) => (i % 4 === 0 || i % 4 === 3 ? 1 : 0));
    const rulesScore = gold.map((g) => (g ? 0.9 : 0.1));
    const f = fitFusion(model, rulesScore, gold);
    expect(f.b).toBeGreaterThan(1);
    expect(f.a).toBeGreaterThanOrEqual(0);
    expect(fuse(f, 0.5, 0.9)).toBeGreaterThan(fuse(f, 0.5, 0.1));
    expect(fitFusion([0.2, 0.9], [0, 0], [0, 0])).toEqual(MODEL_ONLY);
    expect(fuse(MODEL_ONLY, 0.73, 1)).toBeCloseTo(0.73, 6);
  });
});

describe('fused classifier', () => {
  const task = (): LoadedTaskModel => ({ task: 'hate-abusive', version: 'v-test', dir: 'mem', model: handModel(), meta: meta('v-test') });

  it('a model flag carries model evidence on the word that drove it, the pledge mapping and every version', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const [r] = await c.classify(['dasar kecoa semua orang cina itu']);
    expect(r!.flags).toEqual(['hate']);
    const ev = r!.evidence.filter((e) => e.source === 'model');
    expect(ev[0]).toMatchObject({ label: 'hate', text: 'kecoa', rule: 'model:hate-abusive' });
    const f = r!.findings[0]!;
    expect(f.pledgeClause).toBe(3);
    expect(f.threshold).toBe(0.5);
    expect(r!.versions.models['hate-abusive']).toBe('v-test');
    expect(r!.versions.nlp).toBe(NLP_VERSION);
    expect(r!.versions.key).not.toBe(rules.versions.key);
  });

  it('labels without a model keep the rule score and evidence (partisan targets included)', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const text = 'Ayo coblos nomor 3 #GanjarMahfud2024';
    const [fused] = await c.classify([text]);
    const alone = rules.classifyOne(text);
    expect(fused!.scores.partisan).toBe(alone.scores.partisan);
    expect(fused!.flags).toContain('partisan');
    expect(fused!.findings.find((x) => x.label === 'partisan')!.targets[0]!.id).toBe('pilpres-2024/03');
    expect(fused!.scores.abusive).toBeLessThan(0.1);
  });

  it('a pipeline threshold override applies to the fused score', async () => {
    const c = createFusedClassifier(rules, [task()], { thresholds: { hate: 1 } });
    const [r] = await c.classify(['dasar kecoa']);
    expect(r!.flags).not.toContain('hate');
    expect(c.thresholds.hate).toBe(1);
  });

  it('loadClassifier uses the models in modelsDir, and falls back to the rules without them', async () => {
    const vdir = path.join(dir, 'models', 'hate-abusive', 'v-test');
    await saveModel(handModel(), vdir, 'test');
    await writeMetadata(vdir, meta('v-test'));
    const withModels = await loadClassifier({ lexiconDir: rules.lexicons.lexiconDir, modelsDir: path.join(dir, 'models') }, { logger });
    expect(withModels.name).toBe('rules+models');
    expect((await withModels.classify(['dasar kecoa cina']))[0]!.flags).toContain('hate');
    const warnings: string[] = [];
    const spy = {
      ...logger,
      warn: (_o: unknown, msg: string) => warnings.push(msg),
      info: () => {},
      debug: () => {},
    } as unknown as typeof logger;
    const without = await loadClassifier({ lexiconDir: rules.lexicons.lexiconDir, modelsDir: path.join(dir, 'nowhere') }, { logger: spy });
    expect(without.name).toBe('rules');
    expect(warnings.join('')).toMatch(/no trained models found/);
  });
});
