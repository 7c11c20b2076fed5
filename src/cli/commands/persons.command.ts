import type { Command } from 'commander';
import { directoryEvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { erasePerson, liftErasure } from '../../registry/person-erasure.ts';
import { keyValues } from '../format.ts';
import { withContext } from '../with-context.ts';

const eraseHelp = `
What goes (UU PDP 27/2022 art. 8): the person's registry row (name, NIP, position, region) and
accounts (handles, profile and evidence links) are irreversibly pseudonymised; their posts and
every version lose text, URLs and raw data; classifications lose their evidence snippets; flags
keep only labels, status and dates (their notes and case reports are deleted, decision notes
cleared); evidence files are deleted (the custody chain gets an 'erased' entry); the pseudonym
mappings of research exports and the record of which model versions trained on their reviewed
posts are deleted (the report lists those versions, to retrain); collection of the accounts stops.

What stays: that an erasure happened (person_erasures: when, by whom, why), an audit entry
'person.erased' naming only that erasure's id, digests of the NIP, registry key and handles so
that a registry import or scan does not bring the person back (netra persons lift-erasure), and
which releases contained the person (netra exports affected).

Runs as the database's owner role (it changes append-only history tables). Audit entries
written before this version may hold the person's name or handle; the hash chain makes
rewriting them impossible by design (see docs/dpia.md).`;

export function registerPersonsCommand(program: Command): void {
  const persons = program.command('persons').description("persons in the registry: erasure (data subjects' rights)");
  persons
    .command('erase')
    .description('erase a person: remove or irreversibly pseudonymise all netra holds about them (admin)')
    .argument('<person>', 'person id (#12), registry key (nip:..., name:...) or NIP')
    .requiredOption('--reason <text>', 'why: the request, its date, its reference (kept in person_erasures, not in the audit log)')
    .requiredOption('--as <user>', 'the netra admin who erases')
    .addHelpText('after', eraseHelp)
    .action(
      withContext(async (ctx, person: string, o: { reason: string; as: string }) => {
        const { db } = await ctx.db();
        const { actor } = await checkedCliActor(db, { as: o.as, action: 'persons.erase', roles: ['admin'] });
        const r = await erasePerson({
          db,
          person,
          reason: o.reason,
          actor,
          store: directoryEvidenceStore(ctx.config.evidenceDir),
        });
        process.stdout.write(
          `${keyValues([
            ['erasure', `#${r.erasureId} of person #${r.personId}`],
            ...Object.entries(r.counts).map(([k, v]) => [k.replace(/_/g, ' '), v] as [string, number]),
            ['evidence files deleted', r.filesDeleted],
            [
              'releases to recall',
              r.releases.length ? r.releases.map((x) => `${x.releaseId} (${x.posts} post(s), ${x.outDir})`).join('; ') : 'none',
            ],
            ['models to retrain', r.models.length ? r.models.map((m) => `${m.task} ${m.version}`).join('; ') : 'none'],
          ])}\n`,
        );
      }),
    );
  persons
    .command('lift-erasure')
    .description('let an erased person or account be registered and collected again (admin)')
    .argument('<identifier...>', 'nip:<NIP>, a registry key (name:...), or <platform>:<handle>')
    .requiredOption('--reason <text>', 'why the block is lifted')
    .requiredOption('--as <user>', 'the netra admin who lifts it')
    .action(
      withContext(async (ctx, identifiers: string[], o: { reason: string; as: string }) => {
        const { db } = await ctx.db();
        const { actor } = await checkedCliActor(db, { as: o.as, action: 'persons.lift_erasure', roles: ['admin'] });
        const n = await liftErasure({ db, identifiers, reason: o.reason, actor });
        process.stdout.write(`${n} block(s) lifted; the next registry import brings these rows in again\n`);
      }),
    );
}
