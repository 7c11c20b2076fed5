import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';

/** The throttle key of a login name (whether or not such a user exists). */
export const accountKey = (username: string) => `account:${username.slice(0, 64)}`;
/** The throttle key of a client address. */
export const addressKey = (ip: string) => `address:${ip.slice(0, 64)}`;

export interface AttemptState {
  /** Attempts counted, this one included (failures plus attempts still being checked). */
  attempts: number;
  lockedUntil: Date | null;
  windowStartedAt: Date;
}

/**
 * Count one attempt for `key` before its password is checked, atomically (the row lock orders
 * concurrent attempts, so each sees its own number). The count starts again after `resetMs`
 * without an attempt. When `probeAfterLock` and the key's lock has run out, the count is put at
 * `limit`, so exactly one attempt gets through and a failure locks again (an account stays
 * guarded until someone gets the password right).
 */
export async function recordAttempt(
  db: Db,
  key: string,
  o: { limit: number; resetMs: number; probeAfterLock: boolean; now: Date },
): Promise<AttemptState> {
  const now = o.now;
  const stale = new Date(now.getTime() - o.resetMs);
  const row = (
    await sql<{ attempts: number; locked_until: Date | null; window_started_at: Date }>`
      insert into login_throttle as t (key, attempts, window_started_at, locked_until, updated_at) values (${key}, 1, ${now}, null, ${now})
      on conflict (key) do update set
        attempts = case
          when t.locked_until is not null and t.locked_until <= ${now} then ${o.probeAfterLock ? o.limit : 1}
          when t.locked_until is null and t.window_started_at <= ${stale} then 1
          else t.attempts + 1 end,
        window_started_at = case when t.locked_until is null and t.window_started_at <= ${stale} then ${now} else t.window_started_at end,
        locked_until = case when t.locked_until is not null and t.locked_until <= ${now} then null else t.locked_until end,
        updated_at = ${now}
      returning attempts, locked_until, window_started_at`.execute(db)
  ).rows[0]!;
  return { attempts: Number(row.attempts), lockedUntil: row.locked_until, windowStartedAt: new Date(row.window_started_at) };
}

/** Take back an attempt that was never checked (the server was too busy). */
export async function forgetAttempt(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ attempts: sql`greatest(0, attempts - 1)` })
    .where('key', '=', key)
    .execute();
}

/** After a wrong password: lock the key for `lockMs` when it has reached `limit`; returns the lock in force, and whether this call set it. */
export async function lockIfOverLimit(
  db: Db,
  key: string,
  o: { limit: number; lockMs: number; now: Date },
): Promise<{ until: Date | null; newly: boolean }> {
  const row = await db
    .updateTable('login_throttle')
    .set({ locked_until: new Date(o.now.getTime() + o.lockMs), updated_at: o.now })
    .where('key', '=', key)
    .where('attempts', '>=', o.limit)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', o.now)]))
    .returning('locked_until')
    .executeTakeFirst();
  if (row) return { until: row.locked_until, newly: true };
  return { until: await lockedUntil(db, key, o.now), newly: false };
}

/**
 * After a right password: re-check that the account was not locked meanwhile (by a concurrent
 * wrong attempt), and if not, clear its count. Returns the lock when there is one: the login
 * must then be refused.
 */
export async function settleSuccess(db: Db, key: string, now: Date): Promise<Date | null> {
  const cur = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).forUpdate().executeTakeFirst();
  if (cur?.locked_until && cur.locked_until > now) return cur.locked_until;
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
  return null;
}

/** The lock on a key now, if any. */
export async function lockedUntil(db: Db, key: string, now = new Date()): Promise<Date | null> {
  const cur = await db.selectFrom('login_throttle').select('locked_until').where('key', '=', key).executeTakeFirst();
  return cur?.locked_until && cur.locked_until > now ? cur.locked_until : null;
}

/** Forget a key's attempts and lock (an admin's unlock, a new password). */
export async function clearThrottle(db: Db, key: string): Promise<void> {
  await db.deleteFrom('login_throttle').where('key', '=', key).execute();
}

/** Drop rows nobody has touched for `olderThanMs` and that hold no live lock (housekeeping). */
export async function deleteStaleThrottle(db: Db, olderThanMs: number, now = new Date()): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where('updated_at', '<', new Date(now.getTime() - olderThanMs))
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<=', now)]))
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
