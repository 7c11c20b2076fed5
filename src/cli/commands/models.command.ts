import type { Command } from 'commander';
import { checkedCliActor } from '../cli-actor.ts';
import { promoteModel, rollbackModel } from '../../training/model-promotion.ts';
import { listTasks, listVersions } from '../../training/model-versions.ts';
import { table } from '../format.ts';
import { withContext } from '../with-context.ts';

const PROMOTE_ROLES = ['admin'] as const;

export function registerModelsCommand(program: Command): void {
  const models = program.command('models').description('trained model versions: which is in use, promote, roll back');
  models
    .command('list')
    .description('model versions per task; * marks the one in use')
    .option('--task <task>', 'one task only')
    .action(
      withContext(async (ctx, o: { task?: string }) => {
        const tasks = o.task ? [o.task] : await listTasks(ctx.config.modelsDir);
        const rows: (string | number)[][] = [];
        for (const t of tasks) {
          for (const v of await listVersions(ctx.config.modelsDir, t)) {
            rows.push([
              v.current ? '*' : '',
              t,
              v.version,
              v.createdAt?.slice(0, 16).replace('T', ' ') ?? '',
              Object.entries(v.testF1)
                .map(([l, f]) => `${l} ${f.toFixed(3)}`)
                .join(', '),
              v.withReviews ? 'yes' : '',
            ]);
          }
        }
        if (rows.length === 0) {
          process.stdout.write(`no model versions in ${ctx.config.modelsDir}\n`);
          return;
        }
        process.stdout.write(`${table(['', 'task', 'version', 'created (UTC)', 'test F1', 'reviews'], rows)}\n`);
      }),
    );
  models
    .command('promote')
    .description('use this version from now on (writes models/<task>/CURRENT); the previous one stays for rollback')
    .argument('<task>', 'task, e.g. hate-abusive')
    .argument('<version>', 'version folder name')
    .requiredOption('--as <user>', 'the admin promoting it (recorded in the audit log)')
    .option(
      '--force <reason>',
      'promote a version trained with reviews although its gain is within noise (comparison.md); the reason (10+ characters) is audited',
    )
    .action(
      withContext(async (ctx, task: string, version: string, o: { as: string; force?: string }) => {
        const { db } = await ctx.db();
        const user = await checkedCliActor(db, { as: o.as, action: 'models promote', roles: PROMOTE_ROLES });
        const before = await promoteModel(db, ctx.config.modelsDir, task, version, user.actor, { force: o.force });
        process.stdout.write(
          `${task}: ${version} is in use${before && before !== version ? ` (was ${before}; roll back with: netra models rollback ${task} --as ${user.username})` : ''}\n`,
        );
      }),
    );
  models
    .command('rollback')
    .description('go back to the version that was in use before the current one (a stack: rolling back again goes further back)')
    .argument('<task>', 'task, e.g. hate-abusive')
    .requiredOption('--as <user>', 'the admin rolling back (recorded in the audit log)')
    .action(
      withContext(async (ctx, task: string, o: { as: string }) => {
        const { db } = await ctx.db();
        const user = await checkedCliActor(db, { as: o.as, action: 'models rollback', roles: PROMOTE_ROLES });
        const { from, to } = await rollbackModel(db, ctx.config.modelsDir, task, user.actor);
        process.stdout.write(`${task}: rolled back from ${from} to ${to}\n`);
      }),
    );
}
