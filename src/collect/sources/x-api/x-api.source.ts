import type { Logger } from '../../../log/logger.ts';
import { statusOfError } from '../../collect-errors.ts';
import { PoliteRunner, type PoliteDeps } from '../../politeness/polite-runner.ts';
import { API_POLITENESS, resolvePoliteness, type PolitenessSettings } from '../../politeness/politeness.settings.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, CollectContext, EvidenceMode, Source, SourceHealth } from '../../source.ts';
import { XApiClient } from './x-api.client.ts';
import { parseTimelinePage, parseUserLookup, type XUser } from './x-api.parse.ts';

export interface XApiSourceOptions {
  bearerToken: string;
  /** @default 'https://api.x.com' */
  baseUrl?: string;
  /** Post URLs are built on this site. @default 'https://x.com' */
  postUrlBase?: string;
  /** Posts per page, 5..100. @default 100 */
  maxResults?: number;
  /** Pages per account per scan at most. @default 32 (the API serves the newest 3,200) */
  maxPages?: number;
  /** @default 3 days */
  lookBackMs?: number;
  /** @default 'flagged' (captured from the post's page after classification) */
  evidence?: Exclude<EvidenceMode, 'all'>;
  politeness?: Partial<PolitenessSettings>;
  logger?: Logger;
  deps?: PoliteDeps;
  fetch?: typeof fetch;
}

const TWEET_FIELDS = 'created_at,author_id,edit_history_tweet_ids,referenced_tweets,conversation_id,lang,note_tweet';
/** The user timeline endpoint serves at most this many of the newest posts. */
const TIMELINE_LIMIT = 3200;

/** X's official API (v2 user timeline): the first choice for X, where an institution has access. */
export function openXApiSource(o: XApiSourceOptions): Source {
  const settings = resolvePoliteness(API_POLITENESS, o.politeness);
  const runner = new PoliteRunner('x-api', settings, { ...(o.logger ? { logger: o.logger } : {}), ...o.deps });
  const client = new XApiClient({
    baseUrl: o.baseUrl ?? 'https://api.x.com',
    bearerToken: o.bearerToken,
    runner,
    timeoutMs: settings.timeoutMs,
    maxWaitMs: settings.maxRetryAfterMs,
    ...(o.fetch ? { fetch: o.fetch } : {}),
  });
  const users = new Map<string, XUser>();
  const postUrlBase = o.postUrlBase ?? 'https://x.com';
  const maxResults = o.maxResults ?? 100;
  const maxPages = o.maxPages ?? 32;

  return {
    id: 'x-api',
    platforms: ['x'],
    lookBackMs: o.lookBackMs ?? 3 * 86_400_000,
    evidenceMode: o.evidence ?? 'flagged',

    async collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection> {
      let requests = 0;
      try {
        let user = users.get(account.handle);
        if (!user) {
          requests++;
          const r = parseUserLookup(await client.get(`/2/users/by/username/${encodeURIComponent(account.handle)}`, { 'user.fields': 'protected' }, ctx.signal));
          if (!r.user) {
            const kind = r.problem!.kind;
            return { status: kind === 'other' ? 'error' : kind === 'private' ? 'private' : 'not_found', posts: [], complete: false, message: `X API: ${r.problem!.detail}`, requests };
          }
          user = r.user;
          users.set(account.handle, user);
        }
        if (user.protected) return { status: 'private', posts: [], complete: false, message: 'X API: the account is protected: its posts are not public', requests };

        const posts: RawPost[] = [];
        let token: string | null = null;
        let pages = 0;
        // X wants whole seconds in start_time.
        const startTime = ctx.stopBefore ? ctx.stopBefore.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
        do {
          requests++;
          const json = await client.get(
            `/2/users/${user.id}/tweets`,
            { max_results: String(maxResults), 'tweet.fields': TWEET_FIELDS, start_time: startTime, pagination_token: token ?? undefined },
            ctx.signal,
          );
          const page = parseTimelinePage(json, account.handle, postUrlBase);
          if (page.problem) {
            const kind = page.problem.kind;
            return { status: kind === 'private' ? 'private' : kind === 'other' ? 'error' : 'not_found', posts: [], complete: false, message: `X API: ${page.problem.detail}`, requests };
          }
          posts.push(...page.posts);
          token = page.nextToken;
          pages++;
        } while (token && pages < maxPages);

        const times = posts.filter((p) => p.postedAt).map((p) => p.postedAt!.getTime());
        const oldest = times.length > 0 ? new Date(Math.min(...times)) : null;
        // Complete back to start_time, or to the account's first post, unless a cap cut it short.
        const capped = Boolean(token) || posts.length >= TIMELINE_LIMIT;
        const coveredFrom = capped ? oldest : ctx.stopBefore ? undefined : null;
        return {
          status: 'ok',
          posts,
          complete: !capped || oldest !== null,
          ...(coveredFrom !== undefined ? { coveredFrom } : {}),
          ...(capped ? { message: `stopped after ${pages} page(s); older posts were not read` } : {}),
          requests,
        };
      } catch (e) {
        const message = (e as Error).message;
        ctx.logger.warn({ source: 'x-api', handle: account.handle, err: message }, 'X API collection failed for account');
        return { status: statusOfError(e), posts: [], complete: false, message, requests };
      }
    },

    health(): SourceHealth {
      const r = runner.report();
      const alerts: string[] = [];
      if (r.openings > 0)
        alerts.push(`x-api: circuit breaker opened ${r.openings} time(s) (${Object.entries(r.lastReasons).map(([k, v]) => `${k} x${v}`).join(', ')}); ${r.refused} request(s) not sent`);
      return { alerts, details: { politeness: r, calls: client.calls.length } };
    },
  };
}
