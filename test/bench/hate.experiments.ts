/**
 * Quick experiments for the hate/abusive model on ONE fixed fold of Ibrohim & Budi (5-fold,
 * seeded): train on the other folds less a ninth (validation: threshold), measure on the fold.
 * Optimises the L2-regularised logistic loss exactly (L-BFGS on typed arrays), so settings are
 * compared at their optimum, not at an under-trained point. Not a test; prints figures.
 *   nice -n 10 npx tsx test/bench/hate.experiments.ts [experiment names...]
 */
import path from 'node:path';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { readHateAbusive } from '../../src/training/data/hate-abusive.data.ts';
import { featureOccurrences, type FeatureSpec } from '../../src/model/features.ts';
import { fmtMetric, metricsAt } from '../../src/eval/metrics.ts';
import { stratifiedFolds } from '../../src/training/folds.ts';
import { chooseThreshold } from '../../src/training/thresholds.ts';
import { mulberry32 } from '../../src/domain/seeded-random.ts';
import { POLITICAL_NAMES } from '../../src/training/tasks/hate-abusive.task.ts';
import type { AnalysedText } from '../../src/nlp/types.ts';
import { fitLR, type Sparse } from './lr-lbfgs.ts';

const dataDir = path.resolve(process.env.NETRA_DATASETS ?? '../../shared/datasets');
const rules = await createRuleClassifier({});
const { rows } = readHateAbusive(dataDir);
const t0 = Date.now();
const analysed: AnalysedText[] = [];
for (let s = 0; s < rows.length; s += 512) {
  const sc = await rules.scoreBatch(rows.slice(s, s + 512).map((r) => r.text));
  for (const x of sc) analysed.push(x.analysed);
}
console.log(`analysed ${rows.length} rows in ${Date.now() - t0} ms`);
// Out-of-domain dev rows (data/labelled dev splits) and the weak negatives of the task.
const { readLabelled } = await import('../../src/training/data/labelled.data.ts');
const { readElectionPosts } = await import('../../src/training/data/election.data.ts');
const { shuffleInPlace } = await import('../../src/domain/seeded-random.ts');
const labelledDir = path.resolve('data/labelled');
const ownDev = [
  ...readLabelled(labelledDir, 'election-posts.jsonl').rows,
  ...readLabelled(labelledDir, 'partisan-written.jsonl').rows,
].filter((r) => r.split === 'dev');
const negPosts = shuffleInPlace([...readElectionPosts(dataDir, labelledDir).posts], mulberry32(20240214 + 1));
const NEG_MAX = Number(process.env.NEG_SHARE ?? 0.35) * rows.length;
const negTexts: string[] = [];
for (let s = 0; s < negPosts.length && negTexts.length < NEG_MAX; s += 512) {
  const chunk = negPosts.slice(s, s + 512);
  const sc = await rules.scoreBatch(chunk.map((p) => p.text));
  sc.forEach((x, i) => {
    if (negTexts.length < NEG_MAX && x.results.hate.score < 0.2 && x.results.abusive.score < 0.2) {
      negTexts.push(chunk[i]!.text);
      analysed.push(x.analysed);
    }
  });
}
const OWN_W = Number(process.env.OWN_W ?? 0);
const ownTrainRows = [
  ...readLabelled(labelledDir, 'election-posts-train.jsonl').rows,
  ...readLabelled(labelledDir, 'partisan-written.jsonl').rows,
].filter((r) => r.split === 'train');
const negStart = rows.length;
const ownTrainStart = analysed.length;
for (const x of await rules.scoreBatch(ownTrainRows.map((r) => r.text))) analysed.push(x.analysed);
const devStart = analysed.length;
for (const x of await rules.scoreBatch(ownDev.map((r) => r.text))) analysed.push(x.analysed);
const NEG_W = Number(process.env.NEG_W ?? 0);
const ownGold = ownDev.map((r) => [r.labels.includes('hate') ? 1 : 0, r.labels.includes('abusive') ? 1 : 0]);
console.log(`${negTexts.length} weak negatives (weight ${NEG_W}), ${ownDev.length} own dev rows`);
const FOLD = Number(process.env.FOLD ?? 0);
const folds = stratifiedFolds(
  rows.map((r) => r.y),
  5,
  mulberry32(20240214),
);
const idxTrainAll = rows.map((_, i) => i).filter((i) => folds[i] !== FOLD);
const idxTest = rows.map((_, i) => i).filter((i) => folds[i] === FOLD);
const idxTrain = idxTrainAll.filter((_, j) => j % 9 !== 0);
const idxVal = idxTrainAll.filter((_, j) => j % 9 === 0);

