import { withLicences } from './training-licences.ts';
import path from 'node:path';
import type { RuleClassifier } from '../classify/rules/index.ts';
import type { Label } from '../domain/labels.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress } from '../log/progress.ts';
import { NLP_VERSION } from '../nlp/version.ts';
import { sha256Hex } from './data/training-file.ts';
import { extractFeatures, ruleFeatureVector, withRuleFeatures, type Features } from '../model/features.ts';
import { fitFusion, fuse } from '../model/fusion.ts';
import { gateHate } from '../classify/hate-gate.ts';
import type { HashedModel, ModelConfig } from '../model/hashed-model.ts';
import { fmtMetric, metricsAt, type ThresholdMetrics } from '../eval/metrics.ts';
import { stratifiedFolds } from './folds.ts';
import { binaryMacroF1, chooseThreshold, describeRule, perThousand, type CappedThresholdRule } from './thresholds.ts';
import { type LabelMeta, type ModelMetadata, writeMetadata } from '../model/metadata.ts';
import { roundToStored, saveModel } from '../model/model-io.ts';
import { mulberry32 } from '../domain/seeded-random.ts';
import type { TaskContext, TaskExample, TrainTask } from './tasks/task.ts';
import { initBackend } from '../model/tf-backend.ts';
import { trainModel, type TrainOptions } from './train.ts';
import { readFile } from 'node:fs/promises';

/** A row ready for training and scoring: features, rule scores per task label, targets. */
export interface PreparedRow {
  features: Features;
  rules: number[];
  y: number[];
  weight: number;
  /** Per label: 1 known, 0 unknown (TaskExample.mask). */
  mask: number[];
  /** Whether the post has an identity target (the hate gate's condition, src/classify/hate-gate.ts). */
  identity: boolean;
}

/**
 * Analyse rows with the rule classifier's pipeline; features (cue tokens hidden where asked, plus
 * the rules' stance features where the model reads them) and rule scores.
 */
export async function prepareRows(
  rules: RuleClassifier,
  labels: readonly Label[],
  config: Pick<ModelConfig, 'features'>,
  rows: readonly TaskExample[],
): Promise<PreparedRow[]> {
  const out: PreparedRow[] = [];
  const B = 512;
  for (let s = 0; s < rows.length; s += B) {
    const chunk = rows.slice(s, s + B);
    const scored = await rules.scoreBatch(chunk.map((r) => r.text));
    const rf = config.features.ruleFeatures;
    chunk.forEach((r, i) => {
      const sc = scored[i]!;
      const bag = extractFeatures(sc.analysed, config.features, r.hide);
      const features = rf
        ? withRuleFeatures(bag, ruleFeatureVector(sc.results[rf.label as Label].features, config.features.bits, rf.weight))
        : bag;
      out.push({
        features,
        rules: labels.map((l) => sc.results[l].score),
        y: r.y,
        weight: r.weight ?? 1,
        mask: r.mask ?? labels.map(() => 1),
        identity: (sc.results.hate.identity?.length ?? 0) > 0,
      });
    });
  }
  return out;
}

export interface LabelReport {
  /** Thresholds and fusion chosen on calibration rows. */
  meta: LabelMeta;
  /** On test rows: the model alone (threshold chosen on calibration), the rules alone (rule threshold), the fusion. */
  test: { model: ThresholdMetrics; rules: ThresholdMetrics; fused: ThresholdMetrics; fusedMacroF1: number } | undefined;
}

export interface FitResult {
  model: HashedModel;
  perLabel: Record<string, LabelReport>;
}

/**
 * Train on `train`, then per label: fit the fusion with the rules and choose the threshold on
 * `calibration`, measure on `test` (never used for either).
 */
