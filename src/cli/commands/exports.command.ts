import type { Command } from 'commander';
import { UserError } from '../../domain/errors.ts';
import { EXPORT_ROLES } from '../../export/export-access.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { findPersonForErasure, modelsPossiblyTrainedOn } from '../../repositories/erasure.repository.ts';
import { releasesContaining } from '../../repositories/export-releases.repository.ts';
import { modelsTrainedOn } from '../../repositories/model-training.repository.ts';
import { table } from '../format.ts';
import { withContext } from '../with-context.ts';

export function registerExportsCommand(program: Command): void {
  const exports = program.command('exports').description('research releases already taken');
  exports
    .command('affected')
    .description('the releases that contain a person (to recall) and the model versions that may have been trained on their reviewed posts')
    .argument('<person>', 'person id (#12), registry key (nip:..., name:...) or NIP; an erased person by id')
    .requiredOption('--as <user>', `the netra user asking (role ${EXPORT_ROLES.join(' or ')})`)
    .option('--json', 'JSON instead of tables')
    .addHelpText(
      'after',
      `
Releases are recorded with the ids of the persons they contain (kept after an erasure).
Training with reviews records whose reviewed posts each new version learned from: those
versions are listed as trained on the person (an erasure deletes that record and lists the
versions to retrain). Versions trained before netra recorded this are listed apart, as possibly
trained on them (every such run after the person's first decided flag).`,
    )
    .action(
      withContext(async (ctx, ref: string, o: { as: string; json?: boolean }) => {
        const { db } = await ctx.db();
        await checkedCliActor(db, { as: o.as, action: 'exports.affected', roles: EXPORT_ROLES });
        const person = await findPersonForErasure(db, ref);
        if (!person) throw new UserError(`no person ${JSON.stringify(ref)} in the registry`);
        const releases = await releasesContaining(db, person.id);
        const trained = await modelsTrainedOn(db, person.id);
        const models = await modelsPossiblyTrainedOn(db, person.id);
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ person: person.id, releases, trained, possibly: models }, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `releases containing person #${person.id}: ${releases.length}\n${
            releases.length
              ? `${table(
                  ['release', 'created', 'by', 'posts', 'folder'],
                  releases.map((r) => [r.releaseId, r.createdAt.toISOString().slice(0, 10), r.actor, r.posts, r.outDir]),
                )}\n`
              : ''
          }\nmodel versions trained on their reviewed posts: ${trained.length}\n${
            trained.length
              ? `${table(
                  ['task', 'version', 'trained', 'their posts'],
                  trained.map((m) => [m.task, m.version, m.at.toISOString().slice(0, 10), m.posts]),
                )}\n`
              : ''
          }\nmodel versions trained before netra recorded persons, possibly on theirs: ${models.length}\n${
            models.length
              ? `${table(
                  ['task', 'version', 'trained', 'by'],
                  models.map((m) => [m.task, m.version, m.at.toISOString().slice(0, 10), m.actor]),
                )}\n`
              : ''
          }`,
        );
      }),
    );
}
