import { existsSync, mkdirSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { disagreementRows, readAdjudication } from '../../training/labelling/adjudicate.ts';
import { makeBatches } from '../../training/labelling/batches.ts';
import { kappaMarkdown, kappaReport } from '../../training/labelling/kappa.ts';
import { decisionDiff, labelFilesIn, readDecisionFiles, type PlacedDecision } from '../../training/labelling/label-files.ts';
import { mergeLabels } from '../../training/labelling/merge.ts';
import { readSampleFile } from '../../training/labelling/sample-file.ts';
import { SharedRows } from '../../training/labelling/shared-rows.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';
import { registerLabelsSample } from './labels-sample.command.ts';

const jsonl = (rows: readonly unknown[]) => rows.map((r) => JSON.stringify(r)).join('\n') + (rows.length ? '\n' : '');

/** Write a file whole or not at all. */
function writeAtomic(file: string, content: string): void {
  mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.tmp-${process.pid}`;
  writeFileSync(tmp, content);
  renameSync(tmp, file);
}

function refuseOverwrite(file: string, force: boolean | undefined): void {
  if (!force && existsSync(file)) throw new UserError(`${file} exists; pass --force to replace it (work written there would be lost)`);
}

const decisionsOf = (m: ReadonlyMap<string, PlacedDecision>) => new Map([...m].map(([id, p]) => [id, p.decision]));

/** The in-domain labelling round of issue 11: sample, batches, kappa, adjudicate, merge. */
export function registerStreamLabelling(labels: Command): void {
  registerLabelsSample(labels);

  labels
    .command('batches')
    .description('deal a labelling sample into batch files for the labellers, plus the double-labelled set')
    .requiredOption('--sample <file>', 'the sample written by netra labels sample')
    .requiredOption('--out <dir>', 'labelling folder (outside the repository): writes batches/batch-NN.jsonl and double/double.jsonl')
    .requiredOption('--seed <n>', 'random seed for the dealing and the double set')
    .option('--count <n>', 'number of batches', '8')
    .option('--double <n>', 'posts a second labeller labels independently (each also in a batch)', '320')
    .option('--force', 'replace batch files that already exist')
    .addHelpText(
      'after',
      '\nEach batch row: {"id", "pool", "stratum", "text", "context"?}. Every batch mixes all pools; the double set takes an\nequal share from each batch at random. See the README.md of the labelling folder for what labellers write.',
    )
    .action(
      withContext(async (_ctx, o: { sample: string; out: string; seed: string; count: string; double: string; force?: boolean }) => {
        const seed = intOption('--seed', o.seed, { min: 0 });
        const sample = readSampleFile(o.sample);
        const plan = makeBatches(
          [...sample.values()].sort((a, b) => a.line - b.line),
          { count: intOption('--count', o.count, { min: 1 }), double: intOption('--double', o.double, { min: 0 }), seed },
        );
        const width = Math.max(2, String(plan.batches.length).length);
        const files = plan.batches.map((_, k) => path.join(o.out, 'batches', `batch-${String(k + 1).padStart(width, '0')}.jsonl`));
        const doubleFile = path.join(o.out, 'double', 'double.jsonl');
        for (const f of [...files, doubleFile]) refuseOverwrite(f, o.force);
        plan.batches.forEach((b, k) => writeAtomic(files[k]!, jsonl(b)));
        writeAtomic(doubleFile, jsonl(plan.double));
        process.stdout.write(`${plan.batches.map((b, k) => `${files[k]} ${b.length}`).join('\n')}\n${doubleFile} ${plan.double.length}\n`);
      }),
    );

  labels
    .command('kappa')
    .description("Cohen's kappa per label between two labellers on the posts both labelled")
    .argument('<first>', 'the first labeller: a labels folder (batch-NN.labels.jsonl) or one labels file')
    .argument('<second>', "the second labeller's labels file (e.g. labels/double.labels.jsonl)")
    .option('--out <prefix>', 'also write <prefix>.md and <prefix>.json')
    .addHelpText(
      'after',
      '\nPer label: the 2x2 counts, observed and chance agreement and kappa; also partisan_kind and target.\nExample: netra labels kappa /work/labelling/labels /work/labelling/labels/double.labels.jsonl --out /work/labelling/kappa',
    )
    .action(
      withContext(async (_ctx, first: string, second: string, o: { out?: string }) => {
        const a = readDecisionFiles(labelFilesIn(first));
        const b = readDecisionFiles([second]);
        const report = kappaReport(decisionsOf(a), decisionsOf(b), (x, y) => decisionDiff(x, y).length > 0);
        if (report.compared === 0) throw new UserError(`no post is labelled in both ${first} and ${second}`);
        const md = kappaMarkdown(report, { first, second });
        if (o.out) {
          writeAtomic(`${o.out}.md`, md);
          writeAtomic(`${o.out}.json`, JSON.stringify({ first, second, ...report }, null, 2) + '\n');
        }
        process.stdout.write(md);
      }),
    );

  labels
    .command('adjudicate')
    .description('write the disagreements between two labellers to a file in which an adjudicator writes the final labels')
    .argument('<first>', 'the first labeller: a labels folder (batch-NN.labels.jsonl) or one labels file')
    .argument('<second>', "the second labeller's labels file")
    .requiredOption('--sample <file>', 'the sample (for the texts)')
    .requiredOption('--out <file>', 'the adjudication file to write (JSON Lines)')
    .option('--force', 'replace an existing adjudication file (its decisions would be lost)')
    .addHelpText(
      'after',
      '\nEach row: id, pool, stratum, text, differs (fields), first, second, and "final": null. Replace each null by the\nfinal decision (the fields a labeller writes, or {"unusable": true, "note": ...}); netra labels merge --adjudicated\ntakes it for those posts.',
    )
    .action(
      withContext(async (_ctx, first: string, second: string, o: { sample: string; out: string; force?: boolean }) => {
        const sample = readSampleFile(o.sample);
        const known = new Set(sample.keys());
        const rows = disagreementRows(sample, readDecisionFiles(labelFilesIn(first), known), readDecisionFiles([second], known));
        refuseOverwrite(o.out, o.force);
        writeAtomic(o.out, jsonl(rows));
        process.stdout.write(`${rows.length} disagreement(s) written to ${o.out}: fill in "final" on every row\n`);
      }),
    );

  labels
    .command('merge')
    .description('merge the batch labels (and adjudicated decisions) into a data/labelled file, checking every row')
    .requiredOption('--sample <file>', 'the sample written by netra labels sample')
    .requiredOption('--labels <dir>', 'folder of batch-NN.labels.jsonl files')
    .requiredOption('--out <file>', 'the data/labelled file to write (e.g. data/labelled/stream-posts.jsonl)')
    .option('--double <file>', "the second labeller's labels: every disagreement must then be adjudicated")
    .option('--adjudicated <file>', 'the adjudication file with "final" filled in (wins over both labellers)')
    .option('--shared <dir>', 'folder holding datasets/, to check ids-only rows (default: NETRA_SHARED_DIR or ../shared)')
    .option('--allow-missing', 'leave out sampled posts that have no labels yet instead of failing')
    .addHelpText(
      'after',
      '\nRows keep "text" only where the source licence allows it; the others carry source_file, source_row and\ntext_sha256 (see data/labelled/README.md). Unusable posts are left out. Any bad row stops the merge with\nFILE:LINE: field "F": ..., and then nothing is written.',
    )
    .action(
      withContext(
        async (
          ctx,
          o: {
            sample: string;
            labels: string;
            out: string;
            double?: string;
            adjudicated?: string;
            shared?: string;
            allowMissing?: boolean;
          },
        ) => {
          const sample = readSampleFile(o.sample);
          const known = new Set(sample.keys());
          const r = mergeLabels({
            sample,
            sampleFile: o.sample,
            primary: readDecisionFiles(labelFilesIn(o.labels), known),
            ...(o.double ? { double: readDecisionFiles([o.double], known) } : {}),
            ...(o.adjudicated ? { adjudicated: readAdjudication(o.adjudicated, known) } : {}),
            shared: new SharedRows(path.resolve(o.shared ?? ctx.config.sharedDir)),
            ...(o.allowMissing ? { allowMissing: true } : {}),
          });
          writeAtomic(o.out, jsonl(r.rows));
          process.stdout.write(
            `${r.rows.length} row(s) written to ${o.out}; ${r.unusable} unusable left out; ${r.missing.length} without labels; ${r.doubleLabelled} double-labelled, ${r.adjudicated} adjudicated\n`,
          );
        },
      ),
    );
}