interface Exp {
  spec: Omit<FeatureSpec, 'bits'>;
  bits: number;
  weighting: 'log' | 'tfidf' | 'binary' | 'logidf';
  /** Scale of word-level features relative to char n-grams, after separate L2 norms ('blocks'). */
  blocks?: number;
  lambda: number;
  /** NB-LR: scale each feature by its log-count ratio for the label (computed on the training rows). */
  nb?: boolean;
  /** Quadratic dropout penalty rate (see lr-lbfgs.ts). */
  dropout?: number;
}

function featurize(e: Exp): Sparse[] {
  const mask = (1 << e.bits) - 1;
  const counts: Map<number, number>[] = [];
  const isWord: Set<number>[] = [];
  for (const a of analysed) {
    const occ = featureOccurrences(a, e.spec);
    const m = new Map<number, number>();
    for (let j = 0; j < occ.length; j++) {
      const b = occ.hashes[j]! & mask;
      m.set(b, (m.get(b) ?? 0) + 1);
    }
    counts.push(m);
    if (e.blocks !== undefined) {
      const w = featureOccurrences(a, { ...e.spec, charMin: 0, charMax: 0 });
      const s = new Set<number>();
      for (let j = 0; j < w.length; j++) s.add(w.hashes[j]! & mask);
      isWord.push(s);
    }
  }
  let idf: Float64Array | undefined;
  if (e.weighting === 'tfidf' || e.weighting === 'logidf') {
    const df = new Float64Array(1 << e.bits);
    for (const i of idxTrain) for (const b of counts[i]!.keys()) df[b]!++;
    idf = new Float64Array(1 << e.bits);
    const n = idxTrain.length;
    for (let b = 0; b < df.length; b++) idf[b] = Math.log((1 + n) / (1 + df[b]!)) + 1;
  }
  return counts.map((m, i) => {
    const ids = Int32Array.from([...m.keys()].sort((a, b) => a - b));
    const vals = new Float32Array(ids.length);
    ids.forEach((b, j) => {
      const c = m.get(b)!;
      let v = e.weighting === 'binary' ? 1 : e.weighting === 'tfidf' ? c : Math.log1p(c);
      if (idf) v *= idf[b]!;
      vals[j] = v;
    });
    if (e.blocks === undefined) {
      let n = 0;
      for (const v of vals) n += v * v;
      const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
      for (let j = 0; j < vals.length; j++) vals[j]! *= inv;
    } else {
      const w = isWord[i]!;
      let nw = 0;
      let nc = 0;
      ids.forEach((b, j) => (w.has(b) ? (nw += vals[j]! ** 2) : (nc += vals[j]! ** 2)));
      ids.forEach((b, j) => {
        if (w.has(b)) vals[j]! *= nw > 0 ? e.blocks! / Math.sqrt(nw) : 0;
        else vals[j]! *= nc > 0 ? 1 / Math.sqrt(nc) : 0;
      });
    }
    return { ids, vals };
  });
}

