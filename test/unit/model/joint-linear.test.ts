import { beforeAll, describe, expect, it } from 'vitest';
import { createFusedClassifier } from '../../../src/classify/fused-classifier.ts';
import { gateHate } from '../../../src/classify/hate-gate.ts';
import { gatePartisan, partisanGateOpen } from '../../../src/classify/partisan-gate.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import { LABELS } from '../../../src/domain/labels.ts';
import { extractFeatures, ruleFeatureVector, withRuleFeatures, type FeatureSpec } from '../../../src/model/features.ts';
import { fuse } from '../../../src/model/fusion.ts';
import { HashedModel } from '../../../src/model/hashed-model.ts';
import { JointLinear } from '../../../src/model/joint-linear.ts';
import type { ModelMetadata } from '../../../src/model/metadata.ts';
import type { LoadedTaskModel } from '../../../src/model/model-store.ts';
import { mulberry32 } from '../../../src/domain/seeded-random.ts';
import { analyse } from '../../../src/nlp/index.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

const spec: FeatureSpec = { bits: 12, wordNgrams: 2, charMin: 3, charMax: 5 };
const masked: FeatureSpec = { ...spec, mask: ['prabowo', 'ganjar', 'anies'] };

function randomLinear(labels: string[], features: FeatureSpec, seed: number): HashedModel {
  const r = mulberry32(seed);
  const emb = Float32Array.from({ length: 2 ** features.bits * labels.length }, () => (r() - 0.5) * 4);
  const b2 = Float32Array.from(labels, () => r() - 0.5);
  return new HashedModel({ kind: 'linear', labels, features, dim: labels.length, hidden: 0 }, { emb, b2 });
}

const TEXTS = [
  'Ayo coblos nomor 2, Prabowo menang! #PrabowoGibran2024',
  'dasar goblok, otak udang semua 😂',
  'Rapat koordinasi di kantor kecamatan pagi ini',
  'Ganjar dan Anies debat semalam, siapa yang unggul?',
  'jgn golput ya guys, cek dpt kalian',
  '',
];

describe('JointLinear (linear models scored in one pass)', () => {
  it('gives exactly the probabilities of each model alone', () => {
    for (const sizes of [[2], [1], [2, 1], [1, 1, 1], [2, 1, 1], [2, 2, 1]]) {
      const models = sizes.map((n, k) =>
        randomLinear(
          Array.from({ length: n }, (_, i) => `l${k}${i}`),
          spec,
          7 + k,
        ),
      );
      const joint = new JointLinear(models);
      for (const t of TEXTS) {
        const f = extractFeatures(analyse(t), spec);
        const out = joint.predict(f);
        models.forEach((m, k) => {
          const alone = m.predict(f);
          for (let l = 0; l < alone.length; l++) expect(out[joint.offsets[k]! + l]).toBe(alone[l]);
        });
      }
    }
  });

  it('adds a rule-feature block to one column as if the model scored bag and block together', () => {
    const models = [randomLinear(['a', 'b'], spec, 3), randomLinear(['c'], spec, 4), randomLinear(['d'], spec, 5)];
    const joint = new JointLinear(models);
    for (const t of TEXTS) {
      const f = extractFeatures(analyse(t), spec);
      const block = ruleFeatureVector(['t:one', 'n:support', 'v:news', 't:one'], spec.bits, 0.5);
      const before = Float64Array.from(joint.predict(f));
      joint.addBlock(joint.offsets[1]!, block);
      expect(joint.out[joint.offsets[1]!]).toBeCloseTo(models[1]!.predict(withRuleFeatures(f, block))[0]!, 12);
      for (const c of [0, 1, 3]) expect(joint.out[c]).toBe(before[c]);
    }
  });

  it('refuses models it cannot join', () => {
    expect(() => new JointLinear([randomLinear(['a'], spec, 1), randomLinear(['b'], { ...spec, bits: 10 }, 2)])).toThrow(/bucket counts/);
  });
});

