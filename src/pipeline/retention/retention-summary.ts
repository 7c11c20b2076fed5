import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { RETENTION_KINDS, RETENTION_MEANING, type RetentionKind, type RetentionSettings } from '../../domain/retention.ts';
import { lastRetentionRun, type RetentionRun } from '../../repositories/retention.repository.ts';
import { nextTick } from '../scheduler.ts';
import type { ScheduleConfig } from '../pipeline.schema.ts';
import { retentionDue } from './apply-retention.ts';

/** What `netra status` says about retention: each setting, the last run, what is due, the next tick. */
export interface RetentionStatus {
  settings: { kind: RetentionKind; days: number | null; meaning: string; due: number }[];
  lastRun: RetentionRun | null;
  /** Next scheduled run (needs `netra scheduler` running), or null when the schedule is off. */
  next: Date | null;
}

export async function retentionStatus(
  db: Kysely<Database>,
  settings: RetentionSettings,
  schedule: ScheduleConfig | null,
  now = new Date(),
): Promise<RetentionStatus> {
  const due = await retentionDue(db, settings, now);
  return {
    settings: RETENTION_KINDS.map((kind) => ({ kind, days: settings[kind], meaning: RETENTION_MEANING[kind], due: due[kind] })),
    lastRun: (await lastRetentionRun(db)) ?? null,
    next: schedule ? nextTick(schedule, now) : null,
  };
}
