import cronParser from 'cron-parser';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../log/logger.ts';
import type { ScheduleConfig } from './pipeline.schema.ts';
import type { LoadedPipeline } from './pipeline.load.ts';

/**
 * The tick due at `now`: the latest cron time at or before `now` (in the schedule's time zone),
 * if it is at most `catchUpMinutes` old. A scheduler that was down longer skips the missed tick
 * rather than starting a day-old scan at a surprising hour.
 */
export function dueTick(schedule: ScheduleConfig, now: Date): Date | null {
  // cron-parser's prev() is strictly before currentDate: step one second past `now`.
  const it = cronParser.parseExpression(schedule.cron, { tz: schedule.timeZone, currentDate: new Date(now.getTime() + 1000) });
  const tick = it.prev().toDate();
  return now.getTime() - tick.getTime() <= schedule.catchUpMinutes * 60_000 ? tick : null;
}

/** The next tick after `now`, for logs and `netra status`. */
export function nextTick(schedule: ScheduleConfig, now: Date): Date {
  return cronParser.parseExpression(schedule.cron, { tz: schedule.timeZone, currentDate: now }).next().toDate();
}

/** Work other than a pipeline that the scheduler starts on its own cron (retention). */
export interface ScheduledTask {
  name: string;
  schedule: ScheduleConfig;
  /** Run the tick's work; resolves to false when that tick already had its run. */
  start(tick: Date): Promise<boolean>;
}

export interface SchedulerOptions {
  pipelines: readonly LoadedPipeline[];
  /** Other scheduled work, e.g. the daily retention run. @default [] */
  tasks?: readonly ScheduledTask[];
  /** Start the run of a tick; resolves to false when that tick already had its run. */
  start(loaded: LoadedPipeline, tick: Date): Promise<boolean>;
  logger: Logger;
  /** How often the clock is checked. @default 10000 */
  checkMs?: number;
  now?: () => Date;
}

/** One pass: start every pipeline whose tick is due. Exactly once per tick rests on `start`. */
export async function schedulePass(o: SchedulerOptions): Promise<{ pipeline: string; tick: Date; started: boolean }[]> {
  const now = (o.now ?? (() => new Date()))();
  const out: { pipeline: string; tick: Date; started: boolean }[] = [];
  for (const loaded of o.pipelines) {
    const s = loaded.pipeline.schedule;
    if (!s) continue;
    const tick = dueTick(s, now);
    if (!tick) continue;
    const started = await o.start(loaded, tick);
    if (started) o.logger.info({ pipeline: loaded.pipeline.name, tick: tick.toISOString() }, 'scheduled scan started');
    out.push({ pipeline: loaded.pipeline.name, tick, started });
  }
  for (const task of o.tasks ?? []) {
    const tick = dueTick(task.schedule, now);
    if (!tick) continue;
    const started = await task.start(tick);
    if (started) o.logger.info({ task: task.name, tick: tick.toISOString() }, 'scheduled task ran');
    out.push({ pipeline: task.name, tick, started });
  }
  return out;
}

/** Check the clock every `checkMs` until `signal` aborts. */
export async function runScheduler(o: SchedulerOptions & { signal: AbortSignal }): Promise<void> {
  for (const p of o.pipelines)
    if (p.pipeline.schedule)
      o.logger.info(
        {
          pipeline: p.pipeline.name,
          cron: p.pipeline.schedule.cron,
          timeZone: p.pipeline.schedule.timeZone,
          next: nextTick(p.pipeline.schedule, new Date()).toISOString(),
        },
        'scheduled',
      );
  for (const t of o.tasks ?? [])
    o.logger.info(
      { task: t.name, cron: t.schedule.cron, timeZone: t.schedule.timeZone, next: nextTick(t.schedule, new Date()).toISOString() },
      'scheduled',
    );
  while (!o.signal.aborted) {
    try {
      await schedulePass(o);
    } catch (e) {
      o.logger.error({ err: (e as Error).message }, 'scheduler pass failed; trying again');
    }
    await sleep(o.checkMs ?? 10_000, undefined, { signal: o.signal }).catch(() => undefined);
  }
}