const labelMeta = (threshold: number) => ({
  threshold,
  chosenBy: 'test',
  fusion: { a: 1.3, b: 0.7, c: -0.2 },
  calibration: { threshold, tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, f1: 0 },
});
function task(name: string, model: HashedModel): LoadedTaskModel {
  const labels = model.config.labels;
  const meta = {
    task: name,
    version: 'v',
    createdAt: '2026-01-01T00:00:00Z',
    labels,
    perLabel: Object.fromEntries(labels.map((l) => [l, labelMeta(0.3)])),
    nlpVersion: NLP_VERSION,
    lexiconVersion: 'test',
    backend: 'wasm',
    seed: 1,
    training: { options: {}, dataFiles: [], rows: { train: 0, calibration: 0, test: 0 }, notes: [] },
    metrics: { command: 'test', results: {} },
    sizeBytes: 0,
  } as ModelMetadata;
  return { task: name, version: 'v', dir: 'mem', model, meta };
}

describe('fused classifier: shared feature passes', () => {
  let rules: RuleClassifier;
  beforeAll(async () => {
    rules = await createRuleClassifier();
  });

  it('a masking and an unmasked model score each text as if each extracted its own features', async () => {
    const hate = task('hate-abusive', randomLinear(['hate', 'abusive'], masked, 11));
    const partisan = task('partisan', randomLinear(['partisan'], spec, 12));
    const c = createFusedClassifier(rules, [hate, partisan]);
    const got = await c.classify(TEXTS);
    const scored = await rules.scoreBatch(TEXTS);
    TEXTS.forEach((t, i) => {
      const a = analyse(t);
      const results = rules.classifyOne(t);
      for (const m of [hate, partisan]) {
        const p = m.model.predict(extractFeatures(a, m.model.config.features));
        m.model.config.labels.forEach((l, k) => {
          const ruleScore = results.scores[l as (typeof LABELS)[number]];
          const fused = fuse(m.meta.perLabel[l]!.fusion, p[k]!, ruleScore);
          // hate passes the identity-target gate after fusion (hate-gate.ts), partisan the side gate (partisan-gate.ts)
          const r = scored[i]!.results;
          const want =
            l === 'hate'
              ? gateHate(fused, c.thresholds.hate, (r.hate.identity?.length ?? 0) > 0)
              : l === 'partisan'
                ? gatePartisan(fused, c.thresholds.partisan, partisanGateOpen(r.partisan))
                : fused;
          expect(got[i]!.scores[l as (typeof LABELS)[number]]).toBe(want);
        });
      }
    });
    // both kinds of text occur: with a masked name and without
    expect(TEXTS.some((t) => /prabowo/i.test(t))).toBe(true);
    expect(TEXTS.some((t) => !/prabowo|ganjar|anies/i.test(t))).toBe(true);
  });
});

describe("fused classifier: a model that reads the rules' stance features", () => {
  let rules: RuleClassifier;
  beforeAll(async () => {
    rules = await createRuleClassifier();
  });

  it('scores bag + block, whether it shares the pass with the hate model or not', async () => {
    const withRules: FeatureSpec = { ...spec, ruleFeatures: { label: 'partisan', weight: 0.7 } };
    const partisan = task('partisan', randomLinear(['partisan'], withRules, 21));
    const money = task(
      'money-politics',
      randomLinear(['money_politics'], { ...spec, ruleFeatures: { label: 'money_politics', weight: 0.4 } }, 22),
    );
    for (const hateSpec of [spec, masked]) {
      const hate = task('hate-abusive', randomLinear(['hate', 'abusive'], hateSpec, 23));
      const c = createFusedClassifier(rules, [hate, partisan, money]);
      const got = await c.classify(TEXTS);
      const scored = await rules.scoreBatch(TEXTS);
      TEXTS.forEach((t, i) => {
        const a = analyse(t);
        for (const [m, label] of [
          [partisan, 'partisan'],
          [money, 'money_politics'],
        ] as const) {
          const rf = m.model.config.features.ruleFeatures!;
          const r = scored[i]!.results[label];
          expect(r.features!.length).toBeGreaterThan(0);
          const p = m.model.predict(withRuleFeatures(extractFeatures(a, spec), ruleFeatureVector(r.features, spec.bits, rf.weight)))[0]!;
          expect(got[i]!.scores[label]).toBeCloseTo(fuse(m.meta.perLabel[label]!.fusion, p, r.score), 12);
        }
      });
    }
  });
});
