import type { ScanEngagements } from '../domain/engagement.ts';
import os from 'node:os';
import path from 'node:path';
import type { Kysely } from 'kysely';
import type { NetraDatabase } from '../db/connect.ts';
import type { Database, ScanRun } from '../db/schema.ts';
import type { Dialect } from '../db/connect.ts';
import type { Classifier } from '../domain/classification.ts';
import type { ContestCalendar } from '../domain/election-phase.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress, type Progress } from '../log/progress.ts';
import type { ImportSummary } from '../registry/accounts-import.ts';
import { finishScanRun, getScanRun, interruptStaleRuns, startScanRun, touchScanRun } from '../repositories/scan-runs.repository.ts';
import type { Config } from '../config/config.schema.ts';
import type { EvidenceStore } from '../collect/evidence/evidence-store.ts';
import type { FlaggedEvidenceStats } from '../collect/evidence/flagged-evidence.ts';
import type { LoadedPipeline } from './pipeline.load.ts';
import { checkPinnedModels } from './pipeline-checks.ts';
import { syncPipelineClaimFeeds } from './claim-feeds.step.ts';
import type { CollectStats, ClassifyStats } from './jobs/job-results.ts';
import { MemoryDispatcher } from './jobs/memory-dispatcher.ts';
import { ScanResources, type ScanResourcesOptions } from './jobs/scan-resources.ts';
import type { RunClassifierConfig } from './run-classifier.ts';

/** The run's classifier and calendar: handed over (tests, fakes), or loaded for the run (loadRunClassifier). */
export type ScanClassifier = { classifier: Classifier; calendar: readonly ContestCalendar[] } | { classifierConfig: RunClassifierConfig };

export type ScanInput = ScanClassifier & {
  db: Kysely<Database>;
  loaded: LoadedPipeline;
  logger: Logger;
  trigger?: 'manual' | 'schedule';
  /** The scheduler tick that started it (one run per pipeline and tick). */
  scheduledFor?: Date;
  signal?: AbortSignal;
  /** Chromium, evidence store and API token for web and API sources (the CLI passes its config). */
  config?: Pick<Config, 'chromiumPath' | 'evidenceDir' | 'xApiBearerToken'> &
    Partial<Pick<Config, 'tiktokClientKey' | 'tiktokClientSecret' | 'metaContentLibraryToken'>>;
  /** Overrides `config.evidenceDir` (tests). */
  evidenceStore?: EvidenceStore;
  /**
   * This process is the database's only user (embedded PGlite): any run of this pipeline still
   * marked running was cut off (killed), whatever its heartbeat says.
   */
  exclusive?: boolean;
  /** `postgres`: sources share politeness with workers through the database. */
  dialect?: Dialect;
  /** With the pipeline's `ocr`: where Debian's models are looked for, or a given OCR engine and image analyzer (tests, benchmarks). */
  ocr?: ScanResourcesOptions['ocr'];
};

/** A scan's outcome as the CLI prints it; rebuilt from the run row (`netra scans show`). */
export interface ScanReport {
  run: ScanRun;
  registry: ImportSummary | null;
  /** Engagements with campaign accounts found by the run, and what its sources cannot see (issue 16). */
  engagements?: ScanEngagements;
  collect: CollectStats;
  classify: Omit<ClassifyStats, 'flagIds'>;
  /** Evidence captured for the posts flagged in this scan (sources with `evidence: flagged`). */
  evidence?: FlaggedEvidenceStats;
}

/** An embedded run that has not beaten for this long is taken for dead. */
const STALE_MS = 60_000;
const HEARTBEAT_MS = 15_000;

/** The report of a run, from what its jobs recorded. */
export function scanReportOf(run: ScanRun): ScanReport {
  const c = run.counts;
  const s = run.summary as {
    registry?: ImportSummary | null;
    sources?: CollectStats['sources'];
    alerts?: string[];
    evidence?: FlaggedEvidenceStats;
    engagements?: ScanEngagements;
  };
  return {
    run,
    registry: s.registry ?? null,
    collect: {
      accounts: c['accounts'] ?? 0,
      postsNew: c['posts_new'] ?? 0,
      postsEdited: c['posts_edited'] ?? 0,
      postsUnchanged: c['posts_unchanged'] ?? 0,
      postsRestored: c['posts_restored'] ?? 0,
      postsDeleted: c['posts_deleted'] ?? 0,
      evidence: c['evidence_collected'] ?? 0,
      sources: s.sources ?? {},
      alerts:
        s.alerts ??
        (run.errors as { kind?: string; message?: string }[])
          .filter((e) => e.kind === 'alert' || e.kind === 'fatal')
          .map((e) => e.message ?? ''),
    },
    classify: {
      classified: c['classified'] ?? 0,
      flagged: c['flagged'] ?? 0,
      flagsCreated: c['flags_created'] ?? 0,
      flagsUpdated: c['flags_updated'] ?? 0,
    },
    ...(s.evidence ? { evidence: s.evidence } : {}),
    ...(s.engagements ? { engagements: s.engagements } : {}),
  };
}

