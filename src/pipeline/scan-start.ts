import path from 'node:path';
import type { Kysely } from 'kysely';
import type { Database, ScanRun } from '../db/schema.ts';
import { startScanRun, startScheduledRun } from '../repositories/scan-runs.repository.ts';
import type { JobEngine } from './jobs/job-engine.ts';
import type { LoadedPipeline } from './pipeline.load.ts';
import type { Logger } from '../log/logger.ts';
import { syncPipelineClaimFeeds } from './claim-feeds.step.ts';

export interface QueueScanInput {
  db: Kysely<Database>;
  engine: JobEngine;
  loaded: LoadedPipeline;
  trigger: 'manual' | 'schedule';
  /** The scheduler tick: a run for this pipeline and tick is started once, however many schedulers ask. */
  scheduledFor?: Date;
  /** Logs the pipeline's claims feed syncs (run before the run is queued). */
  logger?: Logger;
}

/**
 * Start a queued run: the run row and its plan job commit together, so a run never waits for a
 * job that was not enqueued. Returns null when the tick already has its run.
 */
export async function queueScan({ db, engine, loaded, trigger, scheduledFor, logger }: QueueScanInput): Promise<ScanRun | null> {
  // The pipeline's claims feeds are synced before the run exists, so every worker that builds the
  // run's classifier reads the same claims (a sync inside workers could give them different ones).
  if (logger && loaded.pipeline.claimFeeds?.length)
    await syncPipelineClaimFeeds(db, loaded.pipeline, { logger, actor: `system:queue:${loaded.pipeline.name}` });
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
