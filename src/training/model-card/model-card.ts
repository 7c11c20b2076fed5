import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Classifier } from '../../domain/classification.ts';
import { LABELS, type Label } from '../../domain/labels.ts';
import type { Logger } from '../../log/logger.ts';
import { loadEvalData, type EvalData, type EvalRow } from '../../eval/eval-data.ts';
import { sharedTextResolver } from '../labelling/labelled-text.ts';
import { buildEvalReport, type EvalReport } from '../../eval/eval-report.ts';
import { classifyRows } from '../../eval/eval-run.ts';
import { evaluate, writeEvalReport } from '../../eval/evaluate.ts';
import { binaryMetrics, type BinaryMetrics } from '../../eval/metrics.ts';
import { evaluateStream, type StreamReport } from '../../eval/stream-eval.ts';
import { writeStreamReport } from '../../eval/stream-report.files.ts';
import { readMetadata } from '../../model/metadata.ts';
import { createRuleClassifier, type RuleClassifier } from '../../classify/rules/index.ts';
import { currentVersionDir, TASKS } from '../../model/model-store.ts';
import { ordinaryFiles, ordinaryPosts } from '../stream-posts.ts';
import { findTask } from '../tasks/index.ts';
import { CARD_SETS, CARD_TARGETS, type CardSet } from './card-sets.ts';
import { modelTrainingData, type ModelTrainingData } from './card-licences.ts';

/**
 * `npm run eval:all` (`netra eval --all`): every held-out figure the README reports, measured
 * with the classifier a run uses (rules fused with the shipped models, the full TurnBackHoax
 * claims when ../shared has them), so that the README's model card is regenerated from one run
 * and no figure is copied by hand:
 * - per label P/R/F1 on each `test` split of data/labelled (card-sets.ts says which labels each
 *   file was labelled for; a file with no test split is listed as such);
 * - each shipped model's own held-out sets that are not in data/labelled (the Ibrohim test rows
 *   of hate-abusive, split as its training split them with the model's seed);
 * - hoax with the full claims: the paraphrase test split, alone and with the real election posts;
 * - flags per 1,000 posts on the ordinary sets' `test` part.
 * What needs ../shared is skipped, and listed, when it is absent.
 */

export interface LabelFigures extends BinaryMetrics {
  label: Label;
}

export interface CardSetResult {
  name: string;
  file: string;
  split: string;
  rows: number;
  note: string;
  labels: LabelFigures[];
  /** Hoax: true positives matched to their own claim. */
  hoaxClaims: { checked: number; agree: number } | null;
  /** Per row group (`kind`), false positives of each label. */
  falsePositivesByGroup: Record<string, Record<string, number>>;
}

export interface ModelCard {
  createdAt: string;
  command: string;
  seconds: number;
  machine: { cpus: number; loadAverage: number[] };
  classifier: {
    name: string;
    key: string;
    models: Record<string, string>;
    nlp: string;
    lexicon: string;
    thresholds: Record<string, number>;
  };
  claims: { file: string; claims: number } | null;
  labelled: CardSetResult[];
  /** data/labelled files with no test split (train/dev only). */
  noTestSplit: string[];
  heldOut: (CardSetResult & { task: string; modelVersion: string })[];
  /** Hoax with the claims: paraphrases + real election posts, pooled (test splits). */
  hoaxPooled: { rows: number; figures: BinaryMetrics; falsePositivesOnRealPosts: number } | null;
  ordinary: Omit<StreamReport, 'sample'> | null;
  targets: typeof CARD_TARGETS;
  skipped: string[];
  /** Every model in use: the files it was trained on, each with its licence. */
  trainingData: ModelTrainingData[];
}

export interface ModelCardOptions {
  classifier: Classifier;
  /** The claims file the classifier matches against (null: none). */
  claims: { file: string; claims: number } | null;
  sharedDir: string;
  labelledDir: string;
  modelsDir: string;
  outDir: string;
  command: string;
  batchSize?: number;
  logger: Logger;
  /** Why claims are missing, when they are. */
  skipped?: string[];
}

