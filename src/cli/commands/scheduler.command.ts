import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { JobEngine } from '../../pipeline/jobs/job-engine.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { queueScan } from '../../pipeline/scan-start.ts';
import { runScheduler } from '../../pipeline/scheduler.ts';
import { stopSignal } from '../stop-signal.ts';
import { formatScanReport } from '../scan-report.format.ts';
import { runEmbeddedScan, scanReportOf } from '../../pipeline/scan.ts';
import { hasScheduledRun } from '../../repositories/scan-runs.repository.ts';
import { numberOption } from '../options.ts';
import { withContext } from '../with-context.ts';
import { directoryEvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { retentionTask } from '../../pipeline/retention/retention-task.ts';

export function registerSchedulerCommand(program: Command): void {
  program
    .command('scheduler')
    .description('start pipelines on their cron schedule (their `schedule:`) and apply the retention settings daily, until stopped')
    .option('--pipeline <file...>', 'pipeline files with a schedule')
    .option('--check-seconds <s>', 'how often the clock is checked', '10')
    .addHelpText(
      'after',
      `\nOn PostgreSQL each due tick queues one run for the workers (netra worker); any number of\nschedulers may run: a tick starts one run only (unique pipeline + tick). On the embedded\ndatabase the scheduler runs each due scan itself, in this process.\nA tick missed while no scheduler ran is started up to schedule.catchUpMinutes late.\nRetention (NETRA_RETAIN_*_DAYS) runs on NETRA_RETENTION_CRON (default 02:30 WIB daily; off\nturns it off), once per tick whatever the number of schedulers; see netra retention apply --help.`,
    )
    .action(
      withContext(async (ctx, o: { pipeline?: string[]; checkSeconds: string }) => {
        const checkMs = numberOption('--check-seconds', o.checkSeconds, { min: 1 }) * 1000;
        const pipelines = await Promise.all((o.pipeline ?? []).map((f) => loadPipeline(f)));
        const missing = pipelines.filter((p) => !p.pipeline.schedule);
        if (missing.length > 0)
          throw new UserError(`${missing.map((p) => p.file).join(', ')}: no "schedule" field, so nothing to schedule`);
        const d = await ctx.db();
        const retention = retentionTask({
          db: d.db,
          config: ctx.config,
          store: directoryEvidenceStore(ctx.config.evidenceDir),
          logger: ctx.logger,
        });
        if (pipelines.length === 0 && !retention)
          throw new UserError('nothing to schedule: give --pipeline files with a schedule, or leave NETRA_RETENTION_CRON on');
        const stop = stopSignal();
        const engine = d.dialect === 'postgres' ? await JobEngine.open(d, { logger: ctx.logger, supervise: false }) : undefined;
        try {
          await runScheduler({
            pipelines,
            tasks: retention ? [retention] : [],
            logger: ctx.logger,
            signal: stop.signal,
            checkMs,
            start: async (loaded, tick) => {
              if (engine)
                return (
                  (await queueScan({ db: d.db, engine, loaded, trigger: 'schedule', scheduledFor: tick, logger: ctx.logger })) !== null
                );
              // Embedded: this process is the database's only user, so a look-up is enough.
              if (await hasScheduledRun(d.db, loaded.pipeline.name, tick)) return false;
              const report = await runEmbeddedScan(d, ctx.config, ctx.logger, loaded, {
                trigger: 'schedule',
                scheduledFor: tick,
                signal: stop.signal,
              });
              process.stdout.write(`${formatScanReport(scanReportOf(report.run))}\n`);
              return true;
            },
          });
        } finally {
          stop.dispose();
          await engine?.stop();
        }
        return 0;
      }),
    );
}
