import { loadClassifier } from '../classify/load-classifier.ts';
import { contestFilesIn, loadElectionCalendar, toCalendar } from '../domain/election-calendar.load.ts';
import type { LoadedPipeline } from '../pipeline/pipeline.load.ts';
import { runScan, type ScanReport } from '../pipeline/scan.ts';
import { pipelineClaimMatcher } from './commands/claims-source.ts';
import type { CliContext } from './context.ts';

/** Run a pipeline in this process (embedded mode) with the configured classifier and calendar. */
export async function runEmbeddedScan(ctx: CliContext, loaded: LoadedPipeline, o: { trigger?: 'manual' | 'schedule'; scheduledFor?: Date; signal?: AbortSignal } = {}): Promise<ScanReport> {
  const contestFiles = await contestFilesIn((loaded.pipeline.classify.contests ?? []).map(loaded.resolve));
  const [{ db, dialect }, shipped] = await Promise.all([ctx.db(), loadElectionCalendar(ctx.config.lexiconDir, contestFiles)]);
  const claimMatcher = await pipelineClaimMatcher(db, (loaded.pipeline.classify.claims ?? []).map(loaded.resolve), ctx.config, ctx.logger);
  const classifier = await loadClassifier(ctx.config, { thresholds: loaded.pipeline.classify.thresholds ?? {}, contestFiles, claimMatcher, logger: ctx.logger });
  const calendar = [...shipped, ...(loaded.pipeline.election.calendar ?? []).map(toCalendar)];
  try {
    return await runScan({
      db,
      loaded,
      classifier,
      calendar,
      logger: ctx.logger,
      config: ctx.config,
      exclusive: dialect === 'pglite',
      dialect,
      ...(o.trigger ? { trigger: o.trigger } : {}),
      ...(o.scheduledFor ? { scheduledFor: o.scheduledFor } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
  } finally {
    await classifier.close?.();
  }
}

/** Abort on the first SIGTERM or SIGINT (a second one exits at once). */
export function stopSignal(onStop?: () => void): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const handler = (sig: NodeJS.Signals) => {
    if (ac.signal.aborted) process.exit(130);
    process.stderr.write(`netra: ${sig}: stopping after the current job(s) (again to exit at once)\n`);
    ac.abort();
    onStop?.();
  };
  process.on('SIGTERM', handler);
  process.on('SIGINT', handler);
  return {
    signal: ac.signal,
    dispose: () => {
      process.off('SIGTERM', handler);
      process.off('SIGINT', handler);
    },
  };
}
