import path from 'node:path';
import type { Command } from 'commander';
import { buildLexicons } from '../../nlp/lexicon-build.ts';
import { keyValues } from '../format.ts';
import { withContext } from '../with-context.ts';

const buildHelp = `
Reads ../shared/lexicons (slang dictionaries, Ibrohim's abusive words, stopwords, emoji-id.json),
../shared/datasets (word counts; dev/test rows of data/labelled are excluded) and the hand-written
rule lexicons in --out, and writes the derived files the text pipeline ships with:
  slang-id.tsv  vocab-id.tsv  abusive.tsv  emoji-id.tsv
The output is deterministic. Run it after changing a rule lexicon (its words are protected from
slang rewriting) or the build code, then review the diff.`;

/** `netra lexicons ...`: maintenance of the shipped lexicons. */
export function registerLexiconsCommand(program: Command): void {
  const lex = program.command('lexicons').description('build and inspect the shipped lexicons (data/lexicons)');
  lex
    .command('build')
    .description('rebuild the derived lexicon files (slang, vocabulary, abusive words, emoji) from the shared public lexicons')
    .option('--shared <dir>', 'folder holding lexicons/ and datasets/ (default: NETRA_SHARED_DIR or ../shared)')
    .option('--out <dir>', 'lexicon folder to write (default: NETRA_LEXICON_DIR or data/lexicons)')
    .option('--labelled <dir>', 'netra labelled data whose dev/test rows are excluded from word counts (default: data/labelled)')
    .addHelpText('after', buildHelp)
    .action(
      withContext(async (ctx, o: { shared?: string; out?: string; labelled?: string }) => {
        const sharedDir = path.resolve(o.shared ?? ctx.config.sharedDir);
        const outDir = path.resolve(o.out ?? ctx.config.lexiconDir);
        const r = await buildLexicons({ sharedDir, outDir, ...(o.labelled ? { labelledDir: path.resolve(o.labelled) } : {}) });
        const dropped = Object.entries(r.slang.dropped)
          .map(([k, v]) => `${k} ${v}`)
          .join(', ');
        process.stdout.write(
          `${keyValues([
            ['slang entries', `${r.slang.entries} (dropped: ${dropped})`],
            [
              'vocabulary',
              `${r.vocab.words} words; corpus ${r.vocab.corpusTokens} tokens from ${r.vocab.corpusRows} texts (${r.vocab.corpusExcluded} excluded as dev/test)`,
            ],
            [
              'excluded data',
              r.exclusion.files > 0
                ? `${r.exclusion.texts} dev/test texts from ${r.exclusion.files} files in ${path.relative(process.cwd(), r.exclusion.dir) || '.'}`
                : `none: no *.jsonl in ${r.exclusion.dir}`,
            ],
            ['abusive words', r.abusive.words],
            [
              'emoji glosses',
              `${r.emoji.glosses} (emoji-id.json: repair agrees on ${r.emoji.repairAgrees} of ${r.emoji.sourcePairs} pairs)`,
            ],
            ['written', r.files.map((f) => path.relative(process.cwd(), f)).join(', ')],
          ])}\n`,
        );
        return 0;
      }),
    );
}