function nbScale(X: Sparse[], y: number[], V: number): Sparse[] {
  const p = new Float64Array(V).fill(1);
  const q = new Float64Array(V).fill(1);
  for (const i of idxTrain) for (const b of X[i]!.ids) (y[i]! > 0 ? p : q)[b]!++;
  let sp = 0;
  let sq = 0;
  for (let b = 0; b < V; b++) {
    sp += p[b]!;
    sq += q[b]!;
  }
  const r = new Float64Array(V);
  for (let b = 0; b < V; b++) r[b] = Math.log(p[b]! / sp / (q[b]! / sq));
  return X.map((x) => {
    const vals = new Float32Array(x.vals.length);
    let n = 0;
    x.ids.forEach((b, j) => {
      vals[j] = x.vals[j]! * r[b]!;
      n += vals[j]! ** 2;
    });
    const inv = n > 0 ? 1 / Math.sqrt(n) : 0;
    for (let j = 0; j < vals.length; j++) vals[j]! *= inv;
    return { ids: x.ids, vals };
  });
}

function score(w: Float64Array, x: Sparse, V: number): number {
  let z = w[V]!;
  for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
  return 1 / (1 + Math.exp(-z));
}

type Per = { val: number[]; test: number[]; own?: number[] };
const kept = new Map<string, Per[]>();
function report(name: string, per: Per[], t: number): void {
  const out: string[] = [];
  for (const [l, label] of ['hate', 'abusive'].entries()) {
    const y = rows.map((r) => r.y[l]!);
    const { val, test } = per[l]!;
    const th = chooseThreshold(
      val,
      idxVal.map((i) => y[i]!),
      { kind: 'max-f1' },
    );
    const gold = idxTest.map((i) => y[i]!);
    const m = metricsAt(test, gold, th.threshold);
    const oracle = chooseThreshold(test, gold, { kind: 'max-f1' });
    let own = '';
    if (per[l]!.own) {
      const om = metricsAt(
        per[l]!.own!,
        ownGold.map((g) => g[l]!),
        th.threshold,
      );
      own = ` own-dev tp ${om.tp} fp ${om.fp} fn ${om.fn}`;
    }
    out.push(
      `${label} F1 ${fmtMetric(m.f1, 4)} (P ${fmtMetric(m.precision)} R ${fmtMetric(m.recall)} @${th.threshold}; oracle ${fmtMetric(oracle.f1, 4)}${own})`,
    );
  }
  console.log(`${name.padEnd(28)} ${out.join('  ')}  [${((Date.now() - t) / 1000).toFixed(0)} s]`);
}

function run(name: string, e: Exp): void {
  const t = Date.now();
  const X = featurize(e);
  const V = 1 << e.bits;
  const per: Per[] = [];
  for (const [l] of ['hate', 'abusive'].entries()) {
    const ownY = ownTrainRows.map((r) => (r.labels.includes(l === 0 ? 'hate' : 'abusive') ? 1 : 0));
    const y = [...rows.map((r) => r.y[l]!), ...negTexts.map(() => 0), ...ownY, ...ownGold.map((g) => g[l]!)];
    const X2 = e.nb ? nbScale(X, y, V) : X;
    const trainIdx = [
      ...idxTrain,
      ...(NEG_W > 0 ? negTexts.map((_, j) => negStart + j) : []),
      ...(OWN_W > 0 ? ownTrainRows.map((_, j) => ownTrainStart + j) : []),
    ];
    const w = fitLR(X2, trainIdx, y, V, e.lambda, 300, (i) => (i >= ownTrainStart ? OWN_W : i >= negStart ? NEG_W : 1), e.dropout ?? 0);
    per.push({
      val: idxVal.map((i) => score(w, X2[i]!, V)),
      test: idxTest.map((i) => score(w, X2[i]!, V)),
      own: ownDev.map((_, j) => score(w, X2[devStart + j]!, V)),
    });
  }
  kept.set(name, per);
  report(name, per, t);
}

