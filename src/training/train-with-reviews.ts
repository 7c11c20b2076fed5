import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { RuleClassifier } from '../classify/rules/index.ts';
import type { Label } from '../domain/labels.ts';
import { fuse } from '../model/fusion.ts';
import { readMetadata } from '../model/metadata.ts';
import { fmtMetric, metricsAt, type ThresholdMetrics } from '../eval/metrics.ts';
import { loadModel } from '../model/model-io.ts';
import type { TaskContext, TaskExample, TrainTask } from './tasks/task.ts';
import { prepareRows, runTask, type RunTaskOptions } from './train-task.ts';
import { UserError } from '../domain/errors.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { type Db } from '../db/handle.ts';
import { pinCurrent } from './model-versions.ts';
import { DEFAULT_MIN_PER_LABEL, requireReviewCounts } from './review-minimums.ts';
import { holdOutRecent, reviewExamples, type ReviewExample } from './review-examples.ts';

/** Reviewed posts as a task's training rows: 1 where people gave the label, 0 where they did not. */
export function reviewRows(task: Pick<TrainTask, 'labels'>, reviews: readonly ReviewExample[]): TaskExample[] {
  return reviews.map((r) => ({ text: r.text, y: task.labels.map((l) => (r.labels.includes(l) ? 1 : 0)), source: `netra-reviews:${r.source}` }));
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
        notes: [...d.notes, `+ ${rows.length} posts decided by netra's analysts (confirmed/dismissed, decided up to ${last}; the most recent decisions are held out for the comparison)`],
      };
    },
  };
}

/** Each label's metrics when one model version (with its fusion and threshold) scores these rows. */
export async function measureVersion(dir: string, rules: RuleClassifier, labels: readonly Label[], rows: readonly TaskExample[]): Promise<Record<string, ThresholdMetrics | null>> {
  if (rows.length === 0) return Object.fromEntries(labels.map((l) => [l, null]));
  const [model, meta] = await Promise.all([loadModel(dir), readMetadata(dir)]);
  const prepared = await prepareRows(rules, labels, model.config, rows);
  const out: Record<string, ThresholdMetrics | null> = {};
  labels.forEach((label, l) => {
    const lm = meta.perLabel[label];
    const mi = model.config.labels.indexOf(label);
    if (!lm || mi < 0) {
      out[label] = null;
      return;
    }
    const scores = prepared.map((r) => fuse(lm.fusion, model.predict(r.features)[mi]!, r.rules[l]!));
    out[label] = metricsAt(scores, prepared.map((r) => r.y[l]!), lm.threshold);
  });
  return out;
}

export interface Comparison {
  task: string;
  oldVersion: string | null;
  newVersion: string;
  createdAt: string;
  reviews: { train: number; recent: number; recentFrom: string | null; recentTo: string | null };
  /** Per label and set: the version in use and the new one. */
  perLabel: Record<string, { fixed: { rows: number; old: ThresholdMetrics | null; new: ThresholdMetrics | null }; recent: { rows: number; old: ThresholdMetrics | null; new: ThresholdMetrics | null } }>;
}

const f = (m: ThresholdMetrics | null) => (m ? `P ${fmtMetric(m.precision)} R ${fmtMetric(m.recall)} F1 ${fmtMetric(m.f1)}` : 'n/a');
const delta = (a: ThresholdMetrics | null, b: ThresholdMetrics | null) => (a?.f1 != null && b?.f1 != null ? `${b.f1 - a.f1 >= 0 ? '+' : ''}${(b.f1 - a.f1).toFixed(3)}` : '');

export function renderComparison(c: Comparison): string {
  const rows = Object.entries(c.perLabel).flatMap(([label, s]) => [
    `| ${label} | fixed held-out (${s.fixed.rows}) | ${f(s.fixed.old)} | ${f(s.fixed.new)} | ${delta(s.fixed.old, s.fixed.new)} |`,
    `| ${label} | recent reviewed (${s.recent.rows}) | ${f(s.recent.old)} | ${f(s.recent.new)} | ${delta(s.recent.old, s.recent.new)} |`,
  ]);
  return `# ${c.task}: ${c.newVersion} (with reviews) vs ${c.oldVersion ?? 'none'} (in use)

Created ${c.createdAt}. Trained with ${c.reviews.train} reviewed posts; the ${c.reviews.recent} most recent decisions
(${c.reviews.recentFrom ?? 'n/a'} to ${c.reviews.recentTo ?? 'n/a'}) were held out and never trained on. The fixed
held-out set is the task's own test split, the same for both versions. Each version scores with its
own fusion and thresholds.

| label | set | in use | new | F1 change |
|---|---|---|---|---|
${rows.join('\n')}

The new version is not used until promoted: \`netra models promote ${c.task} ${c.newVersion} --as ADMIN\`
(roll back with \`netra models rollback ${c.task} --as ADMIN\`).
`;
}

