import type { Kysely } from 'kysely';
import { syncClaimFeed, type FeedSyncSummary } from '../claims/feeds/claims-sync.ts';
import { feedName, type ClaimFeedConfig, type FeedHttp } from '../claims/feeds/feed-http.ts';
import { politeFeedHttp } from '../collect/api/feed-http.client.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log/logger.ts';
import { getFeedCursor } from '../repositories/claim-feeds.repository.ts';
import type { Pipeline } from './pipeline.schema.ts';

/**
 * The pipeline step that keeps its claims live: each of `claimFeeds` is synced from its cursor
 * before the run's classifier is built (by `netra scan` in its process, by whoever queues a run
 * for the workers), so a debunk published overnight is matched in the morning's scan, and the
 * classifier version that changes with it re-classifies recent posts (classify.reclassifyDays).
 * A feed that fails does not stop the scan: the failure is kept with the feed and the run's
 * report calls it out.
 */
export async function syncPipelineClaimFeeds(
  db: Kysely<Database>,
  pipeline: Pipeline,
  o: { logger: Logger; actor: string; http?: FeedHttp; signal?: AbortSignal },
): Promise<FeedSyncSummary[]> {
  const feeds = (pipeline.claimFeeds ?? []) as ClaimFeedConfig[];
  if (feeds.length === 0) return [];
  const http = o.http ?? politeFeedHttp({ logger: o.logger });
  const out: FeedSyncSummary[] = [];
  for (const f of feeds) {
    const s = await syncClaimFeed(db, f, http, { logger: o.logger, actor: o.actor, ...(o.signal ? { signal: o.signal } : {}) });
    o.logger.info({ feed: s.feed, status: s.status, created: s.created, updated: s.updated, cursor: s.to }, 'claims feed synced');
    out.push(s);
  }
  return out;
}

/** Alerts for a run's report: feeds whose last sync failed. */
export async function claimFeedAlerts(db: Kysely<Database>, pipeline: Pipeline): Promise<string[]> {
  const out: string[] = [];
  for (const f of (pipeline.claimFeeds ?? []) as ClaimFeedConfig[]) {
    const c = await getFeedCursor(db, feedName(f));
    if (c && c.lastStatus !== 'ok')
      out.push(
        `claims feed ${c.feed}: the last sync failed (${c.lastMessage ?? c.lastStatus}); claims are as of ${c.lastOkAt ? c.lastOkAt.toISOString() : 'no successful sync yet'}`,
      );
  }
  return out;
}
