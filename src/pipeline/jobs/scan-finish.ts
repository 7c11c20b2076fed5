import { ENGAGEMENT_KINDS, engagementsNotVisible, type ScanEngagements } from '../../domain/engagement.ts';
import type { Kysely } from 'kysely';
import type { Database, ScanRun } from '../../db/schema.ts';
import type { ScanStatus } from '../../domain/statuses.ts';
import { EvidenceCapturers } from '../../collect/evidence/capturers.ts';
import { captureFlaggedEvidence, type FlaggedEvidenceStats } from '../../collect/evidence/flagged-evidence.ts';
import type { Source } from '../../collect/source.ts';
import type { Logger } from '../../log/logger.ts';
import { listScanJobs, lockScanRun, previousFinishedRun, recordScanJob } from '../../repositories/scan-runs.repository.ts';
import type { CollectStats, SourceStats, ClassifyStats, CollectJobResult } from './job-results.ts';
import { scanActor } from './scan-job.ts';
import type { RunResources } from './scan-resources.ts';
import { claimFeedAlerts } from '../claim-feeds.step.ts';

export interface FinishInput {
  db: Kysely<Database>;
  run: ScanRun;
  res: RunResources;
  logger: Logger;
  worker: string;
  signal?: AbortSignal;
}

/** The per-source statistics and totals of a run, summed from its collect jobs. */
export function collectStatsOf(results: readonly CollectJobResult[], sourceIds: readonly string[], accounts: number): CollectStats {
  const stats: CollectStats = {
    accounts,
    postsNew: 0,
    postsEdited: 0,
    postsUnchanged: 0,
    postsRestored: 0,
    postsDeleted: 0,
    evidence: 0,
    sources: {},
    alerts: [],
  };
  for (const id of sourceIds) stats.sources[id] ??= { accounts: 0, posts: 0, statuses: {}, errors: [], unregistered: [], incomplete: 0 };
  for (const r of results) {
    const st = (stats.sources[r.source] ??= { accounts: 0, posts: 0, statuses: {}, errors: [], unregistered: [], incomplete: 0 });
    st.accounts++;
    st.posts += r.posts;
    st.statuses[r.status] = (st.statuses[r.status] ?? 0) + 1;
    if (r.status !== 'ok') st.errors.push({ handle: r.handle, platform: r.platform, status: r.status, message: r.message ?? r.status });
    else if (r.complete === false) {
      st.incomplete = (st.incomplete ?? 0) + 1;
      if (r.incomplete) (st.incompleteReasons ??= {})[r.incomplete] = (st.incompleteReasons[r.incomplete] ?? 0) + 1;
    }
    stats.postsNew += r.new;
    stats.postsEdited += r.edited;
    stats.postsUnchanged += r.unchanged;
    stats.postsRestored += r.restored;
    stats.postsDeleted! += r.deleted;
    stats.evidence! += r.evidence;
    if (r.alert) stats.alerts.push(r.alert);
    stats.alerts.push(...(r.alerts ?? []));
  }
  return stats;
}

/** What an operator must hear about each source: errors, nothing at all, far fewer posts than last time. */
export function sourceCallouts(
  stats: CollectStats,
  previous: Record<string, SourceStats> | undefined,
  o: { dropRatio: number; minPreviousPosts: number; previousRunId?: number },
): string[] {
  const out: string[] = [];
  for (const [id, st] of Object.entries(stats.sources)) {
    if (st.accounts > 0 && st.posts === 0) out.push(`${id}: returned no posts for any of ${st.accounts} account(s)`);
    else {
      const before = previous?.[id]?.posts ?? 0;
      if (before >= o.minPreviousPosts && st.posts < before * o.dropRatio)
        out.push(
          `${id}: returned ${st.posts} post(s) where scan #${o.previousRunId} returned ${before} (below ${Math.round(o.dropRatio * 100)}%): a block or a changed page?`,
        );
    }
    const why = st.incompleteReasons ?? {};
    if (why['unordered'])
      out.push(
        `${id}: ${why['unordered']} account(s) listed by popularity, not by time (logged-out X does this): not complete listings, so no post was inferred deleted from them${id === 'x-web' ? '; use the x-api source for X' : ''}`,
      );
    if (why['dom_only'])
      out.push(
        `${id}: the feed JSON was not seen for ${why['dom_only']} account(s) (did the platform change its web app?); posts were read from the drawn page, and no deletions were inferred`,
      );
    if (st.errors.length > 0)
      out.push(
        `${id}: ${st.errors.length} of ${st.accounts} account(s) not collected (${Object.entries(st.statuses)
          .filter(([k]) => k !== 'ok')
          .map(([k, v]) => `${k} ${v}`)
          .join(', ')})`,
      );
  }
  return out;
}

