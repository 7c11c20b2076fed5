import type { Command } from 'commander';
import { setTimeout as sleep } from 'node:timers/promises';
import { UserError } from '../../domain/errors.ts';
import { JobEngine } from '../../pipeline/jobs/job-engine.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { queueScan } from '../../pipeline/scan-start.ts';
import { scanReportOf } from '../../pipeline/scan.ts';
import { getScanRun, listScanRuns, scanJobProgress } from '../../repositories/scan-runs.repository.ts';
import { SCAN_STATUSES, type ScanStatus } from '../../domain/statuses.ts';
import { table } from '../format.ts';
import { formatScanReport, scanReportJson } from '../scan-report.format.ts';
import { intOption } from '../options.ts';
import { SCAN_EXIT_HELP, scanExitCode } from '../scan-exit.ts';
import { withContext } from '../with-context.ts';

const duration = (a: Date, b: Date | null) => (b ? `${((b.getTime() - a.getTime()) / 1000).toFixed(1)}s` : '-');

export function registerScansCommand(program: Command): void {
  const scans = program.command('scans').description('scan runs: list them, show one, start one for the workers');
  scans
    .command('list')
    .description('recent scan runs, newest first')
    .option('--pipeline <name>', 'only this pipeline')
    .option('--status <status>', `only this status: ${SCAN_STATUSES.join(', ')}`)
    .option('--limit <n>', 'how many', '20')
    .option('--json', 'JSON Lines instead of a table')
    .action(
      withContext(async (ctx, o: { pipeline?: string; status?: string; limit: string; json?: boolean }) => {
        if (o.status && !SCAN_STATUSES.includes(o.status as ScanStatus))
          throw new UserError(`--status must be one of ${SCAN_STATUSES.join(', ')}, not ${JSON.stringify(o.status)}`);
        const { db } = await ctx.db();
        const runs = await listScanRuns(db, {
          limit: intOption('--limit', o.limit, { min: 1 }),
          pipeline: o.pipeline,
          status: o.status as ScanStatus | undefined,
        });
        if (o.json) {
          for (const r of runs) process.stdout.write(`${JSON.stringify(scanReportJson(scanReportOf(r)).run)}\n`);
          return;
        }
        const progress = await scanJobProgress(
          db,
          runs.filter((r) => r.status === 'running').map((r) => r.id),
        );
        const done = (id: number, kind: string) => progress.filter((p) => p.runId === id && p.kind === kind).reduce((n, p) => n + p.n, 0);
        process.stdout.write(
          `${table(
            [
              'id',
              'pipeline',
              'trigger',
              'mode',
              'status',
              'started (UTC)',
              'took',
              'accounts',
              'posts new',
              'classified',
              'flagged',
              'errors',
            ],
            runs.map((r) => [
              r.id,
              r.pipeline,
              r.trigger,
              r.mode,
              r.status === 'running'
                ? `running: ${r.phase} ${r.phase === 'collect' ? `${done(r.id, 'collect')}/${r.collect_total ?? '?'}` : r.phase === 'classify' ? `${done(r.id, 'classify')}/${r.classify_total ?? '?'}` : ''}`.trim()
                : r.status,
              r.started_at.toISOString().slice(0, 19).replace('T', ' '),
              duration(r.started_at, r.finished_at),
              r.counts['accounts'] ?? '',
              r.counts['posts_new'] ?? '',
              r.counts['classified'] ?? '',
              r.counts['flagged'] ?? '',
              r.counts['errors'] ?? '',
            ]),
          )}\n`,
        );
      }),
    );
  scans
    .command('show')
    .description('the report of one scan run: counts, per-source outcomes, alerts')
    .argument('<id>', 'scan run id (netra scans list)')
    .option('--json', 'the report as JSON')
    .action(
      withContext(async (ctx, id: string, o: { json?: boolean }) => {
        const n = Number(id);
        if (!Number.isInteger(n) || n <= 0) throw new UserError(`scan run id must be a positive whole number, not ${JSON.stringify(id)}`);
        const { db } = await ctx.db();
        const run = await getScanRun(db, n);
        if (!run) throw new UserError(`no scan run #${n} (netra scans list shows them)`);
        const report = scanReportOf(run);
        process.stdout.write(o.json ? `${JSON.stringify(scanReportJson(report), null, 2)}\n` : `${formatScanReport(report)}\n`);
      }),
    );
  scans
    .command('start')
    .description('queue a run of a pipeline for the workers (PostgreSQL): prints its id at once, or waits with --wait')
    .requiredOption('--pipeline <file>', 'pipeline definition (YAML)')
    .option('--wait', 'wait until the run ends and print its report; exit 1 if it failed, 3 if every account failed')
    .addHelpText('after', SCAN_EXIT_HELP)
    .action(
      withContext(async (ctx, o: { pipeline: string; wait?: boolean }) => {
        const loaded = await loadPipeline(o.pipeline);
        const d = await ctx.db();
        const engine = await JobEngine.open(d, { logger: ctx.logger, supervise: false });
        try {
          const run = (await queueScan({ db: d.db, engine, loaded, trigger: 'manual', logger: ctx.logger }))!;
          process.stdout.write(`queued scan #${run.id} of pipeline "${run.pipeline}" (netra scans show ${run.id})\n`);
          if (!o.wait) return 0;
          for (;;) {
            const r = (await getScanRun(d.db, run.id))!;
            if (r.status !== 'running') {
              const report = scanReportOf(r);
              process.stdout.write(`${formatScanReport(report)}\n`);
              return scanExitCode(report);
            }
            await sleep(1000);
          }
        } finally {
          await engine.stop();
        }
      }),
    );
}
