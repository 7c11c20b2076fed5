import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InputFileError, UserError } from '../domain/errors.ts';
import { auditChange } from '../domain/audit-fields.ts';
import { appendAudit, type AuditEvent } from '../repositories/audit.repository.ts';
import { upsertCampaignAccount } from '../repositories/campaign-accounts.repository.ts';
import { parseCampaignAccountsCsv } from './campaign-accounts-csv.ts';

/**
 * Fields of a campaign-account row whose values the audit log may hold. The handles and owners
 * are public campaign accounts, but the log is append-only and never erasable, so it keeps to
 * ids and field names like the ASN registry import does (src/domain/audit-fields.ts).
 */
export const CAMPAIGN_ACCOUNT_AUDIT_FIELDS = ['id', 'contest', 'owner_kind', 'platform', 'active'] as const;

export interface CampaignImportSummary {
  file: string;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Rows that name an owner without an account (no cited handle). */
  withoutHandle: number;
}

/**
 * Import a campaign-accounts CSV: every row is validated first; any problem stops the import
 * with file, line and field, and nothing is stored. Otherwise one transaction upserts every row
 * (an unchanged file changes nothing) and audits each change.
 */
export async function importCampaignAccountsCsv(
  db: Kysely<Database>,
  file: string,
  actor = `import:${file}`,
): Promise<CampaignImportSummary> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const { rows, problems } = parseCampaignAccountsCsv(content, file);
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} problem(s) in ${file}; nothing was imported`);
  const summary: CampaignImportSummary = { file, rows: rows.length, created: 0, updated: 0, unchanged: 0, withoutHandle: 0 };
  await db.transaction().execute(async (trx) => {
    const audit: AuditEvent[] = [];
    for (const r of rows) {
      if (!r.handle) summary.withoutHandle++;
      const u = await upsertCampaignAccount(trx, r);
      summary[u.outcome]++;
      if (u.outcome === 'unchanged') continue;
      const c = auditChange(u.before, u.row, CAMPAIGN_ACCOUNT_AUDIT_FIELDS);
      audit.push({
        actor,
        action: `campaign_account.${u.outcome}`,
        entityType: 'campaign_account',
        entityId: u.row.id,
        ...(c.before ? { before: c.before } : {}),
        after: { ...c.after, changed: c.changed },
        context: { line: r.line },
      });
    }
    await appendAudit(trx, audit);
  });
  return summary;
}
