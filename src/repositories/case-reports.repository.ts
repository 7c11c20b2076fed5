import { sql } from 'kysely';
import type { CaseReportRow } from '../db/schema.ts';
import { appendAudit } from './audit.repository.ts';
import { type Db } from '../db/handle.ts';

export async function getCaseReport(db: Db, flagId: number): Promise<CaseReportRow | undefined> {
  return db.selectFrom('case_reports').selectAll().where('flag_id', '=', flagId).executeTakeFirst();
}

export interface SaveCaseReport {
  flagId: number;
  narrative: string;
  reporterName: string | null;
  place: string | null;
  /** The version edited (0 when there was no saved report yet). */
  version: number;
  userId: number;
  username: string;
}

/** Create or update the report if it is still at `version`; undefined when someone saved first. Audited. */
export async function saveCaseReport(db: Db, r: SaveCaseReport): Promise<CaseReportRow | undefined> {
  const values = { narrative: r.narrative, reporter_name: r.reporterName, place: r.place };
  let row: CaseReportRow | undefined;
  if (r.version === 0) {
    row = await db
      .insertInto('case_reports')
      .values({ flag_id: r.flagId, ...values, created_by: r.userId, updated_by: r.userId, updated_at: new Date() })
      .onConflict((oc) => oc.column('flag_id').doNothing())
      .returningAll()
      .executeTakeFirst();
  } else {
    row = await db
      .updateTable('case_reports')
      .set({ ...values, updated_by: r.userId, updated_at: new Date(), version: sql`version + 1` })
      .where('flag_id', '=', r.flagId)
      .where('version', '=', r.version)
      .returningAll()
      .executeTakeFirst();
  }
  if (row)
    await appendAudit(db, {
      actor: `user:${r.username}`,
      action: 'case_report.saved',
      entityType: 'flag',
      entityId: r.flagId,
      after: { version: row.version, changed: Object.keys(values) },
    });
  return row;
}