function figuresOf(r: EvalReport, name: string, note: string): CardSetResult {
  const fpByGroup: Record<string, Record<string, number>> = {};
  for (const [g, x] of Object.entries(r.groups)) fpByGroup[g] = Object.fromEntries(Object.entries(x.labels).map(([l, c]) => [l, c.fp]));
  return {
    name,
    file: r.data.file,
    split: r.data.split ?? 'all',
    rows: r.data.rows,
    note,
    labels: r.labels.map((l) => ({
      label: l.label,
      tp: l.tp,
      fp: l.fp,
      fn: l.fn,
      tn: l.tn,
      support: l.support,
      predicted: l.predicted,
      precision: l.precision,
      recall: l.recall,
      f1: l.f1,
    })),
    hoaxClaims: r.hoaxClaims,
    falsePositivesByGroup: fpByGroup,
  };
}

/** The data/labelled files to measure: those card-sets.ts lists, then any other with a test split (all labels). */
function labelledSets(labelledDir: string): { sets: CardSet[]; noTest: string[] } {
  const files = existsSync(labelledDir)
    ? readdirSync(labelledDir)
        .filter((f) => f.endsWith('.jsonl'))
        .sort()
    : [];
  const listed = new Set(CARD_SETS.map((s) => s.file));
  return {
    sets: [
      ...CARD_SETS.filter((s) => files.includes(s.file)),
      ...files
        .filter((f) => !listed.has(f))
        .map((file) => ({ file, labels: [...LABELS], note: 'all labels (not listed in src/eval/card-sets.ts)' })),
    ],
    noTest: [],
  };
}

/**
 * Rows per `split` of a labelled file, read lightly (a file whose rows carry ids instead of texts,
 * such as the stream labels, is counted without resolving its texts: it has no test split).
 */
function splitCounts(file: string): Record<string, number> {
  const out: Record<string, number> = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    let split = 'none';
    try {
      const v = (JSON.parse(line) as { split?: unknown }).split;
      if (typeof v === 'string') split = v;
    } catch {
      split = 'unreadable';
    }
    out[split] = (out[split] ?? 0) + 1;
  }
  return out;
}