export async function fitAndCalibrate(
  task: TrainTask,
  train: readonly PreparedRow[],
  calibration: readonly PreparedRow[],
  test: readonly PreparedRow[],
  o: {
    seed: number;
    ruleThresholds: Record<Label, number>;
    onBatch?: (n: number) => void;
    onEpoch?: TrainOptions['onEpoch'];
    configOverride?: Partial<ModelConfig>;
    rate?: readonly PreparedRow[];
  },
): Promise<FitResult> {
  const config: ModelConfig = { ...task.model, labels: [...task.labels], ...o.configOverride };
  const trained = await trainModel(
    config,
    train.map((r) => ({ features: r.features, targets: Float32Array.from(r.y), weight: r.weight, mask: Float32Array.from(r.mask) })),
    { ...task.train, seed: o.seed, ...(o.onBatch ? { onBatch: o.onBatch } : {}), ...(o.onEpoch ? { onEpoch: o.onEpoch } : {}) },
  );
  const model = roundToStored(trained);
  const calP = calibration.map((r) => model.predict(r.features));
  const testP = test.map((r) => model.predict(r.features));
  const rateP = (o.rate ?? []).map((r) => model.predict(r.features));
  const perLabel: Record<string, LabelReport> = {};
  task.labels.forEach((label, l) => {
    const rule: CappedThresholdRule = task.threshold[label] ?? { kind: 'max-f1' };
    const gated = task.gate?.includes(label) ?? false;
    // Rows whose source says nothing about the label are left out of its calibration and test.
    const calIdx = calibration.flatMap((r, i) => (r.mask[l] ? [i] : []));
    const testIdx = test.flatMap((r, i) => (r.mask[l] ? [i] : []));
    const cm = calIdx.map((i) => calP[i]![l]!);
    const cr = calIdx.map((i) => calibration[i]!.rules[l]!);
    const cg = calIdx.map((i) => calibration[i]!.y[l]!);
    const fusion = fitFusion(cm, cr, cg);
    // A gated label never flags a row without an identity target: such rows score 0 while the
    // threshold is chosen (any threshold leaves them unflagged), then gateHate caps them.
    const open = (rows: readonly PreparedRow[], idx: number[]) => idx.map((i) => !gated || rows[i]!.identity);
    const calOpen = open(calibration, calIdx);
    const cf = cm.map((m, i) => (calOpen[i] ? fuse(fusion, m, cr[i]!) : 0));
    const rateFused =
      o.rate && rule.maxPerThousand !== undefined ? rateP.map((p, i) => fuse(fusion, p[l]!, o.rate![i]!.rules[l]!)) : undefined;
    const chosen = chooseThreshold(cf, cg, rule, rateFused);
    const modelChosen = chooseThreshold(cm, cg, rule, rateFused ? rateP.map((p) => p[l]!) : undefined);
    const meta: LabelMeta = {
      threshold: chosen.threshold,
      chosenBy: `${describeRule(rule)} on ${calIdx.length} calibration rows (fused score${gated ? ', identity-target gate applied' : ''})${rateFused ? `; ${rateFused.length} ordinary dev posts` : ''}`,
      fusion,
      calibration: chosen,
    };
    if (rateFused) meta.ordinaryDevPerThousand = Math.round(perThousand(rateFused, chosen.threshold) * 100) / 100;
    let testReport: LabelReport['test'];
    if (testIdx.length > 0) {
      const testOpen = open(test, testIdx);
      const tm = testIdx.map((i) => testP[i]![l]!);
      const tr = testIdx.map((i) => test[i]!.rules[l]!);
      const tg = testIdx.map((i) => test[i]!.y[l]!);
      const tf = tm.map((m, i) => gateHate(fuse(fusion, m, tr[i]!), chosen.threshold, testOpen[i]!));
      const fused = metricsAt(tf, tg, chosen.threshold);
      const fusedMacroF1 = binaryMacroF1(tf, tg, chosen.threshold);
      testReport = {
        model: metricsAt(tm, tg, modelChosen.threshold),
        rules: metricsAt(tr, tg, o.ruleThresholds[label]),
        fused,
        fusedMacroF1,
      };
      meta.test = fused;
      meta.testMacroF1 = round4(fusedMacroF1);
    }
    perLabel[label] = { meta, test: testReport };
  });
  return { model, perLabel };
}

