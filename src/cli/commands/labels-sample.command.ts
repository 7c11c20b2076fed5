import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Command } from 'commander';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { UserError } from '../../domain/errors.ts';
import { DEFAULT_PLAN, planTotal, scaledPlan } from '../../training/labelling/sample-plan.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

const help = `
Draws the in-domain labelling sample of issue 11 from five pools under <shared>/datasets:
campaign (2023 Prabowo-Gibran campaign tweets), headlines (2023 election-news headlines),
ordinary (ordinary/*.csv, the train and dev parts of the held-out partition only; never test),
local (Javanese and Sundanese tweets) and unlabelled (2022-2023 tweets). Per pool: random rows
(stratified by file and the file's own columns), rows the shipped classifier is least sure of
(scores nearest a label's threshold; rules alone vs rules+models disagreeing; for ordinary posts,
its flags), and a rare-label oversample (money-politics and hoax vocabulary, candidate nicknames).
Deduplicated by normalised text and its first 100 characters; posts under 12 normalised
characters are dropped except in the ordinary pool; every text already in --labelled is
excluded. The classifier is loaded as \`netra classify\` loads it, with --claims for hoax.

Output: JSON Lines, one drawn post per line: id, pool, stratum, source_file, source_row, text,
text_sha256, split (train/dev), the classifier's scores, flags and rule_flags. It holds texts
whose licence does not allow redistribution: keep it OUTSIDE the repository.
Same seed, same data, same classifier: same sample. See data/labelled/README.md.

Example:
  netra labels sample --shared ../shared --seed 20240301 --out /work/labelling/sample.jsonl`;

export function registerLabelsSample(labels: Command): void {
  labels
    .command('sample')
    .description('draw the seeded in-domain labelling sample (random + uncertainty strata) from the shared pools')
    .requiredOption('--seed <n>', 'random seed (a whole number)')
    .requiredOption('--out <file>', 'where to write the sample (JSON Lines, outside the repository)')
    .option('--shared <dir>', 'folder holding datasets/ (default: NETRA_SHARED_DIR or ../shared)')
    .option('--n <rows>', `rows to draw in all; the default plan (${planTotal(DEFAULT_PLAN)}) is scaled to it`)
    .option('--labelled <dir>', 'labelled data whose texts are excluded (default: data/labelled)')
    .option(
      '--claims <file|none>',
      'debunked claims for hoax matching (default: <shared>/datasets/hoax/turnbackhoax-2024-debunked-claims.csv)',
    )
    .addHelpText('after', help)
    .action(
      withContext(async (ctx, o: { seed: string; out: string; shared?: string; n?: string; labelled?: string; claims?: string }) => {
        const seed = intOption('--seed', o.seed, { min: 0 });
        const n = o.n === undefined ? undefined : intOption('--n', o.n, { min: 50 });
        const sharedDir = path.resolve(o.shared ?? ctx.config.sharedDir);
        const claims = o.claims ?? path.join(sharedDir, 'datasets', 'hoax', 'turnbackhoax-2024-debunked-claims.csv');
        if (claims !== 'none' && !existsSync(claims))
          throw new UserError(`cannot read --claims ${claims}: no such file (give a claims file or none)`);
        const out = path.resolve(o.out);
        if (out.startsWith(PACKAGE_ROOT + path.sep))
          ctx.logger.warn({ out }, 'the sample holds texts that may not be redistributed: do not commit it');
        const { runSample, sampleCounts } = await import('../../training/labelling/sample-run.ts');
        const r = await runSample({
          sharedDir,
          labelledDir: path.resolve(o.labelled ?? path.join(PACKAGE_ROOT, 'data', 'labelled')),
          seed,
          plan: n === undefined ? DEFAULT_PLAN : scaledPlan(n),
          claimsFile: claims === 'none' ? null : claims,
          out,
          config: ctx.config,
          logger: ctx.logger,
        });
        const { byStratum, bySplit } = sampleCounts(r.rows);
        const lines = [
          `Drew ${r.rows.length} posts from ${r.candidates} candidates (seed ${seed}; classifier ${r.classifier}) into ${out}`,
        ];
        for (const [pool, strata] of Object.entries(byStratum)) {
          const total = Object.values(strata).reduce((a, b) => a + b, 0);
          lines.push(
            `  ${pool} ${total} (train ${bySplit[pool]?.train ?? 0}, dev ${bySplit[pool]?.dev ?? 0}): ${Object.entries(strata)
              .map(([s, k]) => `${s} ${k}`)
              .join(', ')}`,
          );
        }
        process.stdout.write(lines.join('\n') + '\n');
      }),
    );
}