/**
 * The last job of a run: sum the jobs' results into the run's counts, capture evidence of what
 * was flagged (while the posts are still up), call out sources that failed or went quiet, and
 * close the run. Idempotent: a run already closed is left alone.
 */
/** A run's new engagements by kind, its engagement flags, and per source the kinds it cannot see (not visible, not "none"). */
export function engagementSummary(
  results: readonly Pick<ClassifyStats, 'engagements'>[],
  sources: readonly Pick<Source, 'id' | 'engagementsVisible'>[],
): ScanEngagements {
  const found: Partial<Record<string, number>> = {};
  let flagsCreated = 0;
  let flagsUpdated = 0;
  for (const r of results) {
    for (const [k, n] of Object.entries(r.engagements?.found ?? {})) found[k] = (found[k] ?? 0) + (n ?? 0);
    flagsCreated += r.engagements?.flagsCreated ?? 0;
    flagsUpdated += r.engagements?.flagsUpdated ?? 0;
  }
  const notVisible = (s: Pick<Source, 'id' | 'engagementsVisible'>) =>
    s.engagementsVisible ? ENGAGEMENT_KINDS.filter((k) => !s.engagementsVisible!.includes(k)) : engagementsNotVisible(s.id);
  return { found, flagsCreated, flagsUpdated, notVisible: Object.fromEntries(sources.map((s) => [s.id, notVisible(s)])) };
}

