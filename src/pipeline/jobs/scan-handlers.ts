import { importCampaignAccountsCsv, type CampaignImportSummary } from '../../registry/campaign-accounts-import.ts';
import type { Kysely } from 'kysely';
import type { Database, ScanRun } from '../../db/schema.ts';
import { PermanentError } from '../../domain/errors.ts';
import type { Logger } from '../../log/logger.ts';
import { importAccountsCsv, type ImportSummary } from '../../registry/accounts-import.ts';
import type { Db } from '../../db/handle.ts';
import { pendingClassification, pendingPostIds } from '../../repositories/classifications.repository.ts';
import { getAccountRef, listAccounts } from '../../repositories/registry.repository.ts';
import { tombstoned } from '../../repositories/erasure.repository.ts';
import { accountDigest } from '../../domain/erasure-digest.ts';
import {
  countScanJobs,
  finishScanRun,
  getScanRun,
  lockScanRun,
  recordDeadScanJob,
  recordScanJob,
  scanJobDone,
  setScanPhase,
} from '../../repositories/scan-runs.repository.ts';
import type { JobsConfig } from '../pipeline.schema.ts';
import { collectAccount, type AccountCollectResult } from './collect-account.ts';
import { classifyBatch } from './classify-batch.ts';
import type { CollectJobResult } from './job-results.ts';
import { isPermanent, JobAborted } from './retry-policy.ts';
import { jobKey, scanActor, type ScanJob } from './scan-job.ts';
import { finishScan } from './scan-finish.ts';
import { loadedFromRun, type ScanResources } from './scan-resources.ts';

/** Progress events, for bars, JSON progress lines and metrics. */
export interface JobEvents {
  planned?(runId: number, collectJobs: number): void;
  collected?(runId: number, posts: number): void;
  classifyPlanned?(runId: number, posts: number): void;
  classified?(runId: number, posts: number): void;
}

/** What a handler needs besides its job: the same in a worker and in an embedded scan. */
export interface JobEnv {
  db: Kysely<Database>;
  logger: Logger;
  resources: ScanResources;
  /** Name recorded with each job done (host:pid, or `embedded`). */
  worker: string;
  /** Enqueue jobs as part of `trx`: they exist only if it commits. */
  enqueue(trx: Db, jobs: readonly ScanJob[], policy: JobsConfig): Promise<void>;
  signal?: AbortSignal;
  events?: JobEvents;
}

async function runOf(env: JobEnv, runId: number): Promise<ScanRun | undefined> {
  const run = await getScanRun(env.db, runId);
  // A run that ended (finished, failed, interrupted) takes no more work: its leftover jobs end quietly.
  return run && run.status === 'running' ? run : undefined;
}

/** Run one job. Throws to ask for a retry; the caller decides when retries are used up. */
export async function runScanJob(job: ScanJob, env: JobEnv, attempt = 1): Promise<void> {
  switch (job.kind) {
    case 'plan':
      return plan(job, env);
    case 'collect':
      return collect(job, env, attempt);
    case 'classify':
      return classify(job, env, attempt);
    case 'finish':
      return finish(job, env);
  }
}