/** Progress units of one training run: examples × epochs (Adam) or iterations (L-BFGS). */
function trainUnits(task: TrainTask, rows: number): number {
  return task.train.optimizer === 'lbfgs' ? (task.train.maxIterations ?? 300) : rows * task.train.epochs;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;

function fmt(m: ThresholdMetrics): string {
  return `P ${fmtMetric(m.precision)} R ${fmtMetric(m.recall)} F1 ${fmtMetric(m.f1, 4)} @${m.threshold}`;
}

export interface RunTaskOptions {
  task: TrainTask;
  ctx: TaskContext;
  rules: RuleClassifier;
  /** Models root: the model goes to `<outDir>/<task>/<version>/`. */
  outDir: string;
  logger: Logger;
  /** The command line, recorded with the metrics. */
  command: string;
  /** Print a line of results (stdout). */
  print: (line: string) => void;
}

/** Train, calibrate, measure and save one task's model. Returns the version folder. */
export async function runTask(o: RunTaskOptions): Promise<{ dir: string; metadata: ModelMetadata }> {
  const { task, ctx, rules } = o;
  const backend = await initBackend();
  o.logger.info({ backend, task: task.name }, `TensorFlow.js backend: ${backend}`);
  const data = await task.load(ctx);
  const [train, calibration, test, rate] = await Promise.all([
    prepareRows(rules, task.labels, task.model, [...data.train, ...(data.extraTrain ?? [])]),
    prepareRows(rules, task.labels, task.model, data.calibration),
    prepareRows(rules, task.labels, task.model, data.test),
    prepareRows(rules, task.labels, task.model, data.rateRows ?? []),
  ]);
  o.logger.info({ task: task.name, train: train.length, calibration: calibration.length, test: test.length }, 'training rows');
  const progress = createProgress({ label: `train ${task.name}`, total: trainUnits(task, train.length), logger: o.logger });
  const fit = await fitAndCalibrate(task, train, calibration, test, {
    seed: ctx.seed,
    ruleThresholds: rules.thresholds,
    onBatch: (n) => progress.tick(n),
    onEpoch: (e, loss) => o.logger.debug({ epoch: e, loss }, 'epoch'),
    ...(rate.length > 0 ? { rate } : {}),
  });
  progress.done();

  const tmpVersion = 'tmp';
  const date = new Date().toISOString().slice(0, 10).replaceAll('-', '');
  const stage = path.join(o.outDir, task.name, `.${tmpVersion}-${process.pid}`);
  const sizes = await saveModel(fit.model, stage, `netra train (TensorFlow.js ${backend})`);
  const weightsHash = sha256Hex(await readFile(path.join(stage, 'weights.bin'))).slice(0, 8);
  const version = `${date}-${weightsHash}`;
  const dir = path.join(o.outDir, task.name, version);
  const { rename, rm } = await import('node:fs/promises');
  await rm(dir, { recursive: true, force: true });
  await rename(stage, dir);

  const perLabel: Record<string, LabelMeta> = {};
  const results: Record<string, unknown> = {};
  for (const l of task.labels) {
    const r = fit.perLabel[l]!;
    perLabel[l] = r.meta;
    results[l] = r.test ?? null;
    if (r.test) {
      o.print(`${task.name} ${l} test (${test.length} rows): fused ${fmt(r.test.fused)}  macro-F1 ${r.test.fusedMacroF1.toFixed(4)}`);
      o.print(`${task.name} ${l} test: model alone ${fmt(r.test.model)}; rules alone ${fmt(r.test.rules)}`);
    }
  }
  for (const [name, rowsRaw] of Object.entries(data.extraTests ?? {})) {
    const rows = await prepareRows(rules, task.labels, task.model, rowsRaw);
    const res: Record<string, unknown> = {};
    task.labels.forEach((l, li) => {
      const meta = perLabel[l]!;
      const gated = task.gate?.includes(l) ?? false;
      const known = rows.filter((r) => r.mask[li]);
      if (known.length === 0) return;
      const fused = known.map((r) =>
        gateHate(fuse(meta.fusion, fit.model.predict(r.features)[li]!, r.rules[li]!), meta.threshold, !gated || r.identity),
      );
      const gold = known.map((r) => r.y[li]!);
      const m = metricsAt(fused, gold, meta.threshold);
      const rulesOnly = metricsAt(
        known.map((r) => r.rules[li]!),
        gold,
        rules.thresholds[l],
      );
      res[l] = { fused: m, rules: rulesOnly };
      o.print(
        `${task.name} ${l} ${name} (${known.length} rows): fused ${fmt(m)} (tp ${m.tp} fp ${m.fp} fn ${m.fn}); rules alone ${fmt(rulesOnly)} (fp ${rulesOnly.fp})`,
      );
    });
    results[name] = res;
  }
  const metadata: ModelMetadata = {
    task: task.name,
    version,
    createdAt: new Date().toISOString(),
    labels: [...task.labels],
    perLabel,
    nlpVersion: NLP_VERSION,
    lexiconVersion: rules.versions.lexicon,
    backend,
    seed: ctx.seed,
    training: {
      options: { ...task.train, model: task.model },
      dataFiles: await withLicences(data.files, ctx),
      rows: { train: train.length, calibration: calibration.length, test: test.length },
      notes: data.notes,
    },
    metrics: { command: o.command, results },
    sizeBytes: sizes.modelJson + sizes.weights,
  };
  await writeMetadata(dir, metadata);
  o.print(`${task.name}: wrote ${path.relative(process.cwd(), dir) || dir} (${(metadata.sizeBytes / 1e6).toFixed(2)} MB)`);
  return { dir, metadata };
}

/**
 * k-fold cross-validation over the task's labelled rows: per fold, train on the other folds less
 * a ninth held out for fusion and thresholds, measure on the fold. Also the keyword baseline
 * (rules alone at their thresholds) and, with `wordBaseline`, a TF-IDF + logistic-regression-like
 * baseline (the same linear model on word uni/bigrams only, no character n-grams; doubles the time).
 */
export async function crossValidate(o: RunTaskOptions & { k: number; wordBaseline: boolean }): Promise<Record<string, unknown>> {
  const { task, ctx, rules, k } = o;
  const backend = await initBackend();
  o.logger.info({ backend, task: task.name }, `TensorFlow.js backend: ${backend}`);
  const data = await task.load(ctx);
  if (!data.cvRows) throw new Error(`task ${task.name} has no single labelled corpus to cross-validate`);
  const rows = await prepareRows(rules, task.labels, task.model, data.cvRows);
  const wordOnly = { ...task.model.features, charMin: 0, charMax: 0 };
  const rowsWord = o.wordBaseline ? await prepareRows(rules, task.labels, { features: wordOnly }, data.cvRows) : [];
  const extra = await prepareRows(rules, task.labels, task.model, data.extraTrain ?? []);
  const extraWord = o.wordBaseline ? await prepareRows(rules, task.labels, { features: wordOnly }, data.extraTrain ?? []) : [];
  const folds = stratifiedFolds(
    rows.map((r) => r.y),
    k,
    mulberry32(ctx.seed),
  );
  const progress = createProgress({
    label: `cv ${task.name}`,
    total: trainUnits(task, Math.round(rows.length * (1 - 1 / k) * (8 / 9)) + extra.length) * (o.wordBaseline ? 2 : 1) * k,
    logger: o.logger,
  });
  const per: Record<string, { model: number[]; fused: number[]; rules: number[]; wordLr: number[] }> = {};
  for (const l of task.labels) per[l] = { model: [], fused: [], rules: [], wordLr: [] };
  for (let f = 0; f < k; f++) {
    const idxTrain = rows.map((_, i) => i).filter((i) => folds[i] !== f);
    const idxTest = rows.map((_, i) => i).filter((i) => folds[i] === f);
    const inner = idxTrain.filter((_, j) => j % 9 !== 0);
    const cal = idxTrain.filter((_, j) => j % 9 === 0);
    const pick = (src: PreparedRow[], idx: number[]) => idx.map((i) => src[i]!);
    const opts = { seed: ctx.seed + f, ruleThresholds: rules.thresholds, onBatch: (n: number) => progress.tick(n) };
    const full = await fitAndCalibrate(task, [...pick(rows, inner), ...extra], pick(rows, cal), pick(rows, idxTest), opts);
    const word = o.wordBaseline
      ? await fitAndCalibrate(task, [...pick(rowsWord, inner), ...extraWord], pick(rowsWord, cal), pick(rowsWord, idxTest), {
          ...opts,
          configOverride: { features: wordOnly },
        })
      : undefined;
    for (const l of task.labels) {
      const t = full.perLabel[l]!.test!;
      const w = word?.perLabel[l]!.test;
      // A fold without a positive of the label has no F1 (n/a): the means are over the folds that have one.
      const push = (a: number[], f1: number | null) => f1 !== null && a.push(f1);
      push(per[l]!.model, t.model.f1);
      push(per[l]!.fused, t.fused.f1);
      push(per[l]!.rules, t.rules.f1);
      if (w) push(per[l]!.wordLr, w.model.f1);
      o.print(
        `fold ${f + 1}/${k} ${l}: model F1 ${fmtMetric(t.model.f1, 4)}  fused F1 ${fmtMetric(t.fused.f1, 4)}${w ? `  word-LR F1 ${fmtMetric(w.model.f1, 4)}` : ''}  rules (keyword baseline) F1 ${fmtMetric(t.rules.f1, 4)}`,
      );
    }
  }
  progress.done();
  const mean = (a: number[]) => a.reduce((s, x) => s + x, 0) / a.length;
  const sd = (a: number[]) => Math.sqrt(mean(a.map((x) => (x - mean(a)) ** 2)));
  const summary: Record<string, unknown> = { k, rows: rows.length, seed: ctx.seed, command: o.command };
  for (const l of task.labels) {
    const p = per[l]!;
    const s = Object.fromEntries(
      Object.entries(p)
        .filter(([, a]) => a.length > 0)
        .map(([name, a]) => [name, { mean: round4(mean(a)), sd: round4(sd(a)), folds: a.map(round4) }]),
    );
    summary[l] = s;
    o.print(
      `mean of ${k} folds ${l}: model F1 ${mean(p.model).toFixed(4)} (sd ${sd(p.model).toFixed(4)})  fused ${mean(p.fused).toFixed(4)}${p.wordLr.length ? `  word-LR ${mean(p.wordLr).toFixed(4)}` : ''}  rules ${mean(p.rules).toFixed(4)}`,
    );
  }
  return summary;
}
