import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { RuleClassifier } from '../classify/rules/index.ts';
import type { Label } from '../domain/labels.ts';
import { fuse } from '../model/fusion.ts';
import { readMetadata } from '../model/metadata.ts';
import { bootstrapCompare, fmtCi, type MetricsCi } from '../eval/bootstrap.ts';
import { COLUMNS, gainVerdict, renderComparison, type Column, type Comparison, type SetComparison } from './review-comparison.ts';
import { loadModel } from '../model/model-io.ts';
import type { TaskContext, TaskExample, TrainTask } from './tasks/task.ts';
import { prepareRows, runTask, type RunTaskOptions } from './train-task.ts';
import { UserError } from '../domain/errors.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { recordTrainingPersons } from '../repositories/model-training.repository.ts';
import { type Db } from '../db/handle.ts';
import { pinCurrent } from './model-versions.ts';
import { DEFAULT_MIN_PER_LABEL, requireReviewCounts } from './review-minimums.ts';
import { holdOutRecent, reviewExamples, type ReviewExample } from './review-examples.ts';

/** Reviewed posts as a task's training rows: 1 where people gave the label, 0 where they did not. */
export function reviewRows(task: Pick<TrainTask, 'labels'>, reviews: readonly ReviewExample[]): TaskExample[] {
  return reviews.map((r) => ({
    text: r.text,
    y: task.labels.map((l) => (r.labels.includes(l) ? 1 : 0)),
    source: `netra-reviews:${r.source}`,
  }));
}

/**
 * The task with the analysts' decisions added to its training rows only: calibration and test
 * rows stay the task's own, so the new version is measured on the same fixed held-out set as the
 * version in use.
 */
export function withReviews(task: TrainTask, reviews: readonly ReviewExample[]): TrainTask {
  const rows = reviewRows(task, reviews);
  const last = reviews.length ? reviews[reviews.length - 1]!.decidedAt.toISOString().slice(0, 10) : 'n/a';
  return {
    ...task,
    async load(ctx: TaskContext) {
      const d = await task.load(ctx);
      return {
        ...d,
        extraTrain: [...(d.extraTrain ?? []), ...rows],
        notes: [
          ...d.notes,
          `+ ${rows.length} posts decided by netra's analysts (confirmed/dismissed, decided up to ${last}; the most recent decisions are held out for the comparison)`,
        ],
      };
    },
  };
}

/** Each label's predictions (at the version's own fusion and threshold) on these rows; null where the version lacks the label. */
export async function predictVersion(
  dir: string,
  rules: RuleClassifier,
  labels: readonly Label[],
  rows: readonly TaskExample[],
): Promise<Record<string, boolean[] | null>> {
  if (rows.length === 0) return Object.fromEntries(labels.map((l) => [l, []]));
  const [model, meta] = await Promise.all([loadModel(dir), readMetadata(dir)]);
  const prepared = await prepareRows(rules, labels, model.config, rows);
  const out: Record<string, boolean[] | null> = {};
  labels.forEach((label, l) => {
    const lm = meta.perLabel[label];
    const mi = model.config.labels.indexOf(label);
    out[label] = !lm || mi < 0 ? null : prepared.map((r) => fuse(lm.fusion, model.predict(r.features)[mi]!, r.rules[l]!) >= lm.threshold);
  });
  return out;
}

