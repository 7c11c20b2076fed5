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
import { evaluateStream } from '../../eval/stream-eval.ts';
import { isOrdinaryPart, readStreamPosts } from '../../training/stream-posts.ts';
import { streamSummaryText, writeStreamReport } from '../../eval/stream-report.files.ts';
import { runModelCard } from './eval-card.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const about = `
--data: JSON Lines with "id", "text" and "labels" (a subset of ${LABELS.join(', ')}) per row, as in
data/labelled/*.jsonl; or rows with "platform" + "external_id" + "labels" whose texts are in a posts
file (data/demo/gold.jsonl with data/demo/posts.jsonl beside it, or --posts). Optional fields:
"split", "uncertain", "target", "note", "kind"/"stratum". A bad row stops the run with its file,
line and field.
Writes to --out: report.json (all figures, the PR curve points, every error), report.md, and
pr-<label>.svg per label. Evaluate only on data the classifier was not trained or tuned on.

--stream: unlabelled posts, JSON Lines with "id" and "text" (an optional "source" string names
where a row came from), or CSV through an adapter: id "<file name>:<row>", the text from
--text-column (default "text"), and with --part only the rows of that part of the ordinary sets'
held-out partition (tune on dev, report on test). Prints flags per 1,000 posts per label with a
Wilson 95% interval; writes to --out report.json, report.md (by post length and by source, what
the flags rest on), flagged-sample.md and flagged-sample.jsonl (a seeded sample of the flagged
posts per label, with their evidence and matched claim, to read).
--all: see README "Evaluating (netra eval)"; npm run eval:all writes the README's model card.

Examples:
  netra eval --data data/labelled/election-posts.jsonl --split test
  netra eval --stream posts.jsonl --claims ../shared/datasets/hoax/turnbackhoax-2024-debunked-claims.csv
  netra eval --stream ../shared/datasets/ordinary/*.csv --part dev --claims ../shared/datasets/hoax/turnbackhoax-2024-debunked-claims.csv
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
  const parts = s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
  const bad = parts.filter((p) => !isLabel(p));
  if (bad.length > 0 || parts.length === 0)
    throw new UserError(`--labels ${JSON.stringify(s)}: unknown label(s) ${bad.join(', ') || '(none given)'}; known: ${LABELS.join(', ')}`);
  return LABELS.filter((l) => parts.includes(l));
}

interface EvalOpts {
  data?: string;
  stream?: string[];
  all?: boolean;
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
  part?: string;
  textColumn?: string;
  sample: string;
  seed: string;
  readme?: string;
}

export function registerEvalCommand(program: Command): void {
  program
    .command('eval')
    .description(
      'measure the classifier: on labelled JSON Lines (--data: precision, recall, F1, PR curves, errors), on an unlabelled stream (--stream: flags per 1,000 posts and a sample to read), or every held-out figure of the model card (--all)',
    )
    .option('--data <file>', 'labelled JSON Lines (e.g. data/labelled/election-posts.jsonl, data/demo/gold.jsonl)')
    .option(
      '--stream <files...>',
      'unlabelled posts: JSON Lines with "id" and "text" (optional "source"), or CSV through the ordinary-sets adapter (see --part, --text-column)',
    )
    .option(
      '--all',
      "every held-out figure the README reports (labelled test splits, the models' held-out sets, hoax with the full claims, flags per 1,000 ordinary test posts); what needs ../shared is skipped, and said, when it is absent",
    )
    .option('--split <name>', '--data: evaluate only rows whose "split" is this (e.g. test)')
    .option(
      '--shared <dir>',
      '--data: folder holding datasets/, for data/labelled rows that ship ids only (default: NETRA_SHARED_DIR or ../shared)',
    )
    .option('--posts <file>', '--data: posts file with the texts of gold rows that have no "text" (default: posts.jsonl beside --data)')
    .option('--labels <list>', `comma-separated labels to evaluate (default: all: ${LABELS.join(',')})`)
    .option('--pipeline <file>', "use a pipeline's classify settings (thresholds, contests), e.g. pipelines/demo.yaml")
    .option(
      '--out <dir>',
      'folder for the report files (default: <dataDir>/eval/<data name>[-<split>], <dataDir>/eval/stream-<name>[-<part>], <dataDir>/eval/model-card)',
    )
    .option('--batch-size <n>', 'posts per classifier batch', '256')
    .option('--max-errors <n>', '--data: false positives and false negatives listed per label in report.md (report.json has all)', '25')
    .option(
      '--claims <source>',
      "debunked claims for hoax matching: auto, db, none, or a claims file (auto: a --pipeline's claim files, else as netra classify)",
      'auto',
    )
    .option(
      '--part <part>',
      '--stream CSV only: keep the rows of this part of the ordinary held-out partition (train, dev or test; src/training/ordinary-split.ts)',
    )
    .option('--text-column <name>', '--stream CSV only: the column holding the post text (default: text)')
    .option('--sample <n>', '--stream: flagged posts sampled per label for reading', '30')
    .option('--seed <n>', '--stream: seed of the sample', '1')
    .option('--readme <file>', '--all: write the model card between the markers of this README (only when nothing was skipped)')
    .option('--json', 'print report.json to stdout instead of the summary')
    .addHelpText('after', about)
    .action(
      withContext(async (ctx, o: EvalOpts) => {
        const modes = [o.data !== undefined, o.stream !== undefined, o.all === true].filter(Boolean).length;
        if (modes !== 1)
          throw new UserError(
            'give exactly one of --data FILE (labelled), --stream FILE... (unlabelled) or --all (the model card); see netra eval --help',
          );
        const labels = parseLabels(o.labels);
        const batchSize = intOption('--batch-size', o.batchSize, { min: 1 });
        if (o.all) {
          return runModelCard(ctx, {
            batchSize,
            ...(o.out ? { out: o.out } : {}),
            ...(o.readme ? { readme: o.readme } : {}),
            json: o.json === true,
            command: commandLine(process.argv.slice(2)),
          });
        }
        if (o.stream) {
          const part = o.part;
          if (part !== undefined && !isOrdinaryPart(part)) throw new UserError(`--part ${JSON.stringify(part)} must be train, dev or test`);
          const sample = intOption('--sample', o.sample, { min: 0 });
          const seed = intOption('--seed', o.seed, { min: 0 });
          const posts = await readStreamPosts(o.stream, {
            ...(part ? { part } : {}),
            ...(o.textColumn ? { textColumn: o.textColumn } : {}),
          });
          const loaded = o.pipeline ? await loadPipeline(o.pipeline) : undefined;
          const { classifier } = await loadRunClassifier({
            config: ctx.config,
            logger: ctx.logger,
            loaded,
            claims: { option: o.claims, db: () => ctx.db() },
          });
          try {
            const report = await evaluateStream({
              posts,
              classifier,
              labels,
              inputs: o.stream,
              ...(part ? { part } : {}),
              command: commandLine(process.argv.slice(2)),
              samplePerLabel: sample,
              seed,
              batchSize,
              progress: createProgress({ label: 'stream', total: posts.length, logger: ctx.logger }),
            });
            const name = path.basename(o.stream[0]!).replace(/\.(jsonl?|ndjson|csv)$/i, '');
            const outDir =
              o.out ??
              path.join(
                ctx.config.dataDir,
                'eval',
                `stream-${name}${o.stream.length > 1 ? `-and-${o.stream.length - 1}-more` : ''}${part ? `-${part}` : ''}`,
              );
            await writeStreamReport(report, outDir);
            process.stdout.write(o.json ? `${JSON.stringify(report, null, 2)}\n` : streamSummaryText(report, outDir));
            return 0;
          } finally {
            await classifier.close?.();
          }
        }
        const dataFile = o.data!;
        const maxErrors = intOption('--max-errors', o.maxErrors, { min: 0 });
        const loaded = o.pipeline ? await loadPipeline(o.pipeline) : undefined;
        const data = await loadEvalData(dataFile, {
          split: o.split,
          ...(o.posts ? { postsFile: o.posts } : {}),
          resolveText: sharedTextResolver(path.resolve(o.shared ?? ctx.config.sharedDir)),
        });
        const { classifier } = await loadRunClassifier({
          config: ctx.config,
          logger: ctx.logger,
          loaded,
          claims: { option: o.claims, db: () => ctx.db() },
        });
        try {
          const report = await evaluate({
            data,
            split: o.split,
            labels,
            classifier,
            batchSize,
            command: commandLine(process.argv.slice(2)),
            progress: (total) => createProgress({ label: 'eval', total, logger: ctx.logger }),
          });
          const name = path.basename(dataFile).replace(/\.jsonl?$/i, '');
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
