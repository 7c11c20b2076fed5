import type { Command } from 'commander';
import { ACCOUNT_CSV_COLUMNS } from '../../registry/accounts-csv.ts';
import { importAccountsCsv } from '../../registry/accounts-import.ts';
import { accountDetail, countRegistry, listAccounts } from '../../repositories/registry.repository.ts';
import { UserError } from '../../domain/errors.ts';
import { keyValues, table } from '../format.ts';
import { withContext } from '../with-context.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { clearAccountDispute } from '../../repositories/account-links.repository.ts';

const columnsHelp = `
CSV columns (header row required; one row per platform handle):
${ACCOUNT_CSV_COLUMNS.map((c) => `  ${c.name.padEnd(Math.max(...ACCOUNT_CSV_COLUMNS.map((x) => x.name.length)) + 2)}${c.required ? '(required) ' : ''}${c.description.replace(/`/g, '')}`).join('\n')}

Every row is checked before anything is stored: if any row is bad, the import stops, lists each
problem as FILE:LINE: field "NAME": reason, and changes nothing. Importing the same file again
changes nothing; a changed row updates the account and is written to the audit log.`;

export function registerAccountsCommand(program: Command): void {
  const accounts = program.command('accounts').description('the registry of ASN accounts');
  accounts
    .command('import')
    .description('import or update accounts from a CSV file (all-or-nothing, idempotent)')
    .argument('<file>', 'registry CSV')
    .addHelpText('after', columnsHelp)
    .action(
      withContext(async (ctx, file: string) => {
        const { db } = await ctx.db();
        const s = await importAccountsCsv(db, file);
        process.stdout.write(
          `${keyValues([
            ['file', s.file],
            ['rows', s.rows],
            ['persons', `${s.persons.created} new, ${s.persons.updated} updated, ${s.persons.unchanged} unchanged`],
            ['accounts', `${s.accounts.created} new, ${s.accounts.updated} updated, ${s.accounts.unchanged} unchanged`],
            ...(s.erased.rows
              ? [
                  [
                    'erased',
                    `${s.erased.rows} row(s) not imported: the person or account was erased (lines ${s.erased.lines.join(', ')}; netra persons lift-erasure)`,
                  ] as [string, string],
                ]
              : []),
            ...(s.disputed.rows
              ? [
                  [
                    'held',
                    `${s.disputed.rows} row(s) left as they were: the account's identity is disputed (a "wrong identity" dismissal; lines ${s.disputed.lines.join(', ')}); re-check the link, then netra accounts clear-dispute`,
                  ] as [string, string],
                ]
              : []),
          ])}\n`,
        );
      }),
    );
  accounts
    .command('list')
    .description('list registered accounts')
    .option('--platform <platform...>', 'only these platforms')
    .option('--agency <agency...>', 'only these agencies (exact name)')
    .option('--region <region...>', 'only these regions or provinces')
    .option('--json', 'JSON Lines instead of a table')
    .action(
      withContext(async (ctx, o: { platform?: string[]; agency?: string[]; region?: string[]; json?: boolean }) => {
        const { db } = await ctx.db();
        const rows = await listAccounts(db, {
          platforms: o.platform,
          agencies: o.agency,
          regions: o.region,
        });
        if (o.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        const c = await countRegistry(db);
        process.stdout.write(
          `${table(
            ['id', 'platform', 'handle', 'name', 'agency', 'region'],
            rows.map((r) => [r.accountId, r.platform, r.handle, r.personName, r.agency, r.region]),
            { maxWidth: [6, 10, 24, 28, 40, 24] },
          )}\n\n${c.accounts} account(s), ${c.persons} person(s), ${c.agencies} agencies\n`,
        );
      }),
    );
  accounts
    .command('show')
    .description('one account: the ASN identity it is linked to, why (source, confidence, by whom, when), and how collection of it went')
    .argument('<platform>', 'x, instagram, facebook or tiktok')
    .argument('<handle>', 'handle without @')
    .option('--json', 'JSON instead of text')
    .action(
      withContext(async (ctx, platform: string, handle: string, o: { json?: boolean }) => {
        const { db } = await ctx.db();
        const d = await accountDetail(db, platform.toLowerCase(), handle.replace(/^@/, ''));
        if (!d) throw new UserError(`no ${platform} account @${handle} in the registry (netra accounts list)`);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(d, null, 2)}\n`);
          return;
        }
        process.stdout.write(
          `${keyValues([
            ['account', `@${d.handle} on ${d.platform} (#${d.accountId}${d.active ? '' : ', inactive'})`],
            ['profile', d.profileUrl],
            ['person', `${d.personName}${d.nip ? `, NIP ${d.nip}` : ''}${d.employmentType ? ` (${d.employmentType})` : ''}`],
            ['position', d.position ?? '-'],
            ['agency', d.agency],
            ['region', [d.region, d.province].filter(Boolean).join(', ') || '-'],
            ['linked because', d.linkSource ?? '(not recorded)'],
            ['confidence', d.linkConfidence === null ? '-' : d.linkConfidence.toFixed(2)],
            ['linked by', `${d.linkEstablishedBy ?? '-'}${d.linkEstablishedAt ? ` on ${d.linkEstablishedAt}` : ''}`],
            ['basis', d.linkEvidenceUrl ?? '-'],
            ['posts', `${d.posts.total} stored, ${d.posts.deleted} deleted on the platform since`],
          ])}\n`,
        );
        if (d.cursors.length > 0)
          process.stdout.write(
            `\n${table(
              ['source', 'last run', 'status', 'newest post', 'listed', 'note'],
              d.cursors.map((c) => [
                c.source,
                c.last_run_at.toISOString(),
                c.last_status,
                c.newest_posted_at?.toISOString() ?? '-',
                c.last_post_count,
                c.last_message ?? '',
              ]),
              { maxWidth: [12, 24, 12, 24, 7, 60] },
            )}\n`,
          );
      }),
    );
  accounts
    .command('clear-dispute')
    .description("clear an account's identity_disputed tag after re-checking its link (analyst, supervisor or admin)")
    .argument('<platform>', 'x, instagram, facebook or tiktok')
    .argument('<handle>', 'handle without @')
    .requiredOption('--as <user>', 'the netra user who re-checked the link')
    .addHelpText(
      'after',
      `\nA "wrong identity" dismissal tags the account identity_disputed; until the tag is cleared the\nregistry import leaves the account as it is (no re-link, the tag stays) and says so. Fix the\nregistry CSV first if the link was wrong, clear the dispute, then import again.`,
    )
    .action(
      withContext(async (ctx, platform: string, handle: string, o: { as: string }) => {
        const { db } = await ctx.db();
        const { actor } = await checkedCliActor(db, {
          as: o.as,
          action: 'accounts clear-dispute',
          roles: ['analyst', 'supervisor', 'admin'],
        });
        const d = await accountDetail(db, platform.toLowerCase(), handle.replace(/^@/, ''));
        if (!d) throw new UserError(`no ${platform} account @${handle} in the registry (netra accounts list)`);
        if (!(await clearAccountDispute(db, { accountId: d.accountId, actor, now: new Date() })))
          throw new UserError(`@${d.handle} on ${d.platform} has no identity dispute to clear`);
        process.stdout.write(`identity dispute of @${d.handle} on ${d.platform} cleared; the next registry import updates it again\n`);
      }),
    );
}