const base: Exp = { spec: { wordNgrams: 2, charMin: 3, charMax: 5, mask: POLITICAL_NAMES }, bits: 18, weighting: 'log', lambda: 1e-4 };
const EXPS: Record<string, Exp> = {
  base,
  'l=3e-5': { ...base, lambda: 3e-5 },
  'l=1e-5': { ...base, lambda: 1e-5 },
  'l=3e-4': { ...base, lambda: 3e-4 },
  nomask: { ...base, spec: { ...base.spec, mask: undefined } },
  tfidf: { ...base, weighting: 'tfidf' },
  logidf: { ...base, weighting: 'logidf' },
  binary: { ...base, weighting: 'binary' },
  bits20: { ...base, bits: 20 },
  'word-only': { ...base, spec: { ...base.spec, charMin: 0, charMax: 0 } },
  'word-only-idf': { ...base, weighting: 'logidf', spec: { ...base.spec, charMin: 0, charMax: 0 } },
  'char2-5': { ...base, spec: { ...base.spec, charMin: 2 } },
  'char3-6': { ...base, spec: { ...base.spec, charMax: 6 } },
  blocks1: { ...base, blocks: 1 },
  'blocks1-idf': { ...base, blocks: 1, weighting: 'logidf' },
  'blocks1-idf-nomask': { ...base, blocks: 1, weighting: 'logidf', spec: { ...base.spec, mask: undefined } },
  'blocks2-idf': { ...base, blocks: 2, weighting: 'logidf' },
  'blocks.5-idf': { ...base, blocks: 0.5, weighting: 'logidf' },
  nb: { ...base, nb: true, weighting: 'binary' },
  'drop.3': { ...base, lambda: 1e-6, dropout: 0.3 },
  'drop.5': { ...base, lambda: 1e-6, dropout: 0.5 },
  'drop.3-l1e-5': { ...base, lambda: 1e-5, dropout: 0.3 },
  'nb-log': { ...base, nb: true },
  'nb-blocks': { ...base, nb: true, blocks: 1, weighting: 'binary' },
};
for (const name of process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(EXPS)) {
  if (name.startsWith('tfjs:')) {
    const [, l2, it] = name.split(':');
    await runTfjs(Number(l2), Number(it));
    continue;
  }
  if (name === 'ens') {
    const all = [...kept.values()];
    const avg = (k: 'val' | 'test', l: number) => all[0]![l]![k].map((_, j) => all.reduce((s, p) => s + p[l]![k][j]!, 0) / all.length);
    report(
      `ens(${[...kept.keys()].join('+')})`,
      [0, 1].map((l) => ({ val: avg('val', l), test: avg('test', l) })),
      Date.now(),
    );
    continue;
  }
  const e =
    EXPS[name] ??
    (() => {
      // name=lambda override, e.g. logidf@1e-5
      const [b, l] = name.split('@');
      return { ...EXPS[b!]!, lambda: Number(l) };
    })();
  run(name, e);
}

/** The shipped trainer (TensorFlow.js) on the same fold: `tfjs:<l2>:<iterations>`. */
export async function runTfjs(l2: number, iters: number): Promise<void> {
  const { extractFeatures } = await import('../../src/model/features.ts');
  const { trainModel } = await import('../../src/training/train.ts');
  const spec = { ...base.spec, bits: 18 };
  const X = analysed.map((a) => extractFeatures(a, spec));
  const t = Date.now();
  let its = 0;
  const model = await trainModel(
    { kind: 'linear', labels: ['hate', 'abusive'], features: spec, dim: 2, hidden: 0 },
    idxTrain.map((i) => ({ features: X[i]!, targets: Float32Array.from(rows[i]!.y) })),
    {
      optimizer: 'lbfgs',
      maxIterations: iters,
      epochs: 0,
      batchSize: 0,
      learningRate: 0,
      featureDropout: 0,
      l2,
      seed: 1,
      onEpoch: (e, loss) => {
        its = e;
        if (e % 20 === 0) console.log(`  it ${e} loss ${loss.toFixed(6)} ${((Date.now() - t) / 1000).toFixed(0)} s`);
      },
    },
  );
  console.log(`  ${its} iterations`);
  const per = [0, 1].map((l) => ({
    val: idxVal.map((i) => model.predict(X[i]!)[l]!),
    test: idxTest.map((i) => model.predict(X[i]!)[l]!),
    own: ownDev.map((_, j) => model.predict(X[devStart + j]!)[l]!),
  }));
  report(`tfjs-lbfgs l2=${l2} it=${iters}`, per, t);
}
