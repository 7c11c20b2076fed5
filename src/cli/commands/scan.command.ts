import type { Command } from 'commander';
import { loadClassifier } from '../../classify/load-classifier.ts';
import { contestFilesIn, loadElectionCalendar, toCalendar } from '../../domain/election-calendar.load.ts';
import { listFlags } from '../../repositories/flags.repository.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { runScan } from '../../pipeline/scan.ts';
import { formatFlag } from '../flag.format.ts';
import { formatScanReport } from '../scan-report.format.ts';
import { withContext } from '../with-context.ts';
import { pipelineClaimMatcher } from './claims-source.ts';

export function registerScanCommand(program: Command): void {
  program
    .command('scan')
    .description('run a pipeline once in this process: registry -> collect -> classify -> flag, then print a summary and the flags')
    .requiredOption('--pipeline <file>', 'pipeline definition (YAML), e.g. pipelines/demo.yaml')
    .option('--show <n>', 'print this many of the highest-priority open flags with their evidence', '10')
    .option('--json', 'print the scan report as JSON instead of text')
    .action(
      withContext(async (ctx, o: { pipeline: string; show: string; json?: boolean }) => {
        const loaded = await loadPipeline(o.pipeline);
        const contestFiles = await contestFilesIn((loaded.pipeline.classify.contests ?? []).map(loaded.resolve));
        const [{ db }, shipped] = await Promise.all([ctx.db(), loadElectionCalendar(ctx.config.lexiconDir, contestFiles)]);
        const claimMatcher = await pipelineClaimMatcher(db, (loaded.pipeline.classify.claims ?? []).map(loaded.resolve), ctx.logger);
        const classifier = await loadClassifier(ctx.config, { thresholds: loaded.pipeline.classify.thresholds ?? {}, contestFiles, claimMatcher, logger: ctx.logger });
        const calendar = [...shipped, ...(loaded.pipeline.election.calendar ?? []).map(toCalendar)];
        try {
          const report = await runScan({ db, loaded, classifier, calendar, logger: ctx.logger, config: ctx.config });
          if (o.json) {
            process.stdout.write(`${JSON.stringify({ run: report.run, registry: report.registry, collect: report.collect, classify: { ...report.classify, flagIds: undefined } }, null, 2)}\n`);
            return report.run.status === 'failed' ? 1 : 0;
          }
          process.stdout.write(`${formatScanReport(report)}\n`);
          const show = Math.max(0, Number(o.show) || 0);
          if (show > 0) {
            const flags = await listFlags(db, { statuses: ['open', 'claimed', 'escalated'], limit: show });
            if (flags.length > 0) {
              process.stdout.write(`\nTop ${flags.length} open flag(s) for review (netra flags list --evidence for more):\n\n`);
              process.stdout.write(`${flags.map(formatFlag).join('\n\n')}\n`);
            }
          }
          return report.run.status === 'failed' ? 1 : 0;
        } finally {
          await classifier.close?.();
        }
      }),
    );
}
