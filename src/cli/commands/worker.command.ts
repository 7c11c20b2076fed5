import os from 'node:os';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { JobEngine, NEEDS_POSTGRES } from '../../pipeline/jobs/job-engine.ts';
import { ScanResources } from '../../pipeline/jobs/scan-resources.ts';
import { ScanWorker } from '../../pipeline/jobs/worker.ts';
import { serveMetrics } from '../../pipeline/jobs/worker-metrics.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { queueScan } from '../../pipeline/scan-start.ts';
import { runScheduler } from '../../pipeline/scheduler.ts';
import { stopSignal } from '../stop-signal.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

export function registerWorkerCommand(program: Command): void {
  program
    .command('worker')
    .description('run scan jobs from the PostgreSQL queue until stopped; start one per machine, as many machines as needed')
    .option('--concurrency <n>', 'jobs at once in this process', '2')
    .option('--metrics-port <port>', 'serve Prometheus metrics on http://0.0.0.0:PORT/metrics (0: any free port)')
    .option('--schedule <file...>', 'also start these pipelines on their cron schedule (like netra scheduler)')
    .option('--grace <seconds>', 'on SIGTERM, let running jobs finish this long before releasing them', '30')
    .option('--poll-ms <ms>', 'wait between polls of an empty queue', '500')
    .option('--supervise-seconds <s>', 'how often jobs whose worker died (past their timeoutSeconds) are failed and retried', '30')
    .addHelpText(
      'after',
      `\nNeeds PostgreSQL (NETRA_DATABASE_URL). Jobs are claimed with FOR UPDATE SKIP LOCKED: any number of\nworkers share a scan, none does a job twice to effect. SIGTERM: stop fetching, finish or release\nthe jobs in progress, exit 0.`,
    )
    .action(
      withContext(
        async (
          ctx,
          o: { concurrency: string; metricsPort?: string; schedule?: string[]; grace: string; pollMs: string; superviseSeconds: string },
        ) => {
          const concurrency = intOption('--concurrency', o.concurrency, { min: 1, max: 64 });
          const grace = intOption('--grace', o.grace, { min: 0, max: 86_400 });
          const pollMs = intOption('--poll-ms', o.pollMs, { min: 10, max: 60_000 });
          const superviseSeconds = intOption('--supervise-seconds', o.superviseSeconds, { min: 1, max: 3600 });
          const metricsPort = o.metricsPort === undefined ? undefined : intOption('--metrics-port', o.metricsPort, { min: 0, max: 65_535 });
          if (!ctx.config.databaseUrl) throw new UserError(NEEDS_POSTGRES);
          const scheduled = await Promise.all((o.schedule ?? []).map((f) => loadPipeline(f)));
          const d = await ctx.db();
          if (d.dialect !== 'postgres') throw new UserError(NEEDS_POSTGRES);
          const engine = await JobEngine.open(d, { logger: ctx.logger, superviseSeconds });
          const resources = new ScanResources({
            logger: ctx.logger,
            config: ctx.config,
            load: { config: ctx.config, db: d.db },
            db: d.db,
            dialect: d.dialect,
          });
          const worker = new ScanWorker({
            db: d.db,
            engine,
            resources,
            logger: ctx.logger,
            concurrency,
            name: `${os.hostname()}:${process.pid}`,
            pollMs,
            reapMs: superviseSeconds * 1000,
          });
          const metrics =
            metricsPort === undefined ? undefined : await serveMetrics(metricsPort, worker.metrics, () => engine.depths(), ctx.logger);
          const stop = stopSignal(() => void worker.stop(grace * 1000));
          worker.start();
          const scheduler = scheduled.length
            ? runScheduler({
                pipelines: scheduled,
                logger: ctx.logger,
                signal: stop.signal,
                start: async (loaded, tick) =>
                  (await queueScan({ db: d.db, engine, loaded, trigger: 'schedule', scheduledFor: tick, logger: ctx.logger })) !== null,
              })
            : Promise.resolve();
          try {
            await worker.done();
            await scheduler;
          } finally {
            stop.dispose();
            await metrics?.close();
            await resources.close();
            await engine.stop();
          }
          return 0;
        },
      ),
    );
}
