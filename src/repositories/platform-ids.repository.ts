import { sql } from 'kysely';
import type { AccountPlatformIdTable } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/** What a platform said about a registered account (migration 0850). */
export interface PlatformIdRecord {
  accountId: number;
  handle: string;
  platformUserId: string | null;
  status: Exclude<AccountPlatformIdTable['status'], 'pending'>;
  detail: string | null;
  checkedAt: Date;
}

/** The stored lookup of an account for a source, or undefined (never looked up, or still pending). */
export async function getPlatformId(db: Db, accountId: number, source: string): Promise<PlatformIdRecord | undefined> {
  const r = await db
    .selectFrom('account_platform_ids')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('source', '=', source)
    .executeTakeFirst();
  if (!r || r.status === 'pending') return undefined;
  return {
    accountId: r.account_id,
    handle: r.handle,
    platformUserId: r.platform_user_id,
    status: r.status,
    detail: r.detail,
    checkedAt: r.checked_at,
  };
}

export interface ClaimLookupInput {
  source: string;
  platform: string;
  /** The account that needs its id now: always in the batch. */
  account: { accountId: number; handle: string };
  /** Batch size (X: 100 usernames per users/by call). */
  limit: number;
  now: Date;
  /** Nobody else looks these up until then. */
  leaseMs: number;
  /** Failed lookups (not found, suspended, private) older than this are tried again. */
  recheckBefore: Date;
}

/**
 * Claim a batch of handles to look up in one call: the given account, then other active
 * registered accounts of the platform with no id yet (or a changed handle, or a failed lookup
 * due again), that no other worker is looking up. Returns the claimed accounts.
 */
export async function claimLookupBatch(db: Db, i: ClaimLookupInput): Promise<{ accountId: number; handle: string }[]> {
  const others = await db
    .selectFrom('accounts as a')
    .leftJoin('account_platform_ids as p', (j) => j.onRef('p.account_id', '=', 'a.id').on('p.source', '=', i.source))
    .select(['a.id as accountId', 'a.handle'])
    .where('a.platform', '=', i.platform)
    .where('a.active', '=', true)
    .where('a.id', '!=', i.account.accountId)
    .where((e) =>
      e.or([
        e('p.account_id', 'is', null),
        e('p.handle', '!=', e.ref('a.handle')),
        e.and([e('p.status', '!=', 'ok'), e('p.checked_at', '<', i.recheckBefore)]),
      ]),
    )
    .where((e) => e.or([e('p.claimed_until', 'is', null), e('p.claimed_until', '<', i.now)]))
    .orderBy('a.id')
    .limit(Math.max(0, i.limit - 1))
    .execute();
  const wanted = [i.account, ...others];
  const until = new Date(i.now.getTime() + i.leaseMs);
  const claimed = await db
    .insertInto('account_platform_ids')
    .values(
      wanted.map((w) => ({
        account_id: w.accountId,
        source: i.source,
        handle: w.handle,
        status: 'pending' as const,
        checked_at: i.now,
        claimed_until: until,
      })),
    )
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'source'])
        .doUpdateSet({ claimed_until: until })
        .where((e) => e.or([e('account_platform_ids.claimed_until', 'is', null), e('account_platform_ids.claimed_until', '<', i.now)])),
    )
    .returning('account_id')
    .execute();
  const got = new Set(claimed.map((c) => c.account_id));
  // The account itself is looked up even if another worker holds it (it is needed now).
  return wanted.filter((w) => got.has(w.accountId) || w.accountId === i.account.accountId);
}

/** Store what a lookup found and release the claims. */
export async function savePlatformIds(db: Db, source: string, records: readonly PlatformIdRecord[]): Promise<void> {
  if (records.length === 0) return;
  await db
    .insertInto('account_platform_ids')
    .values(
      records.map((r) => ({
        account_id: r.accountId,
        source,
        handle: r.handle,
        platform_user_id: r.platformUserId,
        status: r.status,
        detail: r.detail,
        checked_at: r.checkedAt,
        claimed_until: null,
      })),
    )
    .onConflict((oc) =>
      oc.columns(['account_id', 'source']).doUpdateSet((e) => ({
        handle: e.ref('excluded.handle'),
        platform_user_id: e.ref('excluded.platform_user_id'),
        status: e.ref('excluded.status'),
        detail: e.ref('excluded.detail'),
        checked_at: e.ref('excluded.checked_at'),
        claimed_until: sql<Date | null>`null`,
      })),
    )
    .execute();
}

/** Forget an account's id (the platform no longer knows it): the next collection looks it up again. */
export async function forgetPlatformId(db: Db, accountId: number, source: string): Promise<void> {
  await db.deleteFrom('account_platform_ids').where('account_id', '=', accountId).where('source', '=', source).execute();
}
