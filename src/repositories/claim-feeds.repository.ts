import { sql } from 'kysely';
import type { ClaimFeedCursorTable } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

export type ClaimFeedCursor = {
  feed: string;
  url: string;
  modifiedAfter: Date | null;
  lastRunAt: Date;
  lastOkAt: Date | null;
  lastStatus: string;
  lastMessage: string | null;
  itemsSeen: number;
  claimsCreated: number;
  claimsUpdated: number;
};

function toCursor(r: { [K in keyof ClaimFeedCursorTable]: unknown }): ClaimFeedCursor {
  return {
    feed: r.feed as string,
    url: r.url as string,
    modifiedAfter: (r.modified_after as Date | null) ?? null,
    lastRunAt: r.last_run_at as Date,
    lastOkAt: (r.last_ok_at as Date | null) ?? null,
    lastStatus: r.last_status as string,
    lastMessage: (r.last_message as string | null) ?? null,
    itemsSeen: Number(r.items_seen),
    claimsCreated: Number(r.claims_created),
    claimsUpdated: Number(r.claims_updated),
  };
}

export async function getFeedCursor(db: Db, feed: string): Promise<ClaimFeedCursor | undefined> {
  const r = await db.selectFrom('claim_feed_cursors').selectAll().where('feed', '=', feed).executeTakeFirst();
  return r ? toCursor(r) : undefined;
}

export async function listFeedCursors(db: Db): Promise<ClaimFeedCursor[]> {
  return (await db.selectFrom('claim_feed_cursors').selectAll().orderBy('feed').execute()).map(toCursor);
}

export interface FeedRunRecord {
  feed: string;
  url: string;
  at: Date;
  status: 'ok' | 'error';
  message: string | null;
  /** Only when the sync got somewhere: the cursor moves forward, never back. */
  modifiedAfter?: Date | null;
  itemsSeen?: number;
  created?: number;
  updated?: number;
}

/** Record a sync: the cursor only moves forward; a failed sync keeps it and says why. */
export async function saveFeedRun(db: Db, r: FeedRunRecord): Promise<void> {
  await db
    .insertInto('claim_feed_cursors')
    .values({
      feed: r.feed,
      url: r.url,
      modified_after: r.modifiedAfter ?? null,
      last_run_at: r.at,
      last_ok_at: r.status === 'ok' ? r.at : null,
      last_status: r.status,
      last_message: r.message,
      items_seen: r.itemsSeen ?? 0,
      claims_created: r.created ?? 0,
      claims_updated: r.updated ?? 0,
    })
    .onConflict((oc) =>
      oc.column('feed').doUpdateSet((e) => ({
        url: e.ref('excluded.url'),
        modified_after: sql<Date | null>`greatest(claim_feed_cursors.modified_after, excluded.modified_after)`,
        last_run_at: e.ref('excluded.last_run_at'),
        last_ok_at: sql<Date | null>`coalesce(excluded.last_ok_at, claim_feed_cursors.last_ok_at)`,
        last_status: e.ref('excluded.last_status'),
        last_message: e.ref('excluded.last_message'),
        items_seen: sql<number>`claim_feed_cursors.items_seen + excluded.items_seen`,
        claims_created: sql<number>`claim_feed_cursors.claims_created + excluded.claims_created`,
        claims_updated: sql<number>`claim_feed_cursors.claims_updated + excluded.claims_updated`,
      })),
    )
    .execute();
}
