import { createReadStream, createWriteStream } from 'node:fs';
import { access } from 'node:fs/promises';
import { finished } from 'node:stream/promises';
import type { Command } from 'commander';
import { classifyJsonlStream } from '../../classify/classify-stream.ts';
import { UserError } from '../../domain/errors.ts';
import { loadRunClassifier } from '../../pipeline/run-classifier.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const contract = `
Input: JSON Lines, each an object with at least "id" (string) and "text" (string); other fields
are ignored. Output: one line per input line, in input order:
  {"id": ..., "scores": {"partisan": p, "hate": p, "abusive": p, "hoax": p, "money_politics": p},
   "flags": [labels whose score passed the label's threshold], "evidence": [...], ...}
A malformed line is reported on stderr with its line number and skipped; the exit code is then 2.
Needs no database. "-" means stdin / stdout.

Hoax claim matching (--claims): "auto" (default) reads the debunked claims of the configured
database when one exists (NETRA_DATABASE_URL, or the embedded one in .netra/db) and goes on with
rules only otherwise; "db" requires the database; "none" skips claims; a path reads a claims file
(JSONL, TurnBackHoax or Mafindo CSV, as for netra claims import) without any database.`;

export function registerClassifyCommand(program: Command): void {
  program
    .command('classify')
    .description('classify posts from a JSON Lines file (no database needed)')
    .requiredOption('--in <file>', 'input JSON Lines, or - for stdin')
    .requiredOption('--out <file>', 'output JSON Lines, or - for stdout')
    .option('--batch-size <n>', 'posts per batch', '256')
    .option('--claims <source>', 'debunked claims for hoax matching: auto, db, none, or a claims file', 'auto')
    .addHelpText('after', contract)
    .action(
      withContext(async (ctx, o: { in: string; out: string; batchSize: string; claims: string }) => {
        const batchSize = intOption('--batch-size', o.batchSize, { min: 1 });
        if (o.in !== '-')
          await access(o.in).catch(() => {
            throw new UserError(`cannot read --in ${o.in}: no such file`);
          });
        const started = Date.now();
        const { classifier } = await loadRunClassifier({
          config: ctx.config,
          logger: ctx.logger,
          claims: { option: o.claims, db: () => ctx.db() },
        });
        const input = o.in === '-' ? process.stdin : createReadStream(o.in, { encoding: 'utf8' });
        const output = o.out === '-' ? process.stdout : createWriteStream(o.out, { encoding: 'utf8' });
        const inputName = o.in === '-' ? 'stdin' : o.in;
        try {
          const t0 = Date.now();
          const r = await classifyJsonlStream({
            input,
            output,
            classifier,
            inputName,
            batchSize,
            onBadLine: (line, message) => process.stderr.write(`${inputName}:${line}: ${message} (skipped)\n`),
          });
          if (output !== process.stdout) {
            output.end();
            await finished(output);
          }
          const secs = (Date.now() - t0) / 1000;
          ctx.logger.info(
            {
              lines: r.lines,
              classified: r.classified,
              bad: r.bad,
              startupMs: t0 - started,
              postsPerSec: secs > 0 ? Math.round(r.classified / secs) : null,
            },
            'classify finished',
          );
          return r.bad > 0 ? 2 : 0;
        } finally {
          await classifier.close?.();
        }
      }),
    );
}
