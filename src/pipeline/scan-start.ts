import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, ScanRun } from '../db/schema.ts';
import { startScanRun, startScheduledRun } from '../repositories/scan-runs.repository.ts';
import type { JobEngine } from './jobs/job-engine.ts';
import type { LoadedPipeline } from './pipeline.load.ts';

export interface QueueScanInput {
  db: Kysely<Database>;
  engine: JobEngine;
  loaded: LoadedPipeline;
  trigger: 'manual' | 'schedule';
  /** The scheduler tick: a run for this pipeline and tick is started once, however many schedulers ask. */
  scheduledFor?: Date;
}

/**
 * Start a queued run: the run row and its plan job commit together, so a run never waits for a
 * job that was not enqueued. Returns null when the tick already has its run.
 */
export async function queueScan({ db, engine, loaded, trigger, scheduledFor }: QueueScanInput): Promise<ScanRun | null> {
  const base = {
    pipeline: loaded.pipeline.name,
    pipelinePath: loaded.file,
    trigger,
    mode: 'queued' as const,
    definition: loaded.pipeline,
    baseDir: path.dirname(path.resolve(loaded.file)),
  };
  return db.transaction().execute(async (trx) => {
    const run = scheduledFor ? await startScheduledRun(trx, { ...base, scheduledFor }) : await startScanRun(trx, base);
    if (!run) return null;
    await engine.enqueue(trx, [{ kind: 'plan', runId: run.id }], loaded.pipeline.jobs);
    return run;
  });
}
