import { sql } from 'kysely';
import type { CollectCursor } from '../db/schema.ts';
import type { SourceCursor } from '../domain/source-cursor.ts';
import type { Db } from '../db/handle.ts';

export async function getCursor(db: Db, accountId: number, source: string): Promise<CollectCursor | undefined> {
  return db.selectFrom('collect_cursors').selectAll().where('account_id', '=', accountId).where('source', '=', source).executeTakeFirst();
}

/** The cursor as a source sees it. */
export function toSourceCursor(c: CollectCursor | undefined): SourceCursor | null {
  if (!c) return null;
  return {
    newestExternalId: c.newest_external_id,
    newestPostedAt: c.newest_posted_at,
    lastPostCount: c.last_post_count,
    lastOkAt: c.last_ok_at,
  };
}

export interface CursorUpdate {
  accountId: number;
  source: string;
  at: Date;
  status: string;
  message: string | null;
  /** Only for a successful collection: posts listed and the newest of them. */
  ok?: { posts: number; newest: { externalId: string; postedAt: Date } | null };
}

/**
 * Record the outcome of one collection. The newest post only ever moves forward (a look-back
 * re-read never moves the cursor back); a failed run keeps the cursor and records why.
 */
export async function saveCursor(db: Db, u: CursorUpdate): Promise<void> {
  const newest = u.ok?.newest ?? null;
  await db
    .insertInto('collect_cursors')
    .values({
      account_id: u.accountId,
      source: u.source,
      newest_external_id: newest?.externalId ?? null,
      newest_posted_at: newest?.postedAt ?? null,
      last_run_at: u.at,
      last_status: u.status,
      last_message: u.message,
      last_ok_at: u.ok ? u.at : null,
      last_post_count: u.ok?.posts ?? 0,
      max_post_count: u.ok?.posts ?? 0,
      runs: 1,
    })
    .onConflict((oc) =>
      oc.columns(['account_id', 'source']).doUpdateSet((eb) => ({
        newest_external_id: sql<
          string | null
        >`case when ${eb.ref('excluded.newest_posted_at')} is not null and (collect_cursors.newest_posted_at is null or ${eb.ref('excluded.newest_posted_at')} > collect_cursors.newest_posted_at) then ${eb.ref('excluded.newest_external_id')} else collect_cursors.newest_external_id end`,
        newest_posted_at: sql<Date | null>`greatest(collect_cursors.newest_posted_at, ${eb.ref('excluded.newest_posted_at')})`,
        last_run_at: eb.ref('excluded.last_run_at'),
        last_status: eb.ref('excluded.last_status'),
        last_message: eb.ref('excluded.last_message'),
        last_ok_at: sql<Date | null>`coalesce(${eb.ref('excluded.last_ok_at')}, collect_cursors.last_ok_at)`,
        last_post_count: u.ok ? eb.ref('excluded.last_post_count') : eb.ref('collect_cursors.last_post_count'),
        max_post_count: sql<number>`greatest(collect_cursors.max_post_count, ${eb.ref('excluded.max_post_count')})`,
        runs: sql<number>`collect_cursors.runs + 1`,
      })),
    )
    .execute();
}

/** Cursors of every account for a report (`netra collect status`-style views and tests). */
export async function listCursors(db: Db, accountId?: number): Promise<CollectCursor[]> {
  let q = db.selectFrom('collect_cursors').selectAll();
  if (accountId !== undefined) q = q.where('account_id', '=', accountId);
  return q.orderBy('account_id').orderBy('source').execute();
}

/** Sources whose last collection of some accounts since `since` did not succeed, by source and status. */
export async function failingSources(
  db: Db,
  since: Date,
): Promise<{ source: string; status: string; accounts: number; lastAt: Date; example: string | null }[]> {
  const rows = await db
    .selectFrom('collect_cursors')
    .select((e) => [
      'source',
      'last_status as status',
      e.fn.countAll<number>().as('accounts'),
      e.fn.max('last_run_at').as('lastAt'),
      e.fn.max('last_message').as('example'),
    ])
    .where('last_status', '!=', 'ok')
    .where('last_run_at', '>=', since)
    .groupBy(['source', 'last_status'])
    .orderBy('source')
    .execute();
  return rows.map((r) => ({
    source: r.source,
    status: r.status,
    accounts: Number(r.accounts),
    lastAt: new Date(r.lastAt as unknown as string),
    example: (r.example as string | null) ?? null,
  }));
}
