/**
 * Ibrohim-style hold-out (issue 11): the TF-IDF + logistic regression baseline against netra's
 * features, on the Ibrohim & Budi 2019 rows of the hate/abusive task's hash partition
 * (src/training/data/hate-sources.ts: train 70 / dev 15 / test 15). Labels are Ibrohim's own
 * (HS: attacks on individuals count) and, for hate, labels.md's (identity targets).
 * The baseline is scikit-learn's default text classifier written out: TfidfVectorizer (lowercase,
 * tokens \b\w\w+\b, smooth idf, l2 norm) + LogisticRegression (L2, C = 1), predicting at 0.5;
 * "tuned" also takes word bigrams, C and the threshold from the dev rows. Prints figures on test.
 *   nice -n 10 npx tsx test/bench/hate-baseline.experiments.ts
 */
import path from 'node:path';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { chooseThreshold } from '../../src/training/thresholds.ts';
import { fmtMetric, metricsAt } from '../../src/eval/metrics.ts';
import { extractFeatures, fnv1a } from '../../src/model/features.ts';
import { readExclusion } from '../../src/nlp/lexicon-build/corpus-counts.ts';
import { readHateSources } from '../../src/training/data/hate-sources.ts';
import { exclusionTextResolver } from '../../src/training/labelling/labelled-text.ts';
import { hateAbusiveTask, identityOf } from '../../src/training/tasks/hate-abusive.task.ts';
import { fitLR, type Sparse } from './lr-lbfgs.ts';

const dataDir = path.resolve(process.env.NETRA_DATASETS ?? '../../shared/datasets');
const rules = await createRuleClassifier({});
const ex = readExclusion(path.resolve('data/labelled'), exclusionTextResolver(path.dirname(dataDir)));
const { rows } = await readHateSources(dataDir, ex, identityOf(rules), ['ibrohim2019']);
const idx = (p: string) => rows.flatMap((r, i) => (r.part === p ? [i] : []));
const [tr, dv, te] = [idx('train'), idx('dev'), idx('test')];
console.log(`Ibrohim 2019: train ${tr.length}, dev ${dv.length}, test ${te.length}`);
const golds: Record<string, number[]> = {
  'HS (Ibrohim-style)': rows.map((r) => r.ibrohimHS!),
  'hate (labels.md)': rows.map((r) => r.y[0]!),
  abusive: rows.map((r) => r.y[1]!),
};
if (process.env.LABELS)
  for (const k of Object.keys(golds)) if (!process.env.LABELS.split(',').some((l) => k.startsWith(l))) delete golds[k];

const BITS = 18;
const ITERS = Number(process.env.ITERS ?? 150);
const V = 1 << BITS;
/** scikit-learn's TfidfVectorizer: lowercase, \b\w\w+\b tokens, n-grams, smooth idf, l2. */
function tfidf(ngrams: number): Sparse[] {
  const docs = rows.map((r) => {
    const toks = r.text.toLowerCase().match(/\b\w\w+\b/gu) ?? [];
    const m = new Map<number, number>();
    for (let n = 1; n <= ngrams; n++)
      for (let i = 0; i + n <= toks.length; i++) {
        const b = fnv1a(toks.slice(i, i + n).join(' ')) & (V - 1);
        m.set(b, (m.get(b) ?? 0) + 1);
      }
    return m;
  });
  const df = new Float64Array(V);
  for (const i of tr) for (const b of docs[i]!.keys()) df[b]!++;
  return docs.map((m) => {
    const ids = Int32Array.from([...m.keys()].sort((a, b) => a - b));
    const vals = Float32Array.from(ids, (b) => m.get(b)! * (Math.log((1 + tr.length) / (1 + df[b]!)) + 1));
    const n = Math.sqrt(vals.reduce((s, v) => s + v * v, 0)) || 1;
    return { ids, vals: vals.map((v) => v / n) };
  });
}

const analysed = (await rules.scoreBatch(rows.map((r) => r.text))).map((s) => s.analysed);
const netra = analysed.map((a) => extractFeatures(a, hateAbusiveTask.model.features));

function run(name: string, X: Sparse[], dim: number, Cs: number[], fixed?: { C: number }) {
  for (const [label, y] of Object.entries(golds)) {
    let best: { C: number; f1: number; th: number; w: Float64Array } | undefined;
    for (const C of fixed ? [fixed.C] : Cs) {
      const w = fitLR(X, tr, y, dim, 1 / (C * tr.length), ITERS);
      const p = (i: number) => {
        let z = w[dim]!;
        const x = X[i]!;
        for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
        return 1 / (1 + Math.exp(-z));
      };
      const ch = fixed
        ? { threshold: 0.5, f1: 0 }
        : chooseThreshold(
            dv.map(p),
            dv.map((i) => y[i]!),
            { kind: 'max-f1' },
          );
      const f1 = fixed ? 0 : (ch.f1 ?? 0);
      if (!best || f1 > best.f1) best = { C, f1, th: ch.threshold, w };
    }
    const w = best!.w;
    const p = te.map((i) => {
      let z = w[dim]!;
      const x = X[i]!;
      for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
      return 1 / (1 + Math.exp(-z));
    });
    const m = metricsAt(
      p,
      te.map((i) => y[i]!),
      best!.th,
    );
    console.log(
      `${name.padEnd(46)} ${label.padEnd(20)} C ${best!.C} th ${best!.th.toFixed(3)}  test P ${fmtMetric(m.precision)} R ${fmtMetric(m.recall)} F1 ${fmtMetric(m.f1, 4)}`,
    );
  }
}

// C grids are short: on the shared 2-core machine each fit takes minutes (CS env: comma-separated).
const grid = (d: number[]) => (process.env.CS ? process.env.CS.split(',').map(Number) : d);
run('TF-IDF+LR, sklearn defaults (C 1, @0.5)', tfidf(1), V, [1], { C: 1 });
run('TF-IDF+LR tuned on dev (uni+bigrams, C, th)', tfidf(2), V, grid([10]));
run('netra features (word+char n-grams, LR), tuned', netra, 1 << hateAbusiveTask.model.features.bits, grid([30]));
