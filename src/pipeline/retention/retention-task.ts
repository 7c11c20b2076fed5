import type { Kysely } from 'kysely';
import type { Config } from '../../config/config.schema.ts';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../log/logger.ts';
import type { ErasableStore } from '../../registry/person-erasure.ts';
import type { ScheduleConfig } from '../pipeline.schema.ts';
import type { ScheduledTask } from '../scheduler.ts';
import { applyRetention, retentionSettings } from './apply-retention.ts';

/** Who scheduled retention runs are audited as. */
export const RETENTION_ACTOR = 'system:retention';

/** The retention run's schedule from the configuration (Asia/Jakarta; a missed day is made up within the day), or null when off. */
export function retentionSchedule(c: Config): ScheduleConfig | null {
  return c.retentionCron ? { cron: c.retentionCron, timeZone: 'Asia/Jakarta', catchUpMinutes: 1440 } : null;
}

/**
 * The scheduler's retention task: at each tick, one run (the tick is claimed in
 * `retention_runs`, so any number of schedulers run it once). A failure is logged and recorded
 * with the run; the scheduler goes on.
 */
export function retentionTask(o: { db: Kysely<Database>; config: Config; store: ErasableStore; logger: Logger }): ScheduledTask | null {
  const schedule = retentionSchedule(o.config);
  if (!schedule) return null;
  return {
    name: 'retention',
    schedule,
    start: async (tick) => {
      const r = await applyRetention({
        db: o.db,
        settings: retentionSettings(o.config),
        store: o.store,
        actor: RETENTION_ACTOR,
        scheduledFor: tick,
      });
      if (r.runId !== null) o.logger.info({ retentionRun: r.runId, removed: r.removed }, 'retention applied');
      return r.runId !== null;
    },
  };
}
