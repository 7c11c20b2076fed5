import type { Command } from 'commander';
import { CAMPAIGN_ACCOUNT_CSV_COLUMNS } from '../../registry/campaign-accounts-csv.ts';
import { importCampaignAccountsCsv } from '../../registry/campaign-accounts-import.ts';
import { listCampaignAccounts } from '../../repositories/campaign-accounts.repository.ts';
import { keyValues, table } from '../format.ts';
import { withContext } from '../with-context.ts';

const columnsHelp = `
CSV columns (header row required; lines starting with # are comments):
${CAMPAIGN_ACCOUNT_CSV_COLUMNS.map((c) => `  ${c.name.padEnd(14)}${c.required ? '(required) ' : ''}${c.description.replace(/`/g, '')}`).join('\n')}

Every row is checked before anything is stored: if any row is bad, the import stops, lists each
problem as FILE:LINE: field "NAME": reason, and changes nothing. Importing the same file again
changes nothing; a changed row is updated and written to the audit log (ids and field names).
A row without platform and handle names an owner whose account no cited source gives: netra
never guesses a handle.`;

export function registerCampaignAccountsCommand(program: Command): void {
  const cmd = program
    .command('campaign-accounts')
    .description(
      'the registry of official campaign accounts (candidates, pairs, parties, campaign teams) that engagements are matched against',
    );
  cmd
    .command('import')
    .description('import or update campaign accounts from a CSV file (all-or-nothing, idempotent, audited)')
    .argument('<file>', 'campaign-accounts CSV')
    .addHelpText('after', columnsHelp)
    .action(
      withContext(async (ctx, file: string) => {
        const { db } = await ctx.db();
        const s = await importCampaignAccountsCsv(db, file);
        process.stdout.write(
          `${keyValues([
            ['file', s.file],
            ['rows', `${s.rows} (${s.withoutHandle} name an owner without a cited handle)`],
            ['entries', `${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged`],
          ])}\n`,
        );
      }),
    );
  cmd
    .command('list')
    .description('list campaign accounts with their sources')
    .option('--contest <id>', 'only this contest')
    .option('--platform <platform>', 'only this platform')
    .option('--json', 'JSON Lines instead of a table')
    .action(
      withContext(async (ctx, o: { contest?: string; platform?: string; json?: boolean }) => {
        const { db } = await ctx.db();
        const rows = await listCampaignAccounts(db, { contest: o.contest, platform: o.platform });
        if (o.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        process.stdout.write(
          `${table(
            ['id', 'contest', 'owner', 'no.', 'platform', 'handle', 'source'],
            rows.map((r) => [
              r.id,
              r.contest,
              `${r.owner_kind}: ${r.owner_name}`,
              r.owner_ref ?? '',
              r.platform ?? '-',
              r.handle ? `@${r.handle}` : '(no cited handle)',
              r.source_url ?? r.source,
            ]),
            { maxWidth: [5, 28, 44, 4, 10, 24, 60] },
          )}\n\n${rows.length} entr${rows.length === 1 ? 'y' : 'ies'}, ${rows.filter((r) => r.handle).length} with a handle\n`,
        );
      }),
    );
}