/** One label on one set of rows: the three versions with bootstrap intervals and the paired F1 gains. */
async function compareOnRows(
  dirs: Record<Column, string | undefined>,
  rules: RuleClassifier,
  labels: readonly Label[],
  rows: readonly TaskExample[],
  seed: number,
  resamples: number,
): Promise<Record<string, SetComparison>> {
  const preds = Object.fromEntries(
    await Promise.all(COLUMNS.map(async (c) => [c, dirs[c] ? await predictVersion(dirs[c]!, rules, labels, rows) : null] as const)),
  ) as Record<Column, Record<string, boolean[] | null> | null>;
  const out: Record<string, SetComparison> = {};
  labels.forEach((label, l) => {
    const gold = rows.map((r) => r.y[l] === 1);
    const have = COLUMNS.filter((c) => preds[c]?.[label]);
    const at = (c: Column) => have.indexOf(c);
    const pairs: [number, number][] = [];
    if (at('current') >= 0 && at('with') >= 0) pairs.push([at('current'), at('with')]);
    if (at('without') >= 0 && at('with') >= 0) pairs.push([at('without'), at('with')]);
    const b = bootstrapCompare(
      gold,
      have.map((c) => preds[c]![label]!),
      pairs,
      { seed: seed + l, resamples },
    );
    const metrics = Object.fromEntries(COLUMNS.map((c) => [c, at(c) >= 0 ? b.models[at(c)]! : null])) as Record<Column, MetricsCi | null>;
    let k = 0;
    const gainOverCurrent = at('current') >= 0 && at('with') >= 0 ? b.gains[k++]! : null;
    const gainOverWithout = at('without') >= 0 && at('with') >= 0 ? b.gains[k++]! : null;
    out[label] = { rows: rows.length, positives: gold.filter(Boolean).length, metrics, gainOverCurrent, gainOverWithout };
  });
  return out;
}

/**
 * Measure the version in use, the retrain without reviews and the retrain with them on the
 * task's fixed test rows and on the recent reviews (paired bootstrap intervals); write
 * comparison.{json,md} into the new version's folder.
 */
export async function compareVersions(o: {
  task: TrainTask;
  ctx: TaskContext;
  rules: RuleClassifier;
  oldDir: string | undefined;
  withoutDir: string;
  newDir: string;
  trainReviews: number;
  recent: readonly ReviewExample[];
  droppedSharedPerson: number;
  resamples?: number;
}): Promise<Comparison> {
  const data = await o.task.load(o.ctx);
  const resamples = o.resamples ?? 1000;
  const dirs = { current: o.oldDir, without: o.withoutDir, with: o.newDir };
  const fixed = await compareOnRows(dirs, o.rules, o.task.labels, data.test, o.ctx.seed, resamples);
  const recent = await compareOnRows(dirs, o.rules, o.task.labels, reviewRows(o.task, o.recent), o.ctx.seed + 1000, resamples);
  const perLabel = Object.fromEntries(o.task.labels.map((l) => [l, { fixed: fixed[l]!, recent: recent[l]! }]));
  const c: Comparison = {
    task: o.task.name,
    oldVersion: o.oldDir ? path.basename(o.oldDir) : null,
    newVersion: path.basename(o.newDir),
    createdAt: new Date().toISOString(),
    resamples,
    reviews: {
      train: o.trainReviews,
      recent: o.recent.length,
      recentFrom: o.recent[0]?.decidedAt.toISOString().slice(0, 10) ?? null,
      recentTo: o.recent[o.recent.length - 1]?.decidedAt.toISOString().slice(0, 10) ?? null,
      recentPersons: new Set(o.recent.map((r) => r.personId ?? `post:${r.postId}`)).size,
      droppedSharedPerson: o.droppedSharedPerson,
    },
    perLabel,
    verdict: gainVerdict(perLabel, o.oldDir !== undefined),
  };
  await writeFile(path.join(o.newDir, 'comparison.json'), `${JSON.stringify(c, null, 2)}\n`);
  await writeFile(path.join(o.newDir, 'comparison.md'), renderComparison(c));
  return c;
}

/** What {@link runTask} takes, for several tasks, plus the database the decisions come from. */
export interface TrainWithReviewsOptions extends Omit<RunTaskOptions, 'task'> {
  db: Db;
  tasks: readonly TrainTask[];
  /** Share of the most recent decisions held out for the comparison. @default 0.2 */
  recentShare: number;
  /** Who started it, for the audit log (`cli:<login>`). */
  actor: string;
  /** Bootstrap resamples for the intervals. @default 1000 */
  resamples?: number;
  /** Fewest reviewed positives and negatives per label (training side). @default DEFAULT_MIN_PER_LABEL */
  minPerLabel?: number;
}

