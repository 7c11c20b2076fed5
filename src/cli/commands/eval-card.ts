import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { PACKAGE_ROOT } from '../../config/paths.ts';
import { runModelCard as measure } from '../../training/model-card/model-card.ts';
import { modelCardMarkdown } from '../../training/model-card/model-card.md.ts';
import { replaceBlock } from '../../eval/readme-block.ts';
import { loadRunClassifier } from '../../pipeline/run-classifier.ts';
import type { CliContext } from '../context.ts';

/** The TurnBackHoax 2024 claims a real deployment imports, under the shared folder. */
const CLAIMS = ['datasets', 'hoax', 'turnbackhoax-2024-debunked-claims.csv'];

/**
 * `netra eval --all` (`npm run eval:all`): measure every held-out figure of the model card with
 * the run classifier (the full claims when ../shared has them), print the card, write it and the
 * per-set reports to --out, and with --readme put the card between the README's markers; only
 * when nothing was skipped, so that a machine without ../shared never erases figures.
 */
export async function runModelCard(
  ctx: CliContext,
  o: { batchSize: number; out?: string; readme?: string; json: boolean; command: string },
): Promise<number> {
  const started = Date.now();
  const claimsFile = path.join(ctx.config.sharedDir, ...CLAIMS);
  const skipped: string[] = [];
  const haveClaims = existsSync(claimsFile);
  if (!haveClaims) skipped.push(`hoax claim matching: no ${claimsFile} (set NETRA_SHARED_DIR)`);
  const { classifier } = await loadRunClassifier({
    config: ctx.config,
    logger: ctx.logger,
    claims: { option: haveClaims ? claimsFile : 'none', db: () => ctx.db() },
  });
  try {
    const outDir = o.out ?? path.join(ctx.config.dataDir, 'eval', 'model-card');
    await mkdir(outDir, { recursive: true });
    const claimsCount = Number(/\+(\d+)\./.exec(classifier.versions.models['claims'] ?? '')?.[1] ?? 0);
    const card = await measure({
      classifier,
      claims: haveClaims ? { file: path.relative(PACKAGE_ROOT, claimsFile), claims: claimsCount } : null,
      sharedDir: ctx.config.sharedDir,
      labelledDir: path.join(PACKAGE_ROOT, 'data', 'labelled'),
      modelsDir: ctx.config.modelsDir,
      outDir,
      command: o.command,
      batchSize: o.batchSize,
      logger: ctx.logger,
      skipped,
    });
    card.seconds = (Date.now() - started) / 1000; // the whole run, classifier loading included
    const md = modelCardMarkdown(card);
    await writeFile(path.join(outDir, 'card.json'), `${JSON.stringify(card, null, 2)}\n`);
    await writeFile(path.join(outDir, 'card.md'), md);
    process.stdout.write(o.json ? `${JSON.stringify(card, null, 2)}\n` : `${md}\ncard and per-set reports: ${outDir}\n`);
    if (o.readme) {
      if (card.skipped.length > 0) {
        process.stderr.write(
          `${o.readme} left unchanged: this run skipped ${card.skipped.length} part(s) (above); the README's card is written only from a complete run (with ../shared)\n`,
        );
        return 0;
      }
      const updated = replaceBlock(await readFile(o.readme, 'utf8'), md, o.readme);
      const tmp = `${o.readme}.${process.pid}.tmp`;
      await writeFile(tmp, updated);
      await rename(tmp, o.readme);
      process.stderr.write(`model card written into ${o.readme}\n`);
    }
    return 0;
  } finally {
    await classifier.close?.();
  }
}
