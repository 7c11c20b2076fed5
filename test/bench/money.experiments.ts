/**
 * Experiments for the money_politics model (not a test; prints figures on DEV rows only; see
 * group-experiments.ts). Groups: written, own, electionNo, ordinary (src/training/data/money.data.ts).
 *   nice -n 10 npx tsx test/bench/money.experiments.ts
 * Settings: SETTINGS="written=3,own=2,electionNo=0.3,ordinary=0.3,rf=0.5,lambda=3e-5;..." CAP (default 0.5).
 */
import path from 'node:path';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { loadMoneyRows } from '../../src/training/data/money.data.ts';
import { moneyPoliticsTask } from '../../src/training/tasks/money-politics.task.ts';
import { runGroupExperiments } from './group-experiments.ts';

const rules = await createRuleClassifier({});
const rows = await loadMoneyRows({
  dataDir: path.resolve(process.env.NETRA_DATASETS ?? '../shared/datasets'),
  labelledDir: path.resolve('data/labelled'),
  seed: 20240214,
  rules,
});
await runGroupExperiments({
  rules,
  label: 'money_politics',
  spec: moneyPoliticsTask.model.features,
  groups: { written: rows.written, own: rows.own, electionNo: rows.electionNo, ordinary: rows.ordinary },
  calibration: rows.calibration,
  rate: rows.rate,
  rule: { kind: 'max-f1', maxPerThousand: Number(process.env.CAP ?? 0.5) },
  settings: process.env.SETTINGS ?? 'written=3,own=2,electionNo=0.3,ordinary=0.3,rf=0.5,lambda=3e-5',
  devFile: (s) => s.split('#')[0]!.replace('.jsonl', ''),
});
