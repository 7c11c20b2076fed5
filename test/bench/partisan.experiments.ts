/**
 * Experiments for the partisan model (not a test; prints figures on DEV rows only; see
 * group-experiments.ts). Groups: own, weakRules, sentiment, headlines, everyday, ordinary
 * (src/training/data/partisan.data.ts).
 *   nice -n 10 npx tsx test/bench/partisan.experiments.ts
 * Settings: SETTINGS="own=3,weakRules=0.1,sentiment=0.2,headlines=0.5,everyday=0.5,ordinary=0.3,rf=0.5,lambda=3e-5;..." CAP (default 4).
 */
import path from 'node:path';
import { createRuleClassifier } from '../../src/classify/rules/index.ts';
import { loadPartisanRows } from '../../src/training/data/partisan.data.ts';
import { partisanTask } from '../../src/training/tasks/partisan.task.ts';
import { runGroupExperiments } from './group-experiments.ts';

const rules = await createRuleClassifier({});
const rows = await loadPartisanRows({
  dataDir: path.resolve(process.env.NETRA_DATASETS ?? '../shared/datasets'),
  labelledDir: path.resolve('data/labelled'),
  seed: 20240214,
  rules,
});
await runGroupExperiments({
  rules,
  label: 'partisan',
  spec: partisanTask.model.features,
  groups: {
    own: rows.own,
    weakRules: rows.weakRules,
    sentiment: rows.sentiment,
    headlines: rows.headlines,
    everyday: rows.everyday,
    ordinary: rows.ordinary,
  },
  calibration: rows.calibration,
  rate: rows.rate,
  rule: { kind: 'max-macro-f1', maxPerThousand: Number(process.env.CAP ?? 4) },
  settings: process.env.SETTINGS ?? 'own=3,weakRules=0.1,sentiment=0.2,headlines=0.5,everyday=0.5,ordinary=0.3,rf=0.5,lambda=3e-5',
  devFile: (s) => s.split('#')[0]!.replace('.jsonl', ''),
});
