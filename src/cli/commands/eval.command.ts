import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { isLabel, LABELS, type Label } from '../../domain/labels.ts';
import { loadEvalData } from '../../eval/eval-data.ts';
import { evaluate, writeEvalReport } from '../../eval/evaluate.ts';
import { evalSummaryText } from '../../eval/eval-summary.text.ts';
import { createProgress } from '../../log/progress.ts';
import { loadPipeline } from '../../pipeline/pipeline.load.ts';
import { loadRunClassifier } from '../../pipeline/run-classifier.ts';
import { sharedTextResolver } from '../../training/labelling/labelled-text.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const about = `
Data: JSON Lines with "id", "text" and "labels" (a subset of ${LABELS.join(', ')}) per row, as in
data/labelled/*.jsonl; or rows with "platform" + "external_id" + "labels" whose texts are in a posts
file (data/demo/gold.jsonl with data/demo/posts.jsonl beside it, or --posts). Optional fields:
"split", "uncertain", "target", "note", "kind"/"stratum". A bad row stops the run with its file,
line and field.
Writes to --out: report.json (all figures, the PR curve points, every error), report.md, and
pr-<label>.svg per label. Evaluate only on data the classifier was not trained or tuned on.

Examples:
  netra eval --data data/labelled/election-posts.jsonl --split test
  netra eval --data data/demo/gold.jsonl --pipeline pipelines/demo.yaml --out /tmp/demo-eval
  netra eval --data data/labelled/hoax-paraphrases.jsonl --split test \
    --claims ../shared/datasets/hoax/turnbackhoax-2024-debunked-claims.csv`;

/** `netra eval "netra eval --data x"` as a shell-readable line, for the report. */
function commandLine(argv: readonly string[]): string {
  const q = (a: string) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`);
  return ['netra', ...argv.map(q)].join(' ');
}

export function parseLabels(s: string | undefined): Label[] {
  if (s === undefined) return [...LABELS];
  const parts = s.split(',').map((x) => x.trim()).filter(Boolean);
  const bad = parts.filter((p) => !isLabel(p));
  if (bad.length > 0 || parts.length === 0) throw new UserError(`--labels ${JSON.stringify(s)}: unknown label(s) ${bad.join(', ') || '(none given)'}; known: ${LABELS.join(', ')}`);
  return LABELS.filter((l) => parts.includes(l));
}

interface EvalOpts {
  data: string;
  split?: string;
  posts?: string;
  shared?: string;
  labels?: string;
  pipeline?: string;
  out?: string;
  batchSize: string;
  maxErrors: string;
  json?: boolean;
  claims: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description('measure the current classifier on labelled JSON Lines: precision, recall, F1, confusion counts, PR curves, errors')
    .requiredOption('--data <file>', 'labelled JSON Lines (e.g. data/labelled/election-posts.jsonl, data/demo/gold.jsonl)')
    .option('--split <name>', 'evaluate only rows whose "split" is this (e.g. test)')
    .option('--shared <dir>', 'folder holding datasets/, for data/labelled rows that ship ids only (default: NETRA_SHARED_DIR or ../shared)')
    .option('--posts <file>', 'posts file with the texts of gold rows that have no "text" (default: posts.jsonl beside --data)')
    .option('--labels <list>', `comma-separated labels to evaluate (default: all: ${LABELS.join(',')})`)
    .option('--pipeline <file>', "use a pipeline's classify settings (thresholds, contests), e.g. pipelines/demo.yaml")
    .option('--out <dir>', 'folder for report.json, report.md and the PR curves (default: <dataDir>/eval/<data name>[-<split>])')
    .option('--batch-size <n>', 'posts per classifier batch', '256')
    .option('--max-errors <n>', 'false positives and false negatives listed per label in report.md (report.json has all)', '25')
    .option('--claims <source>', "debunked claims for hoax matching: auto, db, none, or a claims file (auto: a --pipeline's claim files, else as netra classify)", 'auto')
    .option('--json', 'print report.json to stdout instead of the summary')
    .addHelpText('after', about)
    .action(
      withContext(async (ctx, o: EvalOpts) => {
        const labels = parseLabels(o.labels);
        const batchSize = intOption('--batch-size', o.batchSize, { min: 1 });
        const maxErrors = intOption('--max-errors', o.maxErrors, { min: 0 });
        const loaded = o.pipeline ? await loadPipeline(o.pipeline) : undefined;
        const data = await loadEvalData(o.data, { ...(o.split !== undefined ? { split: o.split } : {}), ...(o.posts ? { postsFile: o.posts } : {}), resolveText: sharedTextResolver(path.resolve(o.shared ?? ctx.config.sharedDir)) });
        const { classifier } = await loadRunClassifier({ config: ctx.config, logger: ctx.logger, loaded, claims: { option: o.claims, db: () => ctx.db() } });
        try {
          const report = await evaluate({
            data,
            ...(o.split !== undefined ? { split: o.split } : {}),
            labels,
            classifier,
            batchSize,
            command: commandLine(process.argv.slice(2)),
            progress: (total) => createProgress({ label: 'eval', total, logger: ctx.logger }),
          });
          const name = path.basename(o.data).replace(/\.jsonl?$/i, '');
          const outDir = o.out ?? path.join(ctx.config.dataDir, 'eval', o.split ? `${name}-${o.split}` : name);
          await writeEvalReport(report, outDir, { maxErrors });
          ctx.logger.debug({ outDir }, 'eval report written');
          process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : evalSummaryText(report, outDir));
          return 0;
        } finally {
          await classifier.close?.();
        }
      }),
    );
}
