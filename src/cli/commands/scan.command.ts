import type { Command } from 'commander';
import { listFlags } from '../../repositories/flags.repository.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { formatFlag } from '../flag.format.ts';
import { formatEngagementFlag } from '../engagement-flag.format.ts';
import { listFlagEngagements } from '../../repositories/engagements.repository.ts';
import { scanReportJson, formatScanReport } from '../scan-report.format.ts';
import { runEmbeddedScan } from '../../pipeline/scan.ts';
import { SCAN_EXIT_HELP, scanExitCode } from '../scan-exit.ts';
import { stopSignal } from '../stop-signal.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description(
      'run a pipeline once in this process (embedded mode): registry -> collect -> classify -> flag, then print a summary and the flags',
    )
    .requiredOption('--pipeline <file>', 'pipeline definition (YAML), e.g. pipelines/demo.yaml')
    .option('--show <n>', 'print this many of the highest-priority open flags with their evidence', '10')
    .option('--json', 'print the scan report as JSON instead of text')
    .addHelpText(
      'after',
      `\nSIGTERM or Ctrl-C stops after the jobs in progress; the run is marked interrupted and the next scan completes its work.\nTo share a scan between machines, use PostgreSQL with \`netra worker\` and \`netra scans start\`.\n${SCAN_EXIT_HELP}`,
    )
    .action(
      withContext(async (ctx, o: { pipeline: string; show: string; json?: boolean }) => {
        const show = intOption('--show', o.show, { min: 0 });
        const loaded = await loadPipeline(o.pipeline);
        const stop = stopSignal();
        try {
          const d = await ctx.db();
          const report = await runEmbeddedScan(d, ctx.config, ctx.logger, loaded, { signal: stop.signal });
          const { db } = d;
          if (o.json) {
            process.stdout.write(`${JSON.stringify(scanReportJson(report), null, 2)}\n`);
            return scanExitCode(report);
          }
          process.stdout.write(`${formatScanReport(report)}\n`);
          if (show > 0) {
            const flags = await listFlags(db, { statuses: ['open', 'claimed', 'escalated'], limit: show });
            if (flags.length > 0) {
              process.stdout.write(`\nTop ${flags.length} open flag(s) for review (netra flags list --evidence for more):\n\n`);
              process.stdout.write(`${flags.map(formatFlag).join('\n\n')}\n`);
            }
            // Engagement flags rank below original posts: shown apart, each item beside the campaign post.
            const engaged = await listFlags(db, { statuses: ['open', 'claimed', 'escalated'], kinds: ['engagement'], limit: show });
            if (engaged.length > 0) {
              process.stdout.write(`\n${engaged.length} open engagement flag(s) (engagements with campaign accounts):\n\n`);
              const shown = await Promise.all(engaged.map(async (f) => formatEngagementFlag(f, await listFlagEngagements(db, f.id))));
              process.stdout.write(`${shown.join('\n\n')}\n`);
            }
          }
          return scanExitCode(report);
        } finally {
          stop.dispose();
        }
      }),
    );
}
