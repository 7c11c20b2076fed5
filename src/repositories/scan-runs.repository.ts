import { sql } from 'kysely';
import type { ScanJobRow, ScanRun } from '../db/schema.ts';
import type { ScanPhase, ScanStatus } from '../domain/statuses.ts';
import type { Db } from '../db/handle.ts';

export interface StartScanRunInput {
  pipeline: string;
  pipelinePath: string | null;
  trigger: string;
  mode?: 'embedded' | 'queued';
  /** The parsed pipeline (every worker plans and runs from this copy). */
  definition?: unknown;
  baseDir?: string;
  /** The scheduler tick that starts it: a second run for the same tick is refused (`null` back). */
  scheduledFor?: Date;
}

export async function startScanRun(db: Db, r: StartScanRunInput): Promise<ScanRun> {
  return db
    .insertInto('scan_runs')
    .values({
      pipeline: r.pipeline,
      pipeline_path: r.pipelinePath,
      trigger: r.trigger,
      status: 'running',
      started_at: new Date(),
      mode: r.mode ?? 'embedded',
      ...(r.definition !== undefined ? { definition: JSON.stringify(r.definition) } : {}),
      ...(r.baseDir ? { base_dir: r.baseDir } : {}),
      ...(r.scheduledFor ? { scheduled_for: r.scheduledFor } : {}),
      heartbeat_at: new Date(),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** Start the run of a scheduler tick, unless one exists: exactly one run per (pipeline, tick). */
export async function startScheduledRun(db: Db, r: StartScanRunInput & { scheduledFor: Date }): Promise<ScanRun | null> {
  const row = await db
    .insertInto('scan_runs')
    .values({
      pipeline: r.pipeline,
      pipeline_path: r.pipelinePath,
      trigger: r.trigger,
      status: 'running',
      started_at: new Date(),
      mode: r.mode ?? 'queued',
      definition: JSON.stringify(r.definition ?? null),
      ...(r.baseDir ? { base_dir: r.baseDir } : {}),
      scheduled_for: r.scheduledFor,
      heartbeat_at: new Date(),
    })
    .onConflict((oc) => oc.columns(['pipeline', 'scheduled_for']).where('scheduled_for', 'is not', null).doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ?? null;
}

export async function finishScanRun(
  db: Db,
  id: number,
  r: { status: ScanStatus; counts: Record<string, number>; errors: unknown[]; summary?: Record<string, unknown> },
): Promise<ScanRun> {
  return db
    .updateTable('scan_runs')
    .set({
      status: r.status,
      phase: 'done',
      finished_at: new Date(),
      counts: JSON.stringify(r.counts),
      errors: JSON.stringify(r.errors),
      ...(r.summary ? { summary: sql`summary || ${JSON.stringify(r.summary)}::jsonb` } : {}),
    })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getScanRun(db: Db, id: number): Promise<ScanRun | undefined> {
  return db.selectFrom('scan_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Whether a run of `pipeline` was started for the scheduler tick `scheduledFor`. */
export async function hasScheduledRun(db: Db, pipeline: string, scheduledFor: Date): Promise<boolean> {
  return (
    (await db
      .selectFrom('scan_runs')
      .select('id')
      .where('pipeline', '=', pipeline)
      .where('scheduled_for', '=', scheduledFor)
      .executeTakeFirst()) !== undefined
  );
}

/** The run row, locked until the transaction ends: phase changes of one run happen one at a time. */
export async function lockScanRun(db: Db, id: number): Promise<ScanRun | undefined> {
  return db.selectFrom('scan_runs').selectAll().where('id', '=', id).forUpdate().executeTakeFirst();
}

export async function setScanPhase(
  db: Db,
  id: number,
  p: { phase: ScanPhase; collectTotal?: number; classifyTotal?: number; classifierKey?: string; summary?: Record<string, unknown> },
): Promise<void> {
  await db
    .updateTable('scan_runs')
    .set({
      phase: p.phase,
      collect_total: p.collectTotal,
      classify_total: p.classifyTotal,
      classifier_key: p.classifierKey,
      ...(p.summary ? { summary: sql`summary || ${JSON.stringify(p.summary)}::jsonb` } : {}),
    })
    .where('id', '=', id)
    .execute();
}

export async function touchScanRun(db: Db, id: number): Promise<void> {
  await db.updateTable('scan_runs').set({ heartbeat_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Embedded runs of this pipeline still marked running whose process stopped beating (killed,
 * machine lost) are marked `interrupted`; their work so far is kept and the next run goes on.
 */
export async function interruptStaleRuns(db: Db, pipeline: string, staleBefore: Date): Promise<number[]> {
  const rows = await db
    .updateTable('scan_runs')
    .set({ status: 'interrupted', finished_at: new Date() })
    .where('pipeline', '=', pipeline)
    .where('mode', '=', 'embedded')
    .where('status', '=', 'running')
    .where((eb) => eb.or([eb('heartbeat_at', 'is', null), eb('heartbeat_at', '<', staleBefore)]))
    .returning('id')
    .execute();
  return rows.map((r) => r.id);
}

export async function listScanRuns(db: Db, o: { limit?: number; pipeline?: string; status?: ScanStatus } = {}): Promise<ScanRun[]> {
  let q = db.selectFrom('scan_runs').selectAll();
  if (o.pipeline) q = q.where('pipeline', '=', o.pipeline);
  if (o.status) q = q.where('status', '=', o.status);
  return q
    .orderBy('id', 'desc')
    .limit(o.limit ?? 20)
    .execute();
}

/** The newest run of each pipeline. */
export async function lastRunPerPipeline(db: Db): Promise<ScanRun[]> {
  return db
    .selectFrom('scan_runs as r')
    .selectAll('r')
    .where('r.id', 'in', (eb) =>
      eb
        .selectFrom('scan_runs')
        .select((e) => e.fn.max('id').as('id'))
        .groupBy('pipeline'),
    )
    .orderBy('r.pipeline')
    .execute();
}

/** The last finished run of a pipeline before `beforeId` (for "fewer posts than usual"). */
export async function previousFinishedRun(db: Db, pipeline: string, beforeId: number): Promise<ScanRun | undefined> {
  return db
    .selectFrom('scan_runs')
    .selectAll()
    .where('pipeline', '=', pipeline)
    .where('id', '<', beforeId)
    .where('status', 'in', ['succeeded', 'partial'])
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

// ---- jobs of a run -------------------------------------------------------------------------

export async function scanJobDone(db: Db, runId: number, key: string): Promise<boolean> {
  const r = await db.selectFrom('scan_jobs').select('key').where('scan_run_id', '=', runId).where('key', '=', key).executeTakeFirst();
  return r !== undefined;
}

/**
 * Record a job finished. Inside the job's own transaction, a second insert for the same key fails
 * the transaction: two workers racing on one job cannot both commit its effects.
 */
export async function recordScanJob(
  db: Db,
  j: { runId: number; key: string; kind: ScanJobRow['kind']; result: Record<string, unknown>; attempts?: number; worker?: string },
): Promise<void> {
  await db
    .insertInto('scan_jobs')
    .values({
      scan_run_id: j.runId,
      key: j.key,
      kind: j.kind,
      status: 'done',
      result: JSON.stringify(j.result),
      attempts: j.attempts ?? 1,
      worker: j.worker ?? null,
    })
    .execute();
}

/** Record a job dead (retries used up), with its error; a job already done stays done. */
export async function recordDeadScanJob(
  db: Db,
  j: { runId: number; key: string; kind: ScanJobRow['kind']; error: string; attempts: number; worker?: string },
): Promise<boolean> {
  const r = await db
    .insertInto('scan_jobs')
    .values({
      scan_run_id: j.runId,
      key: j.key,
      kind: j.kind,
      status: 'dead',
      error: j.error,
      attempts: j.attempts,
      worker: j.worker ?? null,
    })
    .onConflict((oc) => oc.columns(['scan_run_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return r !== undefined;
}

export async function countScanJobs(db: Db, runId: number, kind: ScanJobRow['kind']): Promise<number> {
  const r = await db
    .selectFrom('scan_jobs')
    .select((e) => e.fn.countAll<number>().as('n'))
    .where('scan_run_id', '=', runId)
    .where('kind', '=', kind)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function listScanJobs(db: Db, runId: number, kind?: ScanJobRow['kind']): Promise<ScanJobRow[]> {
  let q = db.selectFrom('scan_jobs').selectAll().where('scan_run_id', '=', runId);
  if (kind) q = q.where('kind', '=', kind);
  return q.orderBy('finished_at').execute();
}

/** Jobs finished per run and kind, for progress and `netra status`. */
export async function scanJobProgress(
  db: Db,
  runIds: readonly number[],
): Promise<{ runId: number; kind: string; status: string; n: number }[]> {
  if (runIds.length === 0) return [];
  const rows = await db
    .selectFrom('scan_jobs')
    .select(['scan_run_id as runId', 'kind', 'status', (e) => e.fn.countAll<number>().as('n')])
    .where('scan_run_id', 'in', [...runIds])
    .groupBy(['scan_run_id', 'kind', 'status'])
    .execute();
  return rows.map((r) => ({ ...r, n: Number(r.n) }));
}