export async function finishScan({ db, run, res, logger, worker, signal }: FinishInput): Promise<void> {
  const log = logger.child({ pipeline: run.pipeline, scanRun: run.id });
  const { pipeline } = res.loaded;
  const summary = run.summary as {
    sourceIds?: string[];
    accounts?: number;
    planAlerts?: string[];
    unregistered?: Record<string, SourceStats['unregistered']>;
  };
  const jobs = await listScanJobs(db, run.id);
  const collectResults = jobs
    .filter((j) => j.kind === 'collect' && j.status === 'done')
    .map((j) => j.result as unknown as CollectJobResult);
  const classifyResults = jobs.filter((j) => j.kind === 'classify' && j.status === 'done').map((j) => j.result as unknown as ClassifyStats);
  const dead = jobs.filter((j) => j.status === 'dead');

  const collect = collectStatsOf(collectResults, summary.sourceIds ?? [], summary.accounts ?? 0);
  for (const [id, un] of Object.entries(summary.unregistered ?? {})) if (collect.sources[id]) collect.sources[id].unregistered = un;
  const classify = classifyResults.reduce(
    (a, r) => ({
      classified: a.classified + r.classified,
      flagged: a.flagged + r.flagged,
      flagsCreated: a.flagsCreated + r.flagsCreated,
      flagsUpdated: a.flagsUpdated + r.flagsUpdated,
    }),
    { classified: 0, flagged: 0, flagsCreated: 0, flagsUpdated: 0 },
  );
  const flagIds = [...new Set(classifyResults.flatMap((r) => r.flagIds))];
  const imageStats = classifyResults.flatMap((r) => (r.images ? [r.images] : []));
  const sum = (f: (s: (typeof imageStats)[number]) => number) => imageStats.reduce((n, s) => n + f(s), 0);

  const sources: Source[] = [];
  for (let i = 0; i < pipeline.sources.length; i++) sources.push(await res.source(i));
  const engagements = engagementSummary([...collectResults, ...classifyResults], sources);
  flagIds.push(...collectResults.flatMap((r) => r.engagements?.flagIds ?? []).filter((id) => !flagIds.includes(id)));

  const alerts = [...(summary.planAlerts ?? []), ...collect.alerts];
  let evidence: FlaggedEvidenceStats | undefined;
  if (res.evidenceStore && flagIds.length > 0 && sources.some((s) => (s.evidenceMode ?? 'none') !== 'none')) {
    const capturers = new EvidenceCapturers(sources, { config: { chromiumPath: res.chromiumPath }, store: res.evidenceStore, logger: log });
    try {
      evidence = await captureFlaggedEvidence({
        db,
        flagIds,
        capturers,
        store: res.evidenceStore,
        logger: log,
        actor: scanActor(run.id),
        signal,
      });
    } finally {
      await capturers.close();
    }
    if (evidence.failed.length > 0)
      alerts.push(`evidence: ${evidence.failed.length} flagged post(s) could not be captured (${evidence.failed[0]!.message})`);
  }
  const prev = await previousFinishedRun(db, run.pipeline, run.id);
  alerts.push(
    ...sourceCallouts(collect, (prev?.summary as { sources?: Record<string, SourceStats> } | undefined)?.sources, {
      ...pipeline.alerts,
      ...(prev ? { previousRunId: prev.id } : {}),
    }),
  );
  for (const s of sources) alerts.push(...(s.health?.().alerts ?? []));
  alerts.push(...(await claimFeedAlerts(db, pipeline)));
  if (dead.length > 0)
    alerts.push(`${dead.length} job(s) failed after ${pipeline.jobs.retryLimit} retries (first: ${dead[0]!.key}: ${dead[0]!.error})`);
  collect.alerts = alerts;

  const errorCount = Object.values(collect.sources).reduce((n, s) => n + s.errors.length, 0) + dead.length;
  const status: ScanStatus = errorCount > 0 || alerts.length > 0 ? 'partial' : 'succeeded';
  const counts = {
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
    engagements: Object.values(engagements.found).reduce((n: number, v) => n + (v ?? 0), 0),
    engagement_flags_created: engagements.flagsCreated,
    engagement_flags_updated: engagements.flagsUpdated,
    errors: errorCount,
    jobs_dead: dead.length,
    ...(imageStats.length > 0
      ? {
          images_read: sum((s) => s.read),
          images_failed: sum((s) => s.failed),
          ocr_ms: sum((s) => s.ms),
          flags_from_images: sum((s) => s.flagsFromImages),
        }
      : {}),
  };
  const errors = [
    ...alerts.map((message) => ({ kind: 'alert', message })),
    ...Object.entries(collect.sources).flatMap(([source, s]) => s.errors.map((e) => ({ kind: 'source', source, ...e }))),
    ...dead.map((d) => ({ kind: 'job', job: d.key, attempts: d.attempts, message: d.error })),
  ];
  const closed = await db.transaction().execute(async (trx) => {
    const r = await lockScanRun(trx, run.id);
    if (!r || r.status !== 'running') return false;
    await trx
      .updateTable('scan_runs')
      .set({
        status,
        phase: 'done',
        finished_at: new Date(),
        counts: JSON.stringify(counts),
        errors: JSON.stringify(errors),
        summary: JSON.stringify({
          ...r.summary,
          sources: collect.sources,
          alerts,
          engagements,
          ...(evidence ? { evidence } : {}),
          ...(imageStats[0] ? { ocr: { engine: imageStats[0].ocr, why: imageStats[0].why } } : {}),
        }),
      })
      .where('id', '=', run.id)
      .execute();
    await recordScanJob(trx, { runId: run.id, key: 'finish', kind: 'finish', result: { status }, worker });
    return true;
  });
  if (closed) log.info({ status, counts }, 'scan finished');
}
