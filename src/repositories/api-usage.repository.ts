import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/** The period a cap counts over: the UTC calendar month, the UTC day, or the last seven days. */
export type UsagePeriod = 'month' | 'day' | 'rolling7';

/** First UTC day (inclusive) of the period containing `now`, as `YYYY-MM-DD`. */
export function periodStart(period: UsagePeriod, now: Date): string {
  const d = now.toISOString().slice(0, 10);
  if (period === 'day') return d;
  if (period === 'month') return `${d.slice(0, 8)}01`;
  return new Date(Date.parse(`${d}T00:00:00Z`) - 6 * 86_400_000).toISOString().slice(0, 10);
}

async function usedSince(db: Db, sourceKey: string, unit: string, from: string): Promise<number> {
  const r = await db
    .selectFrom('api_usage')
    .select((e) => e.fn.coalesce(e.fn.sum<number>('used'), sql<number>`0`).as('used'))
    .where('source_key', '=', sourceKey)
    .where('unit', '=', unit)
    .where('day', '>=', from)
    .executeTakeFirstOrThrow();
  return Number(r.used);
}

async function add(db: Db, sourceKey: string, unit: string, day: string, amount: number): Promise<void> {
  await db
    .insertInto('api_usage')
    .values({ source_key: sourceKey, unit, day, used: amount })
    .onConflict((oc) =>
      oc
        .columns(['source_key', 'unit', 'day'])
        .doUpdateSet({ used: sql<number>`api_usage.used + excluded.used`, updated_at: sql<Date>`now()` }),
    )
    .execute();
}

export interface ReserveInput {
  sourceKey: string;
  unit: string;
  /** Wanted now. */
  amount: number;
  /** Granted only in full when `min` is 0, else anything from `min` up to `amount` that fits. */
  min?: number;
  cap: number;
  period: UsagePeriod;
  now: Date;
}

/**
 * Reserve units under a cap before spending them: all callers of the same source and unit are
 * serialised (a transaction-level advisory lock), so the cap holds across workers. Returns what
 * was granted (0 when not even `min` fits) and what had been used before.
 */
export async function reserveUsage(db: Kysely<Database>, i: ReserveInput): Promise<{ granted: number; usedBefore: number }> {
  return db.transaction().execute(async (trx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${`api_usage:${i.sourceKey}:${i.unit}`}))`.execute(trx);
    const usedBefore = await usedSince(trx, i.sourceKey, i.unit, periodStart(i.period, i.now));
    const left = i.cap - usedBefore;
    const min = i.min ?? i.amount;
    const granted = left >= i.amount ? i.amount : left >= min && min > 0 ? left : 0;
    if (granted > 0) await add(trx, i.sourceKey, i.unit, i.now.toISOString().slice(0, 10), granted);
    return { granted, usedBefore };
  });
}

/** Record units spent without a cap (or give back an unused reservation with a negative amount). */
export async function recordUsage(db: Db, sourceKey: string, unit: string, amount: number, now: Date): Promise<void> {
  if (amount === 0) return;
  await add(db, sourceKey, unit, now.toISOString().slice(0, 10), amount);
}

/** Units used in the period containing `now`. */
export function usageInPeriod(db: Db, sourceKey: string, unit: string, period: UsagePeriod, now: Date): Promise<number> {
  return usedSince(db, sourceKey, unit, periodStart(period, now));
}
