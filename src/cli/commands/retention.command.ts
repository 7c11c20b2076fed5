import type { Command } from 'commander';
import { directoryEvidenceStore } from '../../collect/evidence/evidence-store.ts';
import { RETENTION_KINDS, RETENTION_MEANING } from '../../domain/retention.ts';
import { UserError } from '../../domain/errors.ts';
import { applyRetention, retentionSettings } from '../../pipeline/retention/apply-retention.ts';
import { checkedCliActor } from '../cli-actor.ts';
import { keyValues } from '../format.ts';
import { withContext } from '../with-context.ts';

const help = `
Each kind of data is kept for the days its setting gives (NETRA_RETAIN_*_DAYS; keep = until
erased; docs/retention-policy.md):
${RETENTION_KINDS.map((k) => `  ${k.padEnd(15)}${RETENTION_MEANING[k]}`).join('\n')}

Posts under an open, claimed, escalated or confirmed flag are never touched. Post rows stay as
empty shells (flags, decisions and the evidence custody chain refer to them); every evidence
row cleared gets an 'erased' custody entry naming the run; the audit log gets
'retention.applied' with the run's id and counts, never content. Runs connected as the
database's owner role, like netra persons erase. netra scheduler runs this daily
(NETRA_RETENTION_CRON); netra status shows the settings, the last run and what is due.`;

export function registerRetentionCommand(program: Command): void {
  const retention = program.command('retention').description('retention: remove data kept longer than its setting');
  retention
    .command('apply')
    .description('apply the retention settings now (admin); --dry-run only counts what is due')
    .option('--dry-run', 'count what is due, remove nothing')
    .option('--as <user>', 'the netra admin who applies it (not needed for --dry-run)')
    .option('--json', 'as JSON')
    .addHelpText('after', help)
    .action(
      withContext(async (ctx, o: { dryRun?: boolean; as?: string; json?: boolean }) => {
        const { db } = await ctx.db();
        if (!o.dryRun && !o.as) throw new UserError('retention apply removes data: give --as ADMIN (or --dry-run to count only)');
        const actor = o.as ? (await checkedCliActor(db, { as: o.as, action: 'retention apply', roles: ['admin'] })).actor : '';
        const settings = retentionSettings(ctx.config);
        const r = await applyRetention({
          db,
          settings,
          store: directoryEvidenceStore(ctx.config.evidenceDir),
          actor,
          dryRun: Boolean(o.dryRun),
        });
        if (o.json) {
          process.stdout.write(`${JSON.stringify({ dryRun: Boolean(o.dryRun), settings, ...r }, null, 2)}\n`);
          return;
        }
        const rows: [string, string | number][] = RETENTION_KINDS.map((k) => [
          k,
          `${settings[k] === null ? 'kept until erased' : `${settings[k]} days`}; due ${r.due[k]}`,
        ]);
        if (o.dryRun) rows.push(['dry run', 'nothing removed']);
        else {
          rows.push(['run', `#${r.runId}`]);
          for (const [k, v] of Object.entries(r.removed)) if (v > 0) rows.push([`removed ${k.replace(/_/g, ' ')}`, v]);
        }
        process.stdout.write(`${keyValues(rows)}\n`);
      }),
    );
}
