/**
 * Quick experiments for the partisan model: the task's training rows (weak labels + hand-labelled
 * train rows) with weights scaled per source, plain L2 logistic regression at its optimum (L-BFGS),
 * measured on the CALIBRATION rows (data/labelled dev splits) only: macro-F1 of the model alone at
 * the best threshold, and average precision. The test split is never read here.
 *   nice -n 10 npx tsx test/bench/partisan.experiments.ts
 * Settings: SETTINGS="weak=1,own=3,lambda=1e-5;weak=0.5,own=10,lambda=3e-5"
 */
import path from 'node:path';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { extractFeatures } from '../../src/model/features.ts';
import { fmtMetric } from '../../src/eval/metrics.ts';
import { binaryMacroF1, chooseThreshold } from '../../src/training/thresholds.ts';
import { partisanTask } from '../../src/training/tasks/partisan.task.ts';
import { fitLR, type Sparse } from './lr-lbfgs.ts';

const rules = await createRuleClassifier({});
const data = await partisanTask.load({ dataDir: path.resolve(process.env.NETRA_DATASETS ?? '/work/shared/datasets'), labelledDir: path.resolve('data/labelled'), seed: 20240214, rules });
const spec = partisanTask.model.features;
const feats = async (rows: { text: string; hide?: (t: never) => boolean }[]): Promise<Sparse[]> => {
  const out: Sparse[] = [];
  for (let s = 0; s < rows.length; s += 512) {
    const sc = await rules.scoreBatch(rows.slice(s, s + 512).map((r) => r.text));
    sc.forEach((x, i) => out.push(extractFeatures(x.analysed, spec, rows[s + i]!.hide as never)));
  }
  return out;
};
const train = [...data.train, ...(data.extraTrain ?? [])];
const X = [...(await feats(train)), ...(await feats(data.calibration))];
const y = [...train.map((r) => r.y[0]!), ...data.calibration.map((r) => r.y[0]!)];
const own = (r: { source: string }) => r.source.startsWith('data/labelled') || r.source.includes(':');
console.log(`${train.length} training rows (${train.filter(own).length} hand-labelled), ${data.calibration.length} calibration rows`);
const V = 2 ** spec.bits;
const idxTrain = train.map((_, i) => i);
const idxCal = data.calibration.map((_, j) => train.length + j);

function ap(scores: number[], gold: number[]): number {
  const o = scores.map((s, i) => [s, gold[i]!] as const).sort((a, b) => b[0] - a[0]);
  let tp = 0;
  let sum = 0;
  o.forEach(([, g], k) => {
    if (g) {
      tp++;
      sum += tp / (k + 1);
    }
  });
  return sum / Math.max(1, tp);
}

for (const setting of (process.env.SETTINGS ?? 'weak=1,own=3,lambda=1e-5;weak=1,own=3,lambda=1e-4;weak=1,own=10,lambda=3e-5;weak=0.3,own=10,lambda=3e-5').split(';')) {
  const o = Object.fromEntries(setting.split(',').map((kv) => kv.split('=')).map(([k, v]) => [k!, Number(v)]));
  const t = Date.now();
  const w = fitLR(X, idxTrain, y, V, o.lambda!, 300, (i) => (own(train[i]!) ? o.own! : o.weak! * (train[i]!.weight ?? 1)));
  const score = (x: Sparse) => {
    let z = w[V]!;
    for (let j = 0; j < x.ids.length; j++) z += w[x.ids[j]!]! * x.vals[j]!;
    return 1 / (1 + Math.exp(-z));
  };
  const cal = idxCal.map((i) => score(X[i]!));
  const gold = idxCal.map((i) => y[i]!);
  const th = chooseThreshold(cal, gold, { kind: 'max-macro-f1' });
  console.log(`${setting.padEnd(34)} calibration macro-F1 ${binaryMacroF1(cal, gold, th.threshold).toFixed(4)} (F1 ${fmtMetric(th.f1)} @${th.threshold}) AP ${ap(cal, gold).toFixed(4)} [${((Date.now() - t) / 1000).toFixed(0)} s]`);
}
