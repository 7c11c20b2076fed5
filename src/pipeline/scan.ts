import type { Kysely } from 'kysely';
import type { Database, ScanRun, ScanStatus } from '../db/schema.ts';
import type { Classifier } from '../domain/classification.ts';
import type { ContestCalendar } from '../domain/election-phase.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress } from '../log/progress.ts';
import { importAccountsCsv, type ImportSummary } from '../registry/accounts-import.ts';
import { listAccounts } from '../repositories/registry.repository.ts';
import { finishScanRun, startScanRun } from '../repositories/scan-runs.repository.ts';
import type { Config } from '../config/config.schema.ts';
import { EvidenceCapturers } from '../collect/evidence/capturers.ts';
import { directoryEvidenceStore, type EvidenceStore } from '../collect/evidence/evidence-store.ts';
import { captureFlaggedEvidence, type FlaggedEvidenceStats } from '../collect/evidence/flagged-evidence.ts';
import { openSource } from '../collect/source-factory.ts';
import type { Source } from '../collect/source.ts';
import type { LoadedPipeline } from './pipeline.load.ts';
import { checkPinnedModels, evidenceDirOf } from './pipeline-checks.ts';
import { collectStage, type CollectStats } from './stages/collect.stage.ts';
import { classifyStage, type ClassifyStats } from './stages/classify.stage.ts';

export interface ScanInput {
  db: Kysely<Database>;
  loaded: LoadedPipeline;
  classifier: Classifier;
  calendar: readonly ContestCalendar[];
  logger: Logger;
  trigger?: 'manual' | 'schedule';
  signal?: AbortSignal;
  /** Chromium, evidence store and API token for web and API sources (the CLI passes its config). */
  config?: Pick<Config, 'chromiumPath' | 'evidenceDir' | 'xApiBearerToken'>;
  /** Overrides `config.evidenceDir` (tests). */
  evidenceStore?: EvidenceStore;
}

export interface ScanReport {
  run: ScanRun;
  registry: ImportSummary | null;
  collect: CollectStats;
  classify: ClassifyStats;
  /** Evidence captured for the posts flagged in this scan (sources with `evidence: flagged`). */
  evidence?: FlaggedEvidenceStats;
}

/**
 * One run of a pipeline in this process: registry -> collect -> classify -> flag.
 * Recorded in `scan_runs`; idempotent (re-running adds no rows for what is already stored).
 */
export async function runScan({ db, loaded, classifier, calendar, logger, trigger = 'manual', signal, config, evidenceStore }: ScanInput): Promise<ScanReport> {
  const { pipeline } = loaded;
  checkPinnedModels(loaded, classifier);
  const log = logger.child({ pipeline: pipeline.name });
  const run = await startScanRun(db, { pipeline: pipeline.name, pipelinePath: loaded.file, trigger });
  const actor = `system:scan#${run.id}`;
  log.info({ scanRun: run.id, classifier: classifier.versions }, 'scan started');
  const sources: Source[] = [];
  try {
    let registry: ImportSummary | null = null;
    if (pipeline.registry) {
      registry = await importAccountsCsv(db, loaded.resolve(pipeline.registry), actor);
      log.info({ registry }, 'registry imported');
    }
    const a = pipeline.accounts;
    const accounts = await listAccounts(db, {
      ...(a.platforms ? { platforms: a.platforms } : {}),
      ...(a.agencies ? { agencies: a.agencies } : {}),
      ...(a.regions ? { regions: a.regions } : {}),
      ...(a.tags ? { tags: a.tags } : {}),
      ...(a.handles ? { handles: a.handles } : {}),
    });
    const store = evidenceStore ?? (config ? directoryEvidenceStore(evidenceDirOf(loaded, config.evidenceDir)) : undefined);
    for (const s of pipeline.sources)
      sources.push(await openSource(s, { resolve: loaded.resolve, logger: log, ...(config ? { config } : {}), ...(store ? { evidenceStore: store } : {}) }));

    const collectProgress = createProgress({ label: 'collect ', total: accounts.length, logger: log });
    const collect = await collectStage({
      db,
      sources,
      accounts,
      logger: log,
      progress: collectProgress,
      actor,
      ...(pipeline.collect.concurrency ? { concurrency: pipeline.collect.concurrency } : {}),
      ...(signal ? { signal } : {}),
    });
    collectProgress.done();
    for (const alert of collect.alerts) log.warn({ alert }, 'collection alert');

    const classifyProgress = createProgress({ label: 'classify', logger: log });
    const classify = await classifyStage({
      db,
      classifier,
      calendar,
      logger: log,
      actor,
      progress: classifyProgress,
      ...(pipeline.classify.batchSize ? { batchSize: pipeline.classify.batchSize } : {}),
      ...(signal ? { signal } : {}),
    });
    classifyProgress.done();

    // Evidence for what was just flagged, while the posts are still up.
    let evidence: FlaggedEvidenceStats | undefined;
    if (store && classify.flagIds.length > 0 && sources.some((x) => (x.evidenceMode ?? 'none') !== 'none')) {
      const capturers = new EvidenceCapturers(sources, { config: { chromiumPath: config?.chromiumPath ?? '/usr/bin/chromium' }, store, logger: log });
      try {
        evidence = await captureFlaggedEvidence({ db, flagIds: classify.flagIds, capturers, store, logger: log, actor, ...(signal ? { signal } : {}) });
      } finally {
        await capturers.close();
      }
      if (evidence.failed.length > 0) collect.alerts.push(`evidence: ${evidence.failed.length} flagged post(s) could not be captured (${evidence.failed[0]!.message})`);
    }

    const errorCount = Object.values(collect.sources).reduce((n, s) => n + s.errors.length, 0);
    const status: ScanStatus = signal?.aborted ? 'partial' : errorCount > 0 || collect.alerts.length > 0 ? 'partial' : 'succeeded';
    const finished = await finishScanRun(db, run.id, {
      status,
      counts: {
        accounts: collect.accounts,
        posts_new: collect.postsNew,
        posts_edited: collect.postsEdited,
        posts_unchanged: collect.postsUnchanged,
        posts_restored: collect.postsRestored,
        posts_deleted: collect.postsDeleted ?? 0,
        evidence_collected: collect.evidence ?? 0,
        evidence_flagged: evidence ? evidence.captured + evidence.removed : 0,
        classified: classify.classified,
        flagged: classify.flagged,
        flags_created: classify.flagsCreated,
        flags_updated: classify.flagsUpdated,
        errors: errorCount,
      },
      errors: [
        ...collect.alerts.map((message) => ({ kind: 'alert', message })),
        ...Object.entries(collect.sources).flatMap(([source, s]) => s.errors.map((e) => ({ kind: 'source', source, ...e }))),
      ],
    });
    log.info({ scanRun: run.id, status, counts: finished.counts }, 'scan finished');
    return { run: finished, registry, collect, classify, ...(evidence ? { evidence } : {}) };
  } catch (e) {
    await finishScanRun(db, run.id, { status: 'failed', counts: {}, errors: [{ kind: 'fatal', message: (e as Error).message }] }).catch(() => undefined);
    throw e;
  } finally {
    for (const s of sources) await s.close?.();
  }
}