/**
 * Embedded mode: one run of a pipeline in this process, through the same job handlers a worker
 * runs (plan -> collect per account and source -> classify in batches -> finish). Recorded in
 * `scan_runs`; after a crash, running it again completes the work with nothing lost or doubled.
 */
export async function runScan(input: ScanInput): Promise<ScanReport> {
  const { db, loaded, logger, trigger = 'manual', scheduledFor, signal, config, evidenceStore, exclusive, dialect, ocr } = input;
  const { pipeline } = loaded;
  const classifierFrom =
    'classifier' in input
      ? { given: { classifier: input.classifier, calendar: input.calendar } }
      : { load: { config: input.classifierConfig, db } };
  if (classifierFrom.given) checkPinnedModels(loaded, classifierFrom.given.classifier);
  const log = logger.child({ pipeline: pipeline.name });
  // Live claims first: the run's classifier (built below) matches what the feeds just brought.
  await syncPipelineClaimFeeds(db, pipeline, { logger: log, actor: `system:scan:${pipeline.name}`, ...(signal ? { signal } : {}) });
  const interrupted = await interruptStaleRuns(db, pipeline.name, exclusive ? new Date() : new Date(Date.now() - STALE_MS));
  if (interrupted.length > 0) log.warn({ interrupted }, 'earlier run(s) of this pipeline were cut off; this run completes their work');
  const run = await startScanRun(db, {
    pipeline: pipeline.name,
    pipelinePath: loaded.file,
    trigger,
    mode: 'embedded',
    definition: pipeline,
    baseDir: path.dirname(path.resolve(loaded.file)),
    scheduledFor,
  });
  const resources = new ScanResources({
    logger,
    ...classifierFrom,
    config,
    evidenceStore,
    db,
    dialect,
    ocr,
  });
  let classifier: Classifier;
  try {
    // The run's classifier (its claim imports audited as this run), before any job runs.
    ({ classifier } = await resources.get(run));
  } catch (e) {
    await resources.close();
    await finishScanRun(db, run.id, { status: 'failed', counts: {}, errors: [{ kind: 'fatal', message: (e as Error).message }] });
    throw e;
  }
  log.info({ scanRun: run.id, classifier: classifier.versions }, 'scan started');
  let collectBar: Progress | undefined;
  let classifyBar: Progress | undefined;
  const heartbeat = setInterval(() => void touchScanRun(db, run.id).catch(() => undefined), HEARTBEAT_MS);
  heartbeat.unref();
  try {
    const dispatcher = new MemoryDispatcher(
      {
        db,
        logger,
        resources,
        worker: `embedded:${os.hostname()}:${process.pid}`,
        signal,
        events: {
          planned: (_id, n) => (collectBar = createProgress({ label: 'collect ', total: n, logger: log })),
          collected: () => collectBar?.tick(),
          classifyPlanned: (_id, n) => {
            collectBar?.done();
            classifyBar = createProgress({ label: 'classify', total: n, logger: log });
          },
          classified: (_id, n) => classifyBar?.tick(n),
        },
      },
      Math.max(1, pipeline.collect.concurrency ?? 1),
    );
    const { fatal } = await dispatcher.run({ kind: 'plan', runId: run.id }, pipeline.jobs);
    collectBar?.done();
    classifyBar?.done();
    const after = await getScanRun(db, run.id);
    if (after?.status === 'running') {
      // Stopped (signal) or ran out of jobs: the run is cut off, not finished; the next one goes on.
      await finishScanRun(db, run.id, {
        status: 'interrupted',
        counts: after.counts,
        errors: [{ kind: 'fatal', message: signal?.aborted ? 'stopped before the end' : `jobs ran out in phase ${after.phase}` }],
      });
    }
    if (fatal) throw fatal;
    return scanReportOf((await getScanRun(db, run.id))!);
  } finally {
    clearInterval(heartbeat);
    await resources.close();
  }
}

/**
 * `netra scan` and the embedded scheduler: a run of a pipeline in this process on the open
 * database, with the configured classifier (loadRunClassifier) and sources.
 */
export function runEmbeddedScan(
  database: Pick<NetraDatabase, 'db' | 'dialect'>,
  config: RunClassifierConfig & NonNullable<ScanInput['config']>,
  logger: Logger,
  loaded: LoadedPipeline,
  o: Pick<ScanInput, 'trigger' | 'scheduledFor' | 'signal'> = {},
): Promise<ScanReport> {
  return runScan({
    db: database.db,
    loaded,
    classifierConfig: config,
    logger,
    config,
    exclusive: database.dialect === 'pglite',
    dialect: database.dialect,
    ...o,
  });
}
