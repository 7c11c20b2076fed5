import type { Command } from 'commander';
import { verifyAuditChain } from '../../domain/audit-chain.ts';
import type { ChainAnchor } from '../../domain/hash-chain.ts';
import { auditChainHead, auditChainPage, auditEntriesWithoutChain, flagsOffTheRecord } from '../../repositories/audit.repository.ts';
import { anchorOption } from '../options.ts';
import { withContext } from '../with-context.ts';

export function registerAuditCommand(program: Command): void {
  const audit = program.command('audit').description('the append-only, hash-chained audit log');
  audit
    .command('verify')
    .description(
      "recompute the audit log's hash chain outside the database and check that no entry was changed, removed or inserted, and that every decided flag has the decision that put it there on record (exit 1 on any break)",
    )
    .option(
      '--anchor <seq:hash>',
      "an entry's hash written down earlier (repeatable): catches a chain rewritten whole from there on",
      anchorOption,
    )
    .option('--json', 'print the report as JSON')
    .addHelpText(
      'after',
      '\nThe chain ends at a head; write the printed head (SEQ:HASH) somewhere the database cannot reach\n(a ticket, a signed e-mail) and pass it back with --anchor later: only then is a chain that was\nrecomputed from scratch by someone with full database access detected.\n\nExample:\n  netra audit verify\n  netra audit verify --anchor 1200:3f1c...e9 --json',
    )
    .action(
      withContext(async (ctx, o: { anchor?: ChainAnchor[]; json?: boolean }) => {
        const { db } = await ctx.db();
        const head = await auditChainHead(db);
        const log = ctx.logger.child({ component: 'audit-verify' });
        const report = await verifyAuditChain((after) => auditChainPage(db, after), head, {
          anchors: o.anchor ?? [],
          onProgress: (n) => log.debug({ entries: n }, 'verifying'),
        });
        const unchained = await auditEntriesWithoutChain(db);
        const offRecord = await flagsOffTheRecord(db);
        const ok = report.breaks.length === 0 && unchained === 0 && offRecord.length === 0;
        if (o.json)
          process.stdout.write(
            `${JSON.stringify({ ok, ...report, unchainedEntries: unchained, flagsOffTheRecord: offRecord }, null, 2)}\n`,
          );
        else {
          process.stdout.write(
            `audit log: ${report.entries} entries, ${report.breaks.length === 0 && unchained === 0 ? 'chain intact' : 'CHAIN BROKEN'}\n`,
          );
          if (report.head) process.stdout.write(`head: ${report.head.seq}:${report.head.hash}\n`);
          for (const b of report.breaks)
            process.stdout.write(
              `  BREAK  ${b.seq !== null ? `entry ${b.seq}` : ''}${b.id !== null ? ` (id ${b.id})` : ''}: ${b.problem}\n`,
            );
          if (unchained) process.stdout.write(`  BREAK  ${unchained} entries carry no chain hash (written past the database's trigger)\n`);
          if (offRecord.length) {
            process.stdout.write(
              `flags: ${offRecord.length}${offRecord.length === 50 ? '+' : ''} whose status no recorded decision explains (changed directly in the database):\n`,
            );
            for (const f of offRecord)
              process.stdout.write(`  flag #${f.flagId} is ${f.status}; last decision on record: ${f.lastDecision ?? 'none'}\n`);
          } else process.stdout.write('flags: every decided flag has its decision on record\n');
        }
        return ok ? 0 : 1;
      }),
    );
}
