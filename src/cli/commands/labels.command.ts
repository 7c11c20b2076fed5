import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { importLabelStudio } from '../../export/label-studio-import.ts';
import { withContext } from '../with-context.ts';
import { registerStreamLabelling } from './labels-stream.command.ts';

/** Roles that may bring outside annotations in. */
const IMPORT_ROLES = ['admin', 'supervisor', 'researcher'] as const;

export function registerLabelsCommand(program: Command): void {
  const labels = program.command('labels').description('human labels from outside the review app');
  labels
    .command('import')
    .description('import annotations made on a netra export (Label Studio JSON export)')
    .argument('<file>', "Label Studio's JSON export of the tasks netra exported (--format label-studio)")
    .requiredOption('--from <tool>', 'the tool that made the file: label-studio')
    .requiredOption('--as <user>', `the netra user importing (role ${IMPORT_ROLES.join(', ')})`)
    .addHelpText(
      'after',
      `
Each task must keep data.netra_id from the export; annotations are stored with provenance
"label-studio:<annotator>" and appear in later exports (used where no analyst reviewed the post).
Bad input is reported by task index and field, and then nothing is stored.`,
    )
    .action(
      withContext(async (ctx, file: string, o: { from: string; as: string }) => {
        if (o.from !== 'label-studio') throw new UserError(`--from ${JSON.stringify(o.from)}: only label-studio is supported`);
        const d = await ctx.db();
        const user = await checkedCliActor(d.db, { as: o.as, action: 'labels import', roles: IMPORT_ROLES });
        const r = await importLabelStudio(d, file, user.actor);
        process.stdout.write(
          `Imported ${r.annotations} annotation(s) from ${r.tasks} task(s): ${r.inserted} new, ${r.updated} changed, ${r.skipped} skipped (cancelled or netra's own)\n`,
        );
        for (const p of r.agreement) {
          const per = Object.entries(p.perLabel)
            .filter(([, k]) => k.n > 0)
            .map(([l, k]) => `${l} ${k.kappa === null ? 'undefined' : k.kappa.toFixed(2)}`);
          process.stdout.write(`kappa ${p.a} vs ${p.b} (${p.posts} post(s)): ${per.join(', ')}\n`);
        }
      }),
    );
  registerStreamLabelling(labels);
}