export async function runModelCard(o: ModelCardOptions): Promise<ModelCard> {
  const started = Date.now();
  const skipped = [...(o.skipped ?? [])];
  const batchSize = o.batchSize ?? 256;
  const labelled: CardSetResult[] = [];
  const noTestSplit: string[] = [];
  const reports = new Map<string, EvalReport>();
  const { sets } = labelledSets(o.labelledDir);
  for (const set of sets) {
    const file = path.join(o.labelledDir, set.file);
    const splits = splitCounts(file);
    if (!splits['test']) {
      noTestSplit.push(
        `${set.file} (${
          Object.entries(splits)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ') || 'no split'
        })`,
      );
      continue;
    }
    if (set.needsClaims && !o.claims) {
      skipped.push(`${set.file} test (${set.labels.join(', ')}): needs the TurnBackHoax claims of ../shared`);
      continue;
    }
    const data = await loadEvalData(file, { split: 'test', resolveText: sharedTextResolver(o.sharedDir) });
    o.logger.info({ file: set.file, rows: data.rows.length }, 'eval:all: labelled test split');
    const r = await evaluate({ data, split: 'test', labels: set.labels, classifier: o.classifier, command: o.command, batchSize });
    await writeEvalReport(r, path.join(o.outDir, `${set.file.replace(/\.jsonl$/, '')}-test`));
    reports.set(set.file, r);
    labelled.push(figuresOf(r, set.file, set.note));
  }

  const heldOut: ModelCard['heldOut'] = [];
  const datasets = path.join(o.sharedDir, 'datasets');
  let rules: RuleClassifier | undefined;
  for (const taskName of TASKS) {
    const dir = currentVersionDir(o.modelsDir, taskName);
    const task = findTask(taskName);
    if (!dir || !task?.heldOut) continue;
    if (!existsSync(datasets)) {
      skipped.push(`${taskName} model's held-out sets: need ${datasets}`);
      continue;
    }
    const meta = await readMetadata(dir);
    rules ??= await createRuleClassifier({});
    for (const [name, examples] of Object.entries(
      await task.heldOut({ dataDir: datasets, labelledDir: o.labelledDir, rules, seed: meta.seed }),
    )) {
      // A label the source says nothing about (TaskExample.mask 0 on every row) is not measured.
      const known = task.labels.filter((_, k) => examples.some((e) => (e.mask?.[k] ?? 1) === 1));
      const rows: EvalRow[] = examples.map((e, i) => ({
        id: `${name}:${i + 1}`,
        text: e.text,
        labels: task.labels.filter((_, k) => e.y[k] === 1),
        line: i + 1,
      }));
      const data: EvalData = {
        file: `${name} (${examples[0]?.source ?? taskName})`,
        rows,
        totalRows: rows.length,
        splits: { test: rows.length },
      };
      o.logger.info({ task: taskName, set: name, rows: rows.length }, 'eval:all: held-out set of a model');
      const preds = await classifyRows(rows, o.classifier, { batchSize });
      const sha = createHash('sha256')
        .update(rows.map((r) => r.text).join('\n'))
        .digest('hex');
      const r = buildEvalReport({
        data,
        dataSha256: sha,
        split: 'test',
        labels: known,
        predictions: preds,
        classifier: { name: o.classifier.name, versions: o.classifier.versions, thresholds: o.classifier.thresholds },
        command: o.command,
      });
      await writeEvalReport(r, path.join(o.outDir, `${taskName}-${name.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`));
      heldOut.push({
        ...figuresOf(r, name, `split by netra train (seed ${meta.seed}); model ${meta.version}`),
        task: taskName,
        modelVersion: meta.version,
      });
    }
  }

  let hoaxPooled: ModelCard['hoaxPooled'] = null;
  const para = reports.get('hoax-paraphrases.jsonl');
  const real = reports.get('election-posts.jsonl');
  if (para && real) {
    const p = para.labels.find((l) => l.label === 'hoax')!;
    const q = real.labels.find((l) => l.label === 'hoax')!;
    hoaxPooled = {
      rows: para.data.rows + real.data.rows,
      figures: binaryMetrics({ tp: p.tp + q.tp, fp: p.fp + q.fp, fn: p.fn + q.fn, tn: p.tn + q.tn }),
      falsePositivesOnRealPosts: q.fp,
    };
  }

  let ordinary: ModelCard['ordinary'] = null;
  const ordinaryInputs = ordinaryFiles(o.sharedDir);
  if (!ordinaryInputs.every((f) => existsSync(f))) skipped.push(`flags per 1,000 ordinary posts: need ${path.join(datasets, 'ordinary')}`);
  else {
    if (!o.claims) skipped.push('flags per 1,000 ordinary posts were measured without claims (no hoax claim matching)');
    const posts = ordinaryPosts(o.sharedDir, 'test');
    o.logger.info({ posts: posts.length }, 'eval:all: ordinary sets, test part');
    const r = await evaluateStream({
      posts,
      classifier: o.classifier,
      labels: LABELS,
      inputs: ordinaryInputs.map((f) => path.relative(path.dirname(o.sharedDir), f)),
      part: 'test',
      command: o.command,
      samplePerLabel: 50,
      batchSize,
    });
    await writeStreamReport(r, path.join(o.outDir, 'ordinary-test'));
    const { sample: _sample, ...rest } = r;
    ordinary = rest;
  }
  const v = o.classifier.versions;
  return {
    createdAt: new Date().toISOString(),
    command: o.command,
    seconds: (Date.now() - started) / 1000,
    machine: { cpus: os.cpus().length, loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100) },
    classifier: {
      name: o.classifier.name,
      key: v.key,
      models: v.models,
      nlp: v.nlp,
      lexicon: v.lexicon,
      thresholds: o.classifier.thresholds,
    },
    claims: o.claims,
    labelled,
    noTestSplit,
    heldOut,
    hoaxPooled,
    ordinary,
    targets: CARD_TARGETS,
    skipped,
    trainingData: await modelTrainingData(o.modelsDir, datasets, o.labelledDir),
  };
}
