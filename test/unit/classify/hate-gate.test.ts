import { beforeAll, describe, expect, it } from 'vitest';
import { createFusedClassifier } from '../../../src/classify/fused-classifier.ts';
import { GATE_SHARE, gateHate } from '../../../src/classify/hate-gate.ts';
import { LONG_TOKENS, textWindows } from '../../../src/classify/long-post.ts';
import { createRuleClassifier, type RuleClassifier } from '../../../src/classify/rules/index.ts';
import { extractFeatures, fnv1a } from '../../../src/model/features.ts';
import { MODEL_ONLY } from '../../../src/model/fusion.ts';
import { HashedModel } from '../../../src/model/hashed-model.ts';
import type { ModelMetadata } from '../../../src/model/metadata.ts';
import type { LoadedTaskModel } from '../../../src/model/model-store.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

const features = { bits: 12, wordNgrams: 1, charMin: 0, charMax: 0 };
const row = (w: string) => fnv1a(w, fnv1a('w:')) & ((1 << features.bits) - 1);

/** A model that reads "kecoa" as hate and "semprul" as abusive, as a model trained on Ibrohim reads "kamu" and casual register. */
function task(): LoadedTaskModel {
  const emb = new Float32Array((1 << features.bits) * 2);
  emb[row('kecoa') * 2] = 30;
  emb[row('semprul') * 2 + 1] = 30;
  const model = new HashedModel(
    { kind: 'linear', labels: ['hate', 'abusive'], features, dim: 2, hidden: 0 },
    { emb, b2: Float32Array.of(-4, -4) },
  );
  const m = (threshold: number) => ({
    threshold,
    chosenBy: 'test',
    fusion: { ...MODEL_ONLY },
    calibration: { threshold, tp: 0, fp: 0, fn: 0, tn: 0, precision: 0, recall: 0, f1: 0 },
  });
  const meta: ModelMetadata = {
    task: 'hate-abusive',
    version: 'v-gate',
    createdAt: '2026-01-01T00:00:00Z',
    labels: ['hate', 'abusive'],
    perLabel: { hate: m(0.5), abusive: m(0.5) },
    nlpVersion: NLP_VERSION,
    lexiconVersion: 'test',
    backend: 'wasm',
    seed: 1,
    training: { options: {}, dataFiles: [], rows: { train: 0, calibration: 0, test: 0 }, notes: [] },
    metrics: { command: 'test', results: {} },
    sizeBytes: 0,
  };
  return { task: 'hate-abusive', version: 'v-gate', dir: 'mem', model, meta };
}

let rules: RuleClassifier;
beforeAll(async () => {
  rules = await createRuleClassifier();
});

/** About 110 words of a neutral blog-like text, in sentences. */
const FILLER = Array.from(
  { length: 11 },
  (_, i) => `Pada hari ke ${i + 1} warga kampung kami bekerja bakti membersihkan saluran air dan jalan desa bersama.`,
).join(' ');

describe('identity targets (rules)', () => {
  it('finds slurs, clipped camp slurs and identity group terms, not the neutral camp words', async () => {
    const ids = async (t: string) => ((await rules.scoreBatch([t]))[0]!.results.hate.identity ?? []).map((x) => `${x.group}:${x.text}`);
    expect(await ids('terima aja bong, kalah ya kalah')).toEqual(['camp:bong']);
    expect(await ids('dasar tikadrun otaknya dengkul')).toEqual(['camp:tikadrun']);
    expect(await ids('faktanya memang wan abud pengkhianat')).toEqual(['ethnicity:wan abud']);
    expect(await ids('orang Cina semua licik')).toEqual(['ethnicity:Cina']);
    expect(await ids('seanjing itu pendukung 03')).toEqual([]);
    expect(await ids('kamu on dm kek dude')).toEqual([]);
  });

  it('the rules no longer call contempt for a camp without a slur hate (GUIDE §9.4)', () => {
    expect(rules.classifyOne('pendukung 02 bodoh semua').flags).not.toContain('hate');
    expect(rules.classifyOne('cebong itu bloon, otaknya datar').flags).toContain('hate');
  });
});

describe('the hate gate', () => {
  it('caps a score without an identity target below the threshold in force', () => {
    expect(gateHate(0.99, 0.5, false)).toBeCloseTo(0.5 * GATE_SHARE, 9);
    expect(gateHate(0.99, 0.5, true)).toBe(0.99);
    expect(gateHate(0.2, 0.5, false)).toBe(0.2);
  });

  it('an insult with no identity target is not hate, however sure the model is', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const [r] = await c.classify(['dasar kecoa kamu, sok tau']);
    expect(r!.flags).not.toContain('hate');
    expect(r!.scores.hate).toBeLessThan(c.thresholds.hate);
    expect(r!.evidence.some((e) => e.label === 'hate')).toBe(false);
  });

  it('with an identity target the model flags hate, and the flag carries the target as evidence and the UU ITE mapping', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const text = 'dasar kecoa, orang Cina itu';
    const [r] = await c.classify([text]);
    expect(r!.flags).toContain('hate');
    const id = r!.evidence.find((e) => e.rule === 'identity:ethnicity')!;
    expect(text.slice(id.start, id.end)).toBe('Cina');
    const f = r!.findings.find((x) => x.label === 'hate')!;
    expect(f.pledgeClause).toBe(3);
    expect(f.legalBasis).toMatch(/28/);
  });
});

describe('long posts', () => {
  it('cuts a long post into sentence windows and leaves short posts whole', () => {
    expect(textWindows(rules.analyse('pendek saja'))).toEqual([]);
    const a = rules.analyse(FILLER);
    const w = textWindows(a);
    expect(w.length).toBeGreaterThan(3);
    for (const x of w) expect(x.tokens).toBeLessThanOrEqual(40 + 6);
    expect(a.tokens.filter((t) => t.kind !== 'punct').length).toBeGreaterThan(LONG_TOKENS);
  });

  it('one hateful sentence in a long post is flagged, and the evidence points at that sentence', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const hateful = 'Dasar kecoa, orang Cina itu.';
    const text = `${FILLER.slice(0, 400)} ${hateful} ${FILLER.slice(400)}`;
    const [r] = await c.classify([text]);
    expect(r!.flags).toContain('hate');
    const win = r!.evidence.find((e) => e.label === 'hate' && e.rule === 'model:hate-abusive:window')!;
    expect(win.text).toContain('kecoa');
    expect(win.end - win.start).toBeLessThan(text.length / 2);
    // The same model on the whole text alone: diluted below the threshold.
    const whole = task().model.predict(extractFeatures(rules.analyse(text), features))[0]!;
    expect(whole).toBeLessThan(0.5);
  });

  it('an identity word in another sentence does not open the gate for the hateful window', async () => {
    const c = createFusedClassifier(rules, [task()]);
    const text = `Umat Islam di kampung kami rukun. ${FILLER} Dasar kecoa kamu semua.`;
    const [r] = await c.classify([text]);
    expect(r!.flags).not.toContain('hate');
  });
});