async function plan(job: Extract<ScanJob, { kind: 'plan' }>, env: JobEnv): Promise<void> {
  const run = await runOf(env, job.runId);
  if (!run) return;
  if (run.phase !== 'plan') return advance(env, run.id);
  const res = await env.resources.get(run);
  const { pipeline } = res.loaded;
  const log = env.logger.child({ pipeline: pipeline.name, scanRun: run.id });
  let registry: ImportSummary | null = null;
  if (pipeline.registry) {
    registry = await importAccountsCsv(env.db, res.loaded.resolve(pipeline.registry), scanActor(run.id));
    log.info({ registry }, 'registry imported');
  }
  let campaignAccounts: CampaignImportSummary | null = null;
  if (pipeline.campaignAccounts) {
    campaignAccounts = await importCampaignAccountsCsv(env.db, res.loaded.resolve(pipeline.campaignAccounts), scanActor(run.id));
    log.info({ campaignAccounts }, 'campaign accounts imported');
  }
  const accounts = await listAccounts(env.db, pipeline.accounts);
  const jobs: ScanJob[] = [];
  const sourceIds: string[] = [];
  const planAlerts: string[] = [];
  const unregistered: Record<string, { platform: string; handle: string; posts: number }[]> = {};
  for (let i = 0; i < pipeline.sources.length; i++) {
    const s = await res.source(i);
    sourceIds.push(s.id);
    const served = accounts.filter((acc) => s.platforms.includes(acc.platform));
    for (const acc of served) jobs.push({ kind: 'collect', runId: run.id, accountId: acc.accountId, source: i });
    // A file holds posts of handles that may not be registered: say so now, not silently skip them.
    if (s.unclaimed) {
      for (const acc of served) await s.collectAccount(acc, { logger: log });
      // Handles of erased persons are skipped without being named (the scan record must not bring them back).
      const all = s.unclaimed();
      const erased = await tombstoned(
        env.db,
        all.map((u) => accountDigest(u.platform, u.handle)),
      );
      const un = all.filter((u) => !erased.has(accountDigest(u.platform, u.handle)));
      if (un.length < all.length) planAlerts.push(`${s.id}: ${all.length - un.length} handle(s) of erased persons skipped`);
      if (un.length > 0) {
        unregistered[s.id] = un;
        planAlerts.push(
          `${s.id}: ${un.reduce((n, u) => n + u.posts, 0)} post(s) from ${un.length} handle(s) that are not in the registry were skipped`,
        );
      }
    }
  }
  await env.db.transaction().execute(async (trx) => {
    const locked = await lockScanRun(trx, run.id);
    if (locked?.phase !== 'plan') return;
    await setScanPhase(trx, run.id, {
      phase: 'collect',
      collectTotal: jobs.length,
      classifierKey: res.classifier.versions.key,
      summary: {
        registry,
        ...(campaignAccounts ? { campaignAccounts } : {}),
        accounts: accounts.length,
        sourceIds,
        planAlerts,
        unregistered,
        classifier: res.classifier.versions,
      },
    });
    await recordScanJob(trx, {
      runId: run.id,
      key: 'plan',
      kind: 'plan',
      result: { accounts: accounts.length, collectJobs: jobs.length },
      worker: env.worker,
    });
    for (let i = 0; i < jobs.length; i += 5000) await env.enqueue(trx, jobs.slice(i, i + 5000), pipeline.jobs);
  });
  log.info({ accounts: accounts.length, collectJobs: jobs.length }, 'scan planned');
  env.events?.planned?.(run.id, jobs.length);
  await advance(env, run.id);
}

async function collect(job: Extract<ScanJob, { kind: 'collect' }>, env: JobEnv, attempt: number): Promise<void> {
  const run = await runOf(env, job.runId);
  if (!run) return;
  const key = jobKey(job);
  if (!(await scanJobDone(env.db, run.id, key))) {
    const res = await env.resources.get(run);
    const source = await res.source(job.source);
    const account = await getAccountRef(env.db, job.accountId);
    const log = env.logger.child({ pipeline: res.loaded.pipeline.name, scanRun: run.id });
    const result = (r: AccountCollectResult, handle: string, platform: string): CollectJobResult => {
      const n = (o: string) => r.stored.filter((s) => s.outcome === o).length;
      return {
        source: source.id,
        platform,
        handle,
        status: r.status,
        ...(r.message ? { message: r.message } : {}),
        posts: r.stored.length,
        new: n('new'),
        edited: n('edited'),
        unchanged: n('unchanged'),
        restored: n('restored'),
        deleted: r.deleted?.length ?? 0,
        evidence: r.evidence ?? 0,
        ...(r.alerts?.length ? { alerts: r.alerts } : {}),
        complete: r.complete,
        ...(r.incomplete ? { incomplete: r.incomplete } : {}),
        ...(r.engagements
          ? {
              engagements: {
                found: r.engagements.found,
                flagsCreated: r.engagements.flagsCreated,
                flagsUpdated: r.engagements.flagsUpdated,
                flagIds: r.engagements.flagIds,
              },
            }
          : {}),
      };
    };
    if (!account) {
      // Removed from the registry since planning: nothing to collect, and that is recorded.
      await recordScanJob(env.db, {
        runId: run.id,
        key,
        kind: 'collect',
        result: { ...result({ status: 'not_found', message: 'no longer in the registry', stored: [] }, `#${job.accountId}`, '?') },
        attempts: attempt,
        worker: env.worker,
      });
    } else {
      const r = await collectAccount({
        db: env.db,
        source,
        account,
        logger: log,
        actor: scanActor(run.id),
        signal: env.signal,
        deletions: res.loaded.pipeline.collect.deletions,
        evidenceStore: res.evidenceStore,
        calendar: res.calendar,
        commit: async (trx, r) => {
          // A listing cut short by shutdown is not the account's result: roll back, retry later.
          if (env.signal?.aborted && r.status !== 'ok') throw new JobAborted('worker shutting down');
          await recordScanJob(trx, {
            runId: run.id,
            key,
            kind: 'collect',
            result: { ...result(r, account.handle, account.platform) },
            attempts: attempt,
            worker: env.worker,
          });
        },
      });
      env.events?.collected?.(run.id, r.stored.length);
    }
  }
  await advance(env, run.id);
}

