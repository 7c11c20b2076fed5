import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/**
 * Shared politeness state (migration 0850): request slots of a pace, header-driven rate-limit
 * windows, circuit breakers. Every function is one short transaction or statement, safe under
 * concurrent callers on PostgreSQL.
 */

/**
 * Reserve the next request start of `key`: the slot whose last start is oldest (skipping slots
 * another caller holds right now) starts again at `max(now, last start + interval)`. While the
 * key has fewer than `cap` slots a new one is added and starts now.
 */
export async function reserveSlot(db: Kysely<Database>, key: string, cap: number, intervalMs: number, now: Date): Promise<Date> {
  for (let attempt = 0; ; attempt++) {
    const r = await db.transaction().execute(async (trx) => {
      const free = await trx
        .selectFrom('politeness_slots')
        .select(['slot', 'last_start'])
        .where('key', '=', key)
        .where('slot', '<', cap)
        .orderBy('last_start')
        .orderBy('slot')
        .limit(1)
        .forUpdate()
        .skipLocked()
        .executeTakeFirst();
      if (free && free.last_start.getTime() + intervalMs <= now.getTime()) return takeSlot(trx, key, free.slot, now);
      const n = Number(
        (
          await trx
            .selectFrom('politeness_slots')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('key', '=', key)
            .where('slot', '<', cap)
            .executeTakeFirstOrThrow()
        ).n,
      );
      if (n < cap) {
        const added = await trx
          .insertInto('politeness_slots')
          .values({ key, slot: n, last_start: now })
          .onConflict((oc) => oc.columns(['key', 'slot']).doNothing())
          .returning('slot')
          .executeTakeFirst();
        if (added) return now;
        return null; // another caller added that slot first: look again
      }
      // Every slot is taken for the current window: the oldest (waiting for it if another caller holds it).
      const oldest =
        free ??
        (await trx
          .selectFrom('politeness_slots')
          .select(['slot', 'last_start'])
          .where('key', '=', key)
          .where('slot', '<', cap)
          .orderBy('last_start')
          .orderBy('slot')
          .limit(1)
          .forUpdate()
          .executeTakeFirstOrThrow());
      return takeSlot(trx, key, oldest.slot, new Date(Math.max(now.getTime(), oldest.last_start.getTime() + intervalMs)));
    });
    if (r) return r;
    if (attempt > 20) throw new Error(`could not reserve a request slot for ${key}`);
  }
}

async function takeSlot(trx: Db, key: string, slot: number, start: Date): Promise<Date> {
  await trx.updateTable('politeness_slots').set({ last_start: start }).where('key', '=', key).where('slot', '=', slot).execute();
  return start;
}

/** Take one request from a header-driven window: 0 to go, else ms until the window resets. */
export async function takeWindow(db: Db, key: string, now: Date): Promise<number> {
  const taken = await db
    .updateTable('politeness_windows')
    .set((e) => ({ remaining: e('remaining', '-', 1) }))
    .where('key', '=', key)
    .where('remaining', '>', 0)
    .where('reset_at', '>', now)
    .returning('remaining')
    .executeTakeFirst();
  if (taken) return 0;
  const w = await db.selectFrom('politeness_windows').select(['remaining', 'reset_at']).where('key', '=', key).executeTakeFirst();
  if (!w || w.reset_at.getTime() <= now.getTime()) return 0;
  return w.reset_at.getTime() - now.getTime();
}

/** Record what the platform's headers said; a newer window replaces an older one, the same window keeps the lower count. */
export async function updateWindow(db: Db, key: string, remaining: number, resetAt: Date): Promise<void> {
  await db
    .insertInto('politeness_windows')
    .values({ key, remaining, reset_at: resetAt })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        remaining: sql<number>`case when excluded.reset_at > politeness_windows.reset_at then excluded.remaining
          when excluded.reset_at = politeness_windows.reset_at then least(politeness_windows.remaining, excluded.remaining)
          else politeness_windows.remaining end`,
        reset_at: sql<Date>`greatest(politeness_windows.reset_at, excluded.reset_at)`,
        updated_at: sql<Date>`now()`,
      }),
    )
    .execute();
}

/** Run `fn` on a breaker's stored state under a row lock, and store what it leaves. */
export async function withBreakerRow<T>(
  db: Kysely<Database>,
  key: string,
  fn: (state: Record<string, unknown> | null) => { state: Record<string, unknown>; result: T },
): Promise<T> {
  return db.transaction().execute(async (trx) => {
    await trx
      .insertInto('politeness_breakers')
      .values({ key, state: '{}' })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await trx.selectFrom('politeness_breakers').select('state').where('key', '=', key).forUpdate().executeTakeFirstOrThrow();
    const stored = row.state && Object.keys(row.state).length > 0 ? row.state : null;
    const { state, result } = fn(stored);
    await trx
      .updateTable('politeness_breakers')
      .set({ state: JSON.stringify(state), updated_at: sql`now()` })
      .where('key', '=', key)
      .execute();
    return result;
  });
}

/** Every shared pace, window and breaker, for `netra status` and the benchmark. */
export async function listPoliteness(db: Db): Promise<{
  paces: { key: string; slots: number; lastStart: Date | null }[];
  breakers: { key: string; state: Record<string, unknown> }[];
}> {
  const paces = await db
    .selectFrom('politeness_slots')
    .select((e) => ['key', e.fn.countAll<number>().as('slots'), e.fn.max('last_start').as('lastStart')])
    .groupBy('key')
    .orderBy('key')
    .execute();
  const breakers = await db.selectFrom('politeness_breakers').select(['key', 'state']).orderBy('key').execute();
  return {
    paces: paces.map((p) => ({
      key: p.key,
      slots: Number(p.slots),
      lastStart: p.lastStart ? new Date(p.lastStart as unknown as string) : null,
    })),
    breakers,
  };
}
