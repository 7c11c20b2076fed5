/**
 * How a claims feed fetches a URL. Injected so that feeds stay pure of transport: the CLI and
 * the pipeline pass the polite client (src/collect/api/feed-http.client.ts: User-Agent, a pace,
 * retries with backoff on 429 and 5xx, Retry-After honoured); tests pass the same client
 * pointed at saved responses on 127.0.0.1.
 */
export interface FeedResponse {
  status: number;
  headers: { get(name: string): string | null };
  body: string;
}

export type FeedHttp = (url: URL, signal?: AbortSignal) => Promise<FeedResponse>;

/** A claims feed netra can sync (`netra claims sync`, a pipeline's `claimFeeds`). */
export interface ClaimFeedConfig {
  /**
   * `wordpress`: a fact-checker's WordPress REST API (`/wp-json/wp/v2/posts`), e.g.
   * TurnBackHoax; `rss`: an RSS 2.0 feed of fact-checks.
   */
  kind: 'wordpress' | 'rss';
  /** The site (`https://turnbackhoax.id`) or the feed URL (rss). */
  url: string;
  /** Names the feed's cursor and its claims' source. @default `turnbackhoax.id` for turnbackhoax.id, else the host */
  name?: string;
  /** First sync only: read what changed since this day (`YYYY-MM-DD`). @default everything */
  since?: string;
  /** Pages per sync at most (wordpress: 100 posts a page). @default 50 */
  maxPages?: number;
}

export function feedName(f: Pick<ClaimFeedConfig, 'name' | 'url'>): string {
  return f.name ?? new URL(f.url).hostname.replace(/^www\./, '');
}