async function classify(job: Extract<ScanJob, { kind: 'classify' }>, env: JobEnv, attempt: number): Promise<void> {
  const run = await runOf(env, job.runId);
  if (!run) return;
  const key = jobKey(job);
  if (!(await scanJobDone(env.db, run.id, key))) {
    const res = await env.resources.get(run);
    const have = res.classifier.versions.key;
    if (run.classifier_key && have !== run.classifier_key)
      throw new PermanentError(
        `this process's classifier is ${have} but scan #${run.id} was planned with ${run.classifier_key}: run the same netra version, lexicons and models on every worker`,
      );
    const batch = await pendingClassification(env.db, have, job.postIds.length, 0, job.postIds);
    await classifyBatch({
      db: env.db,
      classifier: res.classifier,
      calendar: res.calendar,
      actor: scanActor(run.id),
      batch,
      images: await res.images(),
      commit: async (trx, s) => {
        await recordScanJob(trx, { runId: run.id, key, kind: 'classify', result: { ...s }, attempts: attempt, worker: env.worker });
      },
    });
    env.events?.classified?.(run.id, job.postIds.length);
  }
  await advance(env, run.id);
}

async function finish(job: Extract<ScanJob, { kind: 'finish' }>, env: JobEnv): Promise<void> {
  const run = await runOf(env, job.runId);
  if (!run) return;
  const res = await env.resources.get(run);
  try {
    await finishScan({ db: env.db, run, res, logger: env.logger, worker: env.worker, signal: env.signal });
  } finally {
    await env.resources.release(run.id);
  }
}

/**
 * Move a run to its next phase when every job of this one is recorded (done or dead). Called
 * after each job; the run row's lock makes the move happen once however many workers call it.
 */
export async function advance(env: JobEnv, runId: number): Promise<void> {
  const run = await runOf(env, runId);
  if (!run) return;
  if (run.phase === 'collect') {
    if ((await countScanJobs(env.db, runId, 'collect')) < (run.collect_total ?? 0)) return;
  } else if (run.phase === 'classify') {
    if ((await countScanJobs(env.db, runId, 'classify')) < (run.classify_total ?? 0)) return;
  } else return;
  let posts = -1;
  await env.db.transaction().execute(async (trx) => {
    const r = await lockScanRun(trx, runId);
    if (!r || r.status !== 'running' || r.phase !== run.phase) return;
    const { pipeline } = loadedFromRun(r);
    if (r.phase === 'collect') {
      const versions = (r.summary as { classifier?: { baseKey?: string } }).classifier;
      const days = pipeline.classify.reclassifyDays ?? 30;
      const ids = await pendingPostIds(
        trx,
        r.classifier_key ?? '',
        versions?.baseKey ? { baseKey: versions.baseKey, since: new Date(Date.now() - days * 86_400_000) } : undefined,
      );
      const size = pipeline.classify.batchSize ?? 500;
      const jobs: ScanJob[] = [];
      for (let i = 0; i < ids.length; i += size)
        jobs.push({ kind: 'classify', runId, batch: jobs.length, postIds: ids.slice(i, i + size) });
      posts = ids.length;
      if (jobs.length > 0) {
        await setScanPhase(trx, runId, { phase: 'classify', classifyTotal: jobs.length });
        for (let i = 0; i < jobs.length; i += 1000) await env.enqueue(trx, jobs.slice(i, i + 1000), pipeline.jobs);
        return;
      }
      await setScanPhase(trx, runId, { phase: 'finish', classifyTotal: 0 });
    } else {
      await setScanPhase(trx, runId, { phase: 'finish' });
    }
    await env.enqueue(trx, [{ kind: 'finish', runId }], pipeline.jobs);
  });
  if (posts >= 0) env.events?.classifyPlanned?.(runId, posts);
}

/**
 * A job whose retries are used up: kept as dead with its error. A dead collect or classify job
 * is counted as an error of the run, which goes on; a dead plan or finish fails the run.
 */
export async function recordJobDead(job: ScanJob, env: JobEnv, error: Error, attempts: number): Promise<void> {
  const message = error.message;
  const added = await recordDeadScanJob(env.db, {
    runId: job.runId,
    key: jobKey(job),
    kind: job.kind,
    error: message,
    attempts,
    worker: env.worker,
  });
  env.logger.error(
    { scanRun: job.runId, job: jobKey(job), attempts, err: message },
    isPermanent(error) ? 'job dead: its error is permanent' : 'job dead: retries used up',
  );
  if (!added) return;
  if (job.kind === 'plan' || job.kind === 'finish') {
    const run = await runOf(env, job.runId);
    if (run)
      await finishScanRun(env.db, run.id, { status: 'failed', counts: run.counts, errors: [{ kind: 'fatal', job: jobKey(job), message }] });
    await env.resources.release(job.runId);
    return;
  }
  await advance(env, job.runId);
}