/**
 * The learning loop: the analysts' decisions (resolved like exports) join each task's training
 * rows, the most recent ones held out; a new version is trained next to the one in use (which
 * is pinned in CURRENT first, so the new one is not used until `netra models promote`); both are
 * measured on the task's fixed test split and on the held-out recent decisions; the comparison
 * is written into the new version's folder and the audit log.
 */
export async function trainWithReviews(o: TrainWithReviewsOptions): Promise<Comparison[]> {
  const reviews = await reviewExamples(o.db);
  if (reviews.length === 0)
    throw new UserError('no reviewed posts yet: --with-reviews needs confirmed or dismissed flags (or imported annotations)');
  const { train, recent, dropped } = holdOutRecent(reviews, o.recentShare);
  o.print(
    `reviews: ${reviews.length} decided posts, ${train.length} for training, ${recent.length} most recent held out, ${dropped} left out (same person as a held-out one)`,
  );
  const min = o.minPerLabel ?? DEFAULT_MIN_PER_LABEL;
  // Every task is checked before any trains, so a refusal leaves no half-done run behind.
  for (const task of o.tasks) requireReviewCounts(task.name, task.labels, train, min);
  const out: Comparison[] = [];
  for (const task of o.tasks) {
    const oldVersion = await pinCurrent(o.outDir, task.name);
    const oldDir = oldVersion ? path.join(o.outDir, task.name, oldVersion) : undefined;
    // The same task retrained now without the reviews (same seed), measured and then removed: what the reviews add.
    const tmp = await mkdtemp(path.join(os.tmpdir(), 'netra-without-reviews-'));
    let c: Comparison;
    try {
      o.print(`${task.name}: retraining without reviews (baseline)`);
      const without = await runTask({
        task,
        ctx: o.ctx,
        rules: o.rules,
        outDir: tmp,
        logger: o.logger,
        command: o.command,
        print: (l) => o.print(`  baseline: ${l}`),
      });
      o.print(`${task.name}: retraining with ${train.length} reviews`);
      const { dir } = await runTask({
        task: withReviews(task, train),
        ctx: o.ctx,
        rules: o.rules,
        outDir: o.outDir,
        logger: o.logger,
        command: o.command,
        print: o.print,
      });
      c = await compareVersions({
        task,
        ctx: o.ctx,
        rules: o.rules,
        oldDir,
        withoutDir: without.dir,
        newDir: dir,
        trainReviews: train.length,
        recent,
        droppedSharedPerson: dropped,
        ...(o.resamples ? { resamples: o.resamples } : {}),
      });
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
    // Whose reviewed posts the new version learned from (the held-out recent ones only measure it).
    const persons = new Map<number, number>();
    for (const r of train) if (r.personId !== null) persons.set(r.personId, (persons.get(r.personId) ?? 0) + 1);
    const record = async (trx: Db) => {
      await recordTrainingPersons(trx, task.name, c.newVersion, persons);
      await appendAudit(trx, {
        actor: o.actor,
        action: 'model.trained_with_reviews',
        entityType: 'model',
        entityId: task.name,
        before: { version: oldVersion ?? null },
        after: { version: c.newVersion, reviews: c.reviews, perLabel: c.perLabel, verdict: c.verdict, personsRecorded: persons.size },
      });
    };
    await (o.db.isTransaction ? record(o.db) : o.db.transaction().execute(record));
    for (const [label, s] of Object.entries(c.perLabel)) {
      const f1 = (m: MetricsCi | null) => (m ? fmtCi(m.f1) : 'n/a');
      for (const set of ['fixed', 'recent'] as const)
        o.print(
          `${task.name} ${label} ${set}: F1 in use ${f1(s[set].metrics.current)}, without reviews ${f1(s[set].metrics.without)}, with reviews ${f1(s[set].metrics.with)}`,
        );
    }
    o.print(`${task.name}: ${c.verdict.clearGain ? 'gain beyond noise' : 'within noise'}: ${c.verdict.reason}`);
    o.print(
      `${task.name}: ${c.newVersion} written with comparison.md; ${oldVersion ?? 'no version'} stays in use until: netra models promote ${task.name} ${c.newVersion} --as ADMIN`,
    );
    out.push(c);
  }
  return out;
}
