import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InputFileError, UserError } from '../domain/errors.ts';
import { appendAudit, type AuditEvent } from '../repositories/audit.repository.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../repositories/registry.repository.ts';
import { disputedAccount } from '../repositories/account-links.repository.ts';
import { parseAccountsCsv } from './accounts-csv.ts';
import { accountDigest, tombstoneDigest } from '../domain/erasure-digest.ts';
import { tombstoned } from '../repositories/erasure.repository.ts';
import { ACCOUNT_AUDIT_FIELDS, auditChange, PERSON_AUDIT_FIELDS } from '../domain/audit-fields.ts';

/** Before/after for the audit log without personal data (names, NIPs, handles stay in the rows). */
const personalFree = (before: object | undefined, after: object, safe: readonly string[]) => {
  const c = auditChange(before as Record<string, unknown> | undefined, after as Record<string, unknown>, safe);
  return { ...(c.before ? { before: c.before } : {}), after: { ...c.after, changed: c.changed } };
};

export interface ImportSummary {
  file: string;
  rows: number;
  persons: { created: number; updated: number; unchanged: number };
  accounts: { created: number; updated: number; unchanged: number };
  /** Rows not imported because their person or account was erased (netra persons lift-erasure). */
  erased: { rows: number; lines: number[] };
  /**
   * Rows whose account carries the `identity_disputed` tag (an analyst dismissed a flag as "wrong
   * identity"): the account is left exactly as it is (tag, person, link), whatever the row says,
   * until an analyst or admin clears the dispute (`netra accounts clear-dispute`).
   */
  disputed: { rows: number; lines: number[] };
}

/**
 * Import a registry CSV: validate every row first; if any row is bad, store nothing and throw
 * an {@link InputFileError} listing file, line and field. Otherwise upsert everything in one
 * transaction (re-importing the same file changes nothing) and audit each change.
 */
export async function importAccountsCsv(db: Kysely<Database>, file: string, actor = `import:${file}`): Promise<ImportSummary> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const { rows, problems } = parseAccountsCsv(content, file);
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} problem(s) in ${file}; nothing was imported`);

  const summary: ImportSummary = {
    file,
    rows: rows.length,
    persons: { created: 0, updated: 0, unchanged: 0 },
    accounts: { created: 0, updated: 0, unchanged: 0 },
    erased: { rows: 0, lines: [] },
    disputed: { rows: 0, lines: [] },
  };
  await db.transaction().execute(async (trx) => {
    const agencyIds = new Map<string, number>();
    const personIds = new Map<string, number>();
    const audit: AuditEvent[] = [];
    const digestsOf = (r: (typeof rows)[number]) => [
      tombstoneDigest('person_key', r.personKey),
      ...(r.nip ? [tombstoneDigest('nip', r.nip)] : []),
      accountDigest(r.platform, r.handle),
    ];
    const blocked = await tombstoned(trx, rows.flatMap(digestsOf));
    for (const r of rows) {
      if (blocked.size > 0 && digestsOf(r).some((d) => blocked.has(d))) {
        summary.erased.rows++;
        summary.erased.lines.push(r.line);
        continue;
      }
      let agencyId = agencyIds.get(r.agency);
      if (agencyId === undefined) {
        agencyId = await ensureAgency(trx, r.agency);
        agencyIds.set(r.agency, agencyId);
      }
      let personId = personIds.get(r.personKey);
      if (personId === undefined) {
        const p = await upsertPerson(trx, {
          personKey: r.personKey,
          nip: r.nip,
          name: r.name,
          agencyId,
          position: r.position,
          region: r.region,
          province: r.province,
          employmentType: r.employmentType,
        });
        summary.persons[p.outcome]++;
        personId = p.row.id;
        personIds.set(r.personKey, personId);
        if (p.outcome !== 'unchanged')
          audit.push({
            actor,
            action: `person.${p.outcome}`,
            entityType: 'person',
            entityId: personId,
            ...personalFree(p.before, p.row, PERSON_AUDIT_FIELDS),
            context: { line: r.line },
          });
      }
      const held = await disputedAccount(trx, r.platform, r.handle);
      if (held) {
        summary.disputed.rows++;
        summary.disputed.lines.push(r.line);
        continue;
      }
      const a = await upsertAccount(trx, {
        personId,
        platform: r.platform,
        handle: r.handle,
        profileUrl: r.profileUrl,
        linkSource: r.linkSource,
        linkConfidence: r.linkConfidence,
        linkEstablishedBy: r.linkEstablishedBy,
        linkEstablishedAt: r.linkEstablishedAt,
        linkEvidenceUrl: r.linkEvidenceUrl,
        tags: r.tags,
      });
      summary.accounts[a.outcome]++;
      if (a.outcome !== 'unchanged')
        audit.push({
          actor,
          action: `account.${a.outcome}`,
          entityType: 'account',
          entityId: a.row.id,
          ...personalFree(a.before, a.row, ACCOUNT_AUDIT_FIELDS),
          context: { line: r.line },
        });
    }
    await appendAudit(trx, audit);
  });
  return summary;
}
