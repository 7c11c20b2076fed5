import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../log/logger.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { getFeedCursor, saveFeedRun } from '../../repositories/claim-feeds.repository.ts';
import type { ClaimInput } from '../claim-text.ts';
import { saveClaims } from '../claims-import.ts';
import { feedName, type ClaimFeedConfig, type FeedHttp } from './feed-http.ts';
import { parseRss, rssItemToClaim } from './rss.feed.ts';
import { fetchPostsPage, newestModified, wpPostToClaim } from './wordpress.feed.ts';

export interface FeedSyncSummary {
  feed: string;
  url: string;
  status: 'ok' | 'error';
  message?: string;
  /** What the sync asked for: changes after this time (null: everything). */
  from: string | null;
  /** The cursor after the sync. */
  to: string | null;
  pages: number;
  items: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Items that are not debunks (another verdict, no verdict label), with why. */
  skipped: string[];
  /** More pages were left for the next sync (`maxPages`). */
  more: boolean;
}

export interface FeedSyncOptions {
  logger?: Logger;
  actor?: string;
  signal?: AbortSignal;
  now?: () => Date;
}

/**
 * Pull a feed's new and changed debunks since its cursor and store them as claims (one
 * transaction per page: a page is stored with the cursor that covers it, so an interrupted
 * sync goes on where it stopped and never skips a page). The WordPress cursor is the newest
 * `modified_gmt` read; the next sync asks from one second before it (WordPress's
 * `modified_after` is exclusive; re-reading a post changes nothing). RSS has no paging: the items
 * newer than the cursor are read. A failure is recorded with the feed, never lost.
 */
export async function syncClaimFeed(
  db: Kysely<Database>,
  feed: ClaimFeedConfig,
  http: FeedHttp,
  o: FeedSyncOptions = {},
): Promise<FeedSyncSummary> {
  const name = feedName(feed);
  const now = o.now ?? (() => new Date());
  const cursor = await getFeedCursor(db, name);
  const since = cursor?.modifiedAfter ?? (feed.since ? new Date(`${feed.since}T00:00:00Z`) : null);
  const s: FeedSyncSummary = {
    feed: name,
    url: feed.url,
    status: 'ok',
    from: since?.toISOString() ?? null,
    to: since?.toISOString() ?? null,
    pages: 0,
    items: 0,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: [],
    more: false,
  };
  const actor = o.actor ?? `feed:${name}`;
  const store = async (claims: ClaimInput[], to: Date | null, items: number) => {
    await db.transaction().execute(async (trx) => {
      const c = await saveClaims(trx, claims);
      s.created += c.created;
      s.updated += c.updated;
      s.unchanged += c.unchanged;
      if (c.created + c.updated > 0)
        await appendAudit(trx, {
          actor,
          action: 'claims.synced',
          entityType: 'claims',
          entityId: name,
          after: { created: c.created, updated: c.updated, unchanged: c.unchanged },
          context: { url: feed.url, cursor: to?.toISOString() ?? null },
        });
      await saveFeedRun(trx, {
        feed: name,
        url: feed.url,
        at: now(),
        status: 'ok',
        message: null,
        modifiedAfter: to,
        itemsSeen: items,
        created: c.created,
        updated: c.updated,
      });
    });
    if (to) s.to = to.toISOString();
  };
  try {
    if (feed.kind === 'wordpress') {
      // Keyset paging on the modification time: each request asks for what changed after the
      // newest post read so far (less one second: WordPress's `modified_after` is exclusive, and
      // re-reading a post changes nothing). A post modified during the sync moves to the end of
      // the order instead of shifting later pages under a page number.
      let after = since ? new Date(since.getTime() - 1000) : null;
      let page = 1;
      const maxPages = feed.maxPages ?? 50;
      for (let n = 0; ; n++) {
        o.signal?.throwIfAborted();
        const p = await fetchPostsPage(http, feed.url, page, after, o.signal);
        if (p.end || p.posts.length === 0) break;
        s.pages++;
        s.items += p.posts.length;
        const claims: ClaimInput[] = [];
        for (const post of p.posts) {
          const r = wpPostToClaim(post, name, feed.url);
          if (r.claim) claims.push(r.claim);
          else if (r.skipped) s.skipped.push(r.skipped);
          else if (r.problem) s.skipped.push(`${r.problem.field}: ${r.problem.message}`);
        }
        const newest = newestModified(p.posts);
        await store(claims, newest, p.posts.length);
        o.logger?.info({ feed: name, request: n + 1, claims: claims.length, cursor: newest?.toISOString() }, 'claims feed page stored');
        if (p.posts.length < 100 || (p.totalPages !== null && p.totalPages <= page)) break;
        if (n + 1 >= maxPages) {
          s.more = true;
          break;
        }
        // Next: after the newest read (page 1 again), or the next page when a whole page shares one second.
        if (newest && (!after || newest.getTime() - 1000 > after.getTime())) {
          after = new Date(newest.getTime() - 1000);
          page = 1;
        } else page++;
      }
    } else {
      const r = await http(new URL(feed.url), o.signal);
      if (r.status !== 200) throw new Error(`${feed.url}: HTTP ${r.status}: ${r.body.slice(0, 200)}`);
      const items = parseRss(r.body).filter((i) => !since || !i.pubDate || i.pubDate > since);
      s.pages = 1;
      s.items = items.length;
      const claims: ClaimInput[] = [];
      for (const item of items) {
        const c = rssItemToClaim(item, name);
        if (c.claim) claims.push(c.claim);
        else if (c.skipped) s.skipped.push(c.skipped);
      }
      const newest = items.reduce<Date | null>((a, i) => (i.pubDate && (!a || i.pubDate > a) ? i.pubDate : a), null);
      await store(claims, newest, items.length);
    }
    if (s.pages === 0) await saveFeedRun(db, { feed: name, url: feed.url, at: now(), status: 'ok', message: 'nothing new' });
  } catch (e) {
    s.status = 'error';
    s.message = (e as Error).message;
    await saveFeedRun(db, { feed: name, url: feed.url, at: now(), status: 'error', message: s.message });
    o.logger?.warn({ feed: name, err: s.message }, 'claims feed sync failed');
  }
  return s;
}
