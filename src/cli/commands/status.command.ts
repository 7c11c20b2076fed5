import type { Command } from 'commander';
import { queueDepths } from '../../pipeline/jobs/job-engine.ts';
import { failingSources } from '../../repositories/cursors.repository.ts';
import { lastRunPerPipeline, listScanRuns, scanJobProgress } from '../../repositories/scan-runs.repository.ts';
import { keyValues, table } from '../format.ts';
import { retentionSettings } from '../../pipeline/retention/apply-retention.ts';
import { retentionStatus } from '../../pipeline/retention/retention-summary.ts';
import { retentionSchedule } from '../../pipeline/retention/retention-task.ts';
import { numberOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const ts = (d: Date | null | undefined) => (d ? d.toISOString().slice(0, 19).replace('T', ' ') : '-');

export function registerStatusCommand(program: Command): void {
  program
    .command('status')
    .description('what netra is doing: queue depths, running scans, failing sources, last run of each pipeline')
    .option('--hours <n>', 'failing sources: look this many hours back', '24')
    .option('--json', 'as JSON')
    .action(
      withContext(async (ctx, o: { hours: string; json?: boolean }) => {
        const d = await ctx.db();
        const since = new Date(Date.now() - numberOption('--hours', o.hours, { min: 1 }) * 3_600_000);
        const [queue, running, last, failing] = await Promise.all([
          queueDepths(d),
          listScanRuns(d.db, { status: 'running', limit: 100 }),
          lastRunPerPipeline(d.db),
          failingSources(d.db, since),
        ]);
        const retention = await retentionStatus(d.db, retentionSettings(ctx.config), retentionSchedule(ctx.config));
        const progress = await scanJobProgress(
          d.db,
          running.map((r) => r.id),
        );
        const done = (id: number, kind: string) => progress.filter((p) => p.runId === id && p.kind === kind).reduce((n, p) => n + p.n, 0);
        const runningRows = running.map((r) => ({
          id: r.id,
          pipeline: r.pipeline,
          mode: r.mode,
          phase: r.phase,
          collect: { done: done(r.id, 'collect'), total: r.collect_total },
          classify: { done: done(r.id, 'classify'), total: r.classify_total },
          startedAt: r.started_at,
          heartbeatAt: r.heartbeat_at,
        }));
        if (o.json) {
          process.stdout.write(
            `${JSON.stringify({ database: d.where, queue, running: runningRows, failingSources: failing, lastRuns: last.map((r) => ({ id: r.id, pipeline: r.pipeline, status: r.status, trigger: r.trigger, startedAt: r.started_at, finishedAt: r.finished_at, counts: r.counts })), retention }, null, 2)}\n`,
          );
          return;
        }
        const out: string[] = [];
        out.push(
          keyValues([
            ['database', d.where],
            [
              'queue',
              queue === null
                ? 'none (embedded database: scans run in one process, `netra scan`)'
                : Object.keys(queue).length === 0
                  ? 'empty'
                  : Object.entries(queue)
                      .map(([k, v]) => `${k} ${v}`)
                      .join(', '),
            ],
          ]),
        );
        out.push('', `Running scans: ${runningRows.length}`);
        if (runningRows.length)
          out.push(
            table(
              ['id', 'pipeline', 'mode', 'phase', 'collect jobs', 'classify jobs', 'started (UTC)', 'last heartbeat'],
              runningRows.map((r) => [
                r.id,
                r.pipeline,
                r.mode,
                r.phase,
                `${r.collect.done}/${r.collect.total ?? '?'}`,
                `${r.classify.done}/${r.classify.total ?? '?'}`,
                ts(r.startedAt),
                r.mode === 'embedded' ? ts(r.heartbeatAt) : '-',
              ]),
            ),
          );
        out.push('', `Failing sources (last ${o.hours} h): ${failing.length === 0 ? 'none' : ''}`);
        if (failing.length)
          out.push(
            table(
              ['source', 'status', 'accounts', 'last', 'example'],
              failing.map((f) => [f.source, f.status, f.accounts, ts(f.lastAt), f.example ?? '']),
              { maxWidth: [12, 14, 8, 19, 60] },
            ),
          );
        out.push('', 'Last run per pipeline:');
        out.push(
          last.length === 0
            ? '  (no scans yet)'
            : table(
                ['pipeline', 'id', 'trigger', 'status', 'started (UTC)', 'finished (UTC)', 'posts new', 'flagged', 'errors'],
                last.map((r) => [
                  r.pipeline,
                  r.id,
                  r.trigger,
                  r.status,
                  ts(r.started_at),
                  ts(r.finished_at),
                  r.counts['posts_new'] ?? '',
                  r.counts['flagged'] ?? '',
                  r.counts['errors'] ?? '',
                ]),
              ),
        );
        const lr = retention.lastRun;
        out.push(
          '',
          `Retention: last run ${
            lr
              ? `#${lr.id} (${lr.trigger}) ${ts(lr.started_at)} UTC${lr.error ? `, FAILED: ${lr.error}` : ''}; removed ${
                  Object.entries(lr.counts)
                    .filter(([, v]) => v > 0)
                    .map(([k, v]) => `${k.replace(/_/g, ' ')} ${v}`)
                    .join(', ') || 'nothing'
                }`
              : 'never'
          }; next ${retention.next ? `${ts(retention.next)} UTC (with netra scheduler running)` : 'only by hand (NETRA_RETENTION_CRON=off)'}`,
          table(
            ['kind', 'kept', 'due now', 'what goes'],
            retention.settings.map((r) => [r.kind, r.days === null ? 'until erased' : `${r.days} days`, r.due, r.meaning]),
            { maxWidth: [15, 12, 8, 90] },
          ),
        );
        process.stdout.write(`${out.join('\n')}\n`);
      }),
    );
}
