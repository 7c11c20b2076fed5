import type { Command } from 'commander';
import { ACCOUNT_CSV_COLUMNS } from '../../registry/accounts-csv.ts';
import { importAccountsCsv } from '../../registry/accounts-import.ts';
import { countRegistry, listAccounts } from '../../repositories/registry.repository.ts';
import { keyValues, table } from '../format.ts';
import { withContext } from '../with-context.ts';

const columnsHelp = `
CSV columns (header row required; one row per platform handle):
${ACCOUNT_CSV_COLUMNS.map((c) => `  ${c.name.padEnd(16)}${c.required ? '(required) ' : ''}${c.description.replace(/`/g, '')}`).join('\n')}

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
          ...(o.platform ? { platforms: o.platform } : {}),
          ...(o.agency ? { agencies: o.agency } : {}),
          ...(o.region ? { regions: o.region } : {}),
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
}