/** Measure the version in use and the new one on the fixed test rows and the recent reviews; write comparison.{json,md} into the new version's folder. */
export async function compareVersions(o: {
  task: TrainTask;
  ctx: TaskContext;
  rules: RuleClassifier;
  oldDir: string | undefined;
  newDir: string;
  trainReviews: number;
  recent: readonly ReviewExample[];
}): Promise<Comparison> {
  const data = await o.task.load(o.ctx);
  const recentRows = reviewRows(o.task, o.recent);
  const oldFixed = o.oldDir ? await measureVersion(o.oldDir, o.rules, o.task.labels, data.test) : {};
  const newFixed = await measureVersion(o.newDir, o.rules, o.task.labels, data.test);
  const oldRecent = o.oldDir ? await measureVersion(o.oldDir, o.rules, o.task.labels, recentRows) : {};
  const newRecent = await measureVersion(o.newDir, o.rules, o.task.labels, recentRows);
  const c: Comparison = {
    task: o.task.name,
    oldVersion: o.oldDir ? path.basename(o.oldDir) : null,
    newVersion: path.basename(o.newDir),
    createdAt: new Date().toISOString(),
    reviews: {
      train: o.trainReviews,
      recent: o.recent.length,
      recentFrom: o.recent[0]?.decidedAt.toISOString().slice(0, 10) ?? null,
      recentTo: o.recent[o.recent.length - 1]?.decidedAt.toISOString().slice(0, 10) ?? null,
    },
    perLabel: Object.fromEntries(
      o.task.labels.map((l) => [
        l,
        {
          fixed: { rows: data.test.length, old: oldFixed[l] ?? null, new: newFixed[l] ?? null },
          recent: { rows: recentRows.length, old: oldRecent[l] ?? null, new: newRecent[l] ?? null },
        },
      ]),
    ),
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
  if (reviews.length === 0) throw new UserError('no reviewed posts yet: --with-reviews needs confirmed or dismissed flags (or imported annotations)');
  const { train, recent } = holdOutRecent(reviews, o.recentShare);
  o.print(`reviews: ${reviews.length} decided posts, ${train.length} for training, ${recent.length} most recent held out`);
  const min = o.minPerLabel ?? DEFAULT_MIN_PER_LABEL;
  // Every task is checked before any trains, so a refusal leaves no half-done run behind.
  for (const task of o.tasks) requireReviewCounts(task.name, task.labels, train, min);
  const out: Comparison[] = [];
  for (const task of o.tasks) {
    const oldVersion = await pinCurrent(o.outDir, task.name);
    const oldDir = oldVersion ? path.join(o.outDir, task.name, oldVersion) : undefined;
    const { dir } = await runTask({ task: withReviews(task, train), ctx: o.ctx, rules: o.rules, outDir: o.outDir, logger: o.logger, command: o.command, print: o.print });
    const c = await compareVersions({ task, ctx: o.ctx, rules: o.rules, oldDir, newDir: dir, trainReviews: train.length, recent });
    await appendAudit(o.db, { actor: o.actor, action: 'model.trained_with_reviews', entityType: 'model', entityId: task.name, before: { version: oldVersion ?? null }, after: { version: c.newVersion, reviews: c.reviews, perLabel: c.perLabel } });
    for (const [label, s] of Object.entries(c.perLabel)) {
      const f1 = (m: ThresholdMetrics | null) => fmtMetric(m?.f1 ?? null);
      o.print(`${task.name} ${label}: fixed held-out F1 ${f1(s.fixed.old)} -> ${f1(s.fixed.new)}; recent reviewed F1 ${f1(s.recent.old)} -> ${f1(s.recent.new)}`);
    }
    o.print(`${task.name}: ${c.newVersion} written with comparison.md; ${oldVersion ?? 'no version'} stays in use until: netra models promote ${task.name} ${c.newVersion} --as ADMIN`);
    out.push(c);
  }
  return out;
}
