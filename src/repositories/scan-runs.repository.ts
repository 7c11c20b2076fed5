import type { ScanRun, ScanStatus } from '../db/schema.ts';
import type { Db } from './audit.repository.ts';

export async function startScanRun(db: Db, r: { pipeline: string; pipelinePath: string | null; trigger: string }): Promise<ScanRun> {
  return db
    .insertInto('scan_runs')
    .values({ pipeline: r.pipeline, pipeline_path: r.pipelinePath, trigger: r.trigger, status: 'running', started_at: new Date() })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function finishScanRun(
  db: Db,
  id: number,
  r: { status: ScanStatus; counts: Record<string, number>; errors: unknown[] },
): Promise<ScanRun> {
  return db
    .updateTable('scan_runs')
    .set({ status: r.status, finished_at: new Date(), counts: JSON.stringify(r.counts), errors: JSON.stringify(r.errors) })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getScanRun(db: Db, id: number): Promise<ScanRun | undefined> {
  return db.selectFrom('scan_runs').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function listScanRuns(db: Db, limit = 20): Promise<ScanRun[]> {
  return db.selectFrom('scan_runs').selectAll().orderBy('id', 'desc').limit(limit).execute();
}
