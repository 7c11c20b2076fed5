import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { claimsSnapshotPath } from '../../claims/claims-snapshot.ts';
import { refreshClaimsSnapshot } from '../../claims/claims-source.ts';
import { importClaims } from '../../claims/claims-import.ts';
import { CLAIM_FORMAT_HELP, CLAIM_FORMATS, type ClaimFormat } from '../../claims/claims-parse.ts';
import { circulatedPart } from '../../claims/claim-text.ts';
import { formatProblem, UserError } from '../../domain/errors.ts';
import { countClaims, findClaim, listClaims } from '../../repositories/claims.repository.ts';
import { keyValues, table } from '../format.ts';
import { intOption } from '../options.ts';
import { withContext } from '../with-context.ts';
import { registerClaimsSyncCommand } from './claims-sync.command.ts';

const importHelp = `
Formats (--format; guessed from the file name and header when not given):
${CLAIM_FORMATS.map((f) => `  ${f.padEnd(14)}${CLAIM_FORMAT_HELP[f]}`).join('\n')}

Every row is checked first: a bad row is reported as FILE:LINE: field "NAME": reason and nothing
is imported (--skip-invalid imports the valid rows and lists the bad ones). Claims are keyed by
(source, source id): importing the same file again changes nothing, and a changed row updates its
claim (a newer export of the same source, or a corrected JSONL line).`;

export function registerClaimsCommand(program: Command): void {
  const claims = program.command('claims').description('the database of debunked claims that hoax matching compares posts with');
  registerClaimsSyncCommand(claims);
  claims
    .command('import')
    .description('import or update debunked claims from a file (idempotent)')
    .argument('<file>', 'claims file: TurnBackHoax CSV, Mafindo CSV or JSON Lines')
    .option('--format <format>', `${CLAIM_FORMATS.join(', ')}`)
    .option('--source <name>', 'source name stored with each claim (default: the format name; JSONL rows name their own)')
    .option('--skip-invalid', 'import the valid rows and list the bad ones instead of importing nothing')
    .addHelpText('after', importHelp)
    .action(
      withContext(async (ctx, file: string, o: { format?: string; source?: string; skipInvalid?: boolean }) => {
        if (o.format !== undefined && !(CLAIM_FORMATS as readonly string[]).includes(o.format))
          throw new UserError(`--format ${JSON.stringify(o.format)} must be one of ${CLAIM_FORMATS.join(', ')}`);
        const { db } = await ctx.db();
        const s = await importClaims(db, file, {
          ...(o.format ? { format: o.format as ClaimFormat } : {}),
          source: o.source,
          skipInvalid: Boolean(o.skipInvalid),
          logger: ctx.logger,
        });
        if (s.created + s.updated > 0 || !existsSync(claimsSnapshotPath(ctx.config.dataDir))) await refreshClaimsSnapshot(db, ctx.config);
        process.stdout.write(
          `${keyValues([
            ['file', s.file],
            ['format', s.format],
            ['claims', `${s.rows} read: ${s.created} new, ${s.updated} updated, ${s.unchanged} unchanged`],
            ...(s.skipped ? ([['not claims', `${s.skipped} row(s) (Mafindo REAL)`]] as [string, string][]) : []),
            ...(s.invalid.length ? ([['invalid', `${s.invalid.length} row(s) left out`]] as [string, string][]) : []),
          ])}\n`,
        );
        if (s.invalid.length) {
          for (const p of s.invalid.slice(0, 50)) process.stderr.write(`  ${formatProblem(p)}\n`);
          if (s.invalid.length > 50) process.stderr.write(`  ... and ${s.invalid.length - 50} more\n`);
          return 2;
        }
        return 0;
      }),
    );
  claims
    .command('list')
    .description('list debunked claims')
    .option('--source <name>', 'only this source')
    .option('--category <name>', 'only this category')
    .option('--search <text>', 'title or claim text contains this (case-insensitive)')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'JSON Lines instead of a table')
    .action(
      withContext(async (ctx, o: { source?: string; category?: string; search?: string; limit: string; json?: boolean }) => {
        const limit = intOption('--limit', o.limit, { min: 1 });
        const { db } = await ctx.db();
        const rows = await listClaims(db, { source: o.source, category: o.category, search: o.search, limit });
        if (o.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify({ ...r, id: `${r.source}:${r.source_id}`, db_id: r.id })}\n`);
          return;
        }
        const counts = await countClaims(db);
        const total = counts.reduce((s, c) => s + c.n, 0);
        process.stdout.write(
          `${table(
            ['claim', 'category', 'published', 'title'],
            rows.map((r) => [`${r.source}:${r.source_id}`, r.category ?? '-', r.published_on ?? '-', r.title]),
            { maxWidth: [24, 10, 10, 80] },
          )}\n\n${rows.length} shown; ${total} claim(s) in the database${counts.length ? ` (${counts.map((c) => `${c.source} ${c.n}`).join(', ')})` : ''}\n`,
        );
      }),
    );
  claims
    .command('show')
    .description('one claim, by the id evidence shows (source:source_id, e.g. turnbackhoax:3553) or database id')
    .argument('<claim>', 'source:source_id or database id')
    .option('--json', 'JSON instead of text')
    .action(
      withContext(async (ctx, ref: string, o: { json?: boolean }) => {
        const { db } = await ctx.db();
        const c = await findClaim(db, ref);
        if (!c) throw new UserError(`no claim ${ref} (netra claims list --search WORDS)`);
        if (o.json) {
          process.stdout.write(`${JSON.stringify(c, null, 2)}\n`);
          return;
        }
        const circulated = circulatedPart(c.claim_text);
        process.stdout.write(
          `${keyValues([
            ['claim', `${c.source}:${c.source_id} (#${c.id})`],
            ['title', c.title],
            ['category', c.category ?? '-'],
            ['published', c.published_on ?? '-'],
            ['debunk', c.debunk_url ?? '-'],
            [
              'imported',
              `${c.imported_at.toISOString()}${c.updated_at.getTime() !== c.imported_at.getTime() ? `, updated ${c.updated_at.toISOString()}` : ''}`,
            ],
            ['sha256', c.content_sha256],
            ['matched on', c.normalised_text.length > 300 ? `${c.normalised_text.slice(0, 300)}…` : c.normalised_text],
          ])}\n\n${circulated && circulated !== c.title ? `${circulated}\n` : ''}${circulated.length < c.claim_text.length ? `\n(explanation appended by the source, not matched:)\n${c.claim_text.slice(circulated.length).trim()}\n` : ''}`,
        );
      }),
    );
}
