import { formatEngagementFlag } from '../engagement-flag.format.ts';
import { listFlagEngagements } from '../../repositories/engagements.repository.ts';
import type { Command } from 'commander';
import { FLAG_STATUSES, type FlagStatus } from '../../domain/statuses.ts';
import { UserError } from '../../domain/errors.ts';
import { LABELS, isLabel, type Label } from '../../domain/labels.ts';
import { listFlags } from '../../repositories/flags.repository.ts';
import { formatFlag } from '../flag.format.ts';
import { table } from '../format.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';

interface ListOptions {
  label?: string[];
  status?: string[];
  agency?: string[];
  region?: string[];
  platform?: string[];
  limit: string;
  evidence?: boolean;
  json?: boolean;
}

export function registerFlagsCommand(program: Command): void {
  const flags = program.command('flags').description('flags raised for human review');
  flags
    .command('list')
    .description('list flags, highest priority first')
    .option('--label <label...>', `any of: ${LABELS.join(', ')}`)
    .option('--status <status...>', `any of: ${FLAG_STATUSES.join(', ')}`)
    .option('--agency <agency...>', 'agency names (case-insensitive)')
    .option('--region <region...>', 'regions or provinces (case-insensitive)')
    .option('--platform <platform...>', 'platforms')
    .option('--limit <n>', 'at most this many', '50')
    .option('--evidence', 'show each flag with its evidence, pledge clause and SKB item')
    .option('--json', 'JSON Lines (one flag per line) instead of a table')
    .action(
      withContext(async (ctx, o: ListOptions) => {
        const badLabel = o.label?.find((l) => !isLabel(l));
        if (badLabel) throw new UserError(`--label ${JSON.stringify(badLabel)} is not a label; use one of ${LABELS.join(', ')}`);
        const badStatus = o.status?.find((s) => !(FLAG_STATUSES as readonly string[]).includes(s));
        if (badStatus) throw new UserError(`--status ${JSON.stringify(badStatus)} is not a status; use one of ${FLAG_STATUSES.join(', ')}`);
        const limit = intOption('--limit', o.limit, { min: 1 });
        const { db } = await ctx.db();
        const rows = await listFlags(db, {
          labels: o.label as Label[] | undefined,
          statuses: o.status as FlagStatus[] | undefined,
          agencies: o.agency,
          regions: o.region,
          platforms: o.platform,
          limit,
        });
        if (o.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('no flags match\n');
          return;
        }
        if (o.evidence) {
          // An engagement flag's evidence is its items, each beside the campaign post it touches.
          const shown = await Promise.all(
            rows.map(async (r) => (r.kind === 'engagement' ? formatEngagementFlag(r, await listFlagEngagements(db, r.id)) : formatFlag(r))),
          );
          process.stdout.write(`${shown.join('\n\n')}\n`);
          return;
        }
        process.stdout.write(
          `${table(
            ['id', 'labels', 'prio', 'status', 'phase', 'account', 'agency', 'text'],
            rows.map((r) => [
              r.id,
              r.labels.join(','),
              r.priority.toFixed(0),
              r.status,
              r.phase ?? '',
              `${r.platform}/@${r.handle}`,
              r.agency,
              r.text,
            ]),
            { maxWidth: [6, 24, 4, 9, 12, 28, 30, 60] },
          )}\n`,
        );
      }),
    );
}
