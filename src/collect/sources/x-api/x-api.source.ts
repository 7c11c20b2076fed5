import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Logger } from '../../../log/logger.ts';
import {
  claimLookupBatch,
  forgetPlatformId,
  getPlatformId,
  savePlatformIds,
  type PlatformIdRecord,
} from '../../../repositories/platform-ids.repository.ts';
import { ApiBudget } from '../../api/api-budget.ts';
import { failedCollection, statusOfError } from '../../collect-errors.ts';
import { egressName, proxyFetchInit, type EgressSettings } from '../../politeness/egress.ts';
import { PoliteRunner, type PoliteDeps } from '../../politeness/polite-runner.ts';
import type { PolitenessStore } from '../../politeness/politeness-store.ts';
import { API_POLITENESS, resolvePoliteness, type PolitenessSettings } from '../../politeness/politeness.settings.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, CollectContext, CollectStatus, EvidenceMode, Source, SourceHealth } from '../../source.ts';
import { XApiClient } from './x-api.client.ts';
import { parseFollowingPage, parseTimelinePage, parseUsersBy } from './x-api.parse.ts';

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
  /** Stores user ids (looked up once, in batches of 100) and the monthly read ledger. */
  db?: Kysely<Database>;
  /** Shared pace, windows and breaker (PostgreSQL); default: this source's own memory. */
  store?: PolitenessStore;
  egress?: EgressSettings;
  /** The pipeline's cap on posts read per calendar month (UTC): the source stops before exceeding it. */
  monthlyReadCap?: number;
  /** Read whom each account follows (GET /2/users/:id/following) for follows of campaign accounts. @default false */
  following?: boolean;
  /** Following pages per account per scan at most. @default 5 */
  followingMaxPages?: number;
  /** Accounts per following page, 1..1000. @default 1000 (the API's maximum) */
  followingPageSize?: number;
  /** Usernames per users/by call. @default 100 (the API's maximum) */
  lookupBatch?: number;
  /** A failed lookup (not found, suspended) is tried again after this long. @default 1 day */
  recheckMs?: number;
  logger?: Logger;
  deps?: PoliteDeps;
  fetch?: typeof fetch;
}

/** Tweet fields, expansions and the fields of expanded objects requested with every timeline page. */
export const TIMELINE_PARAMS = {
  'tweet.fields': 'created_at,author_id,edit_history_tweet_ids,referenced_tweets,conversation_id,lang,note_tweet,entities,attachments',
  expansions: 'referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys',
  'user.fields': 'username,name',
  'media.fields': 'type,url,preview_image_url,alt_text',
} as const;
/** The user timeline endpoint serves at most this many of the newest posts. */
const TIMELINE_LIMIT = 3200;
const SOURCE = 'x-api';

/** X's official API (v2 user timeline): the first choice for X, where an institution has access. */
export function openXApiSource(o: XApiSourceOptions): Source {
  const settings = resolvePoliteness(API_POLITENESS, o.politeness);
  const egress = egressName(o.egress);
  const runner = new PoliteRunner('x-api', settings, {
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.store ? { store: o.store } : {}),
    egress,
    ...o.deps,
  });
  let client: XApiClient | undefined;
  const clientOf = async () =>
    (client ??= new XApiClient({
      baseUrl: o.baseUrl ?? 'https://api.x.com',
      bearerToken: o.bearerToken,
      runner,
      timeoutMs: settings.timeoutMs,
      maxWaitMs: settings.maxRetryAfterMs,
      init: await proxyFetchInit(o.egress),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    }));
  // Reads are counted per X app (the token), whatever pipeline spends them.
  const app = createHash('sha256').update(o.bearerToken).digest('hex').slice(0, 10);
  const budget = new ApiBudget({
    sourceKey: `x-api:${app}`,
    caps: o.monthlyReadCap !== undefined ? [{ unit: 'posts_read', cap: o.monthlyReadCap, period: 'month', label: 'posts read' }] : [],
    ...(o.db ? { db: o.db } : {}),
  });
  const memoryIds = new Map<string, PlatformIdRecord>();
  const postUrlBase = o.postUrlBase ?? 'https://x.com';
  const maxResults = o.maxResults ?? 100;
  const maxPages = o.maxPages ?? 32;
  const batch = Math.min(100, Math.max(1, o.lookupBatch ?? 100));
  const recheckMs = o.recheckMs ?? 86_400_000;
  const stats = { lookups: 0, handlesLookedUp: 0, idsReused: 0, postsRead: 0 };

  /** Look a batch of handles up in one users/by call and store what it found. */
  async function lookUp(accounts: { accountId: number; handle: string }[], signal?: AbortSignal): Promise<PlatformIdRecord[]> {
    const c = await clientOf();
    stats.lookups++;
    stats.handlesLookedUp += accounts.length;
    const json = await c.get(
      'GET /2/users/by',
      '/2/users/by',
      { usernames: accounts.map((a) => a.handle).join(','), 'user.fields': 'protected' },
      signal,
    );
    const { users, problems } = parseUsersBy(json);
    await budget.record('user_reads', users.length);
    const now = new Date();
    return accounts.map((a) => {
      const u = users.find((x) => x.username === a.handle);
      if (u)
        return {
          accountId: a.accountId,
          handle: a.handle,
          platformUserId: u.id,
          status: u.protected ? 'private' : 'ok',
          detail: u.protected ? 'protected account' : null,
          checkedAt: now,
        };
      const p = problems.find((x) => x.value?.toLowerCase() === a.handle);
      return {
        accountId: a.accountId,
        handle: a.handle,
        platformUserId: null,
        status: p?.kind === 'suspended' ? 'suspended' : p?.kind === 'private' ? 'private' : 'not_found',
        detail: p?.detail ?? 'not in the users/by response',
        checkedAt: now,
      };
    });
  }

  /** The account's user id: stored, or looked up now together with up to 99 other handles that need one. */
  async function userOf(account: AccountRef, signal?: AbortSignal): Promise<PlatformIdRecord> {
    const fresh = (r: PlatformIdRecord | undefined) =>
      r && r.handle === account.handle && (r.status === 'ok' || Date.now() - r.checkedAt.getTime() < recheckMs);
    const known = o.db ? await getPlatformId(o.db, account.accountId, SOURCE) : memoryIds.get(account.handle);
    if (fresh(known)) {
      stats.idsReused++;
      return known!;
    }
    if (!o.db) {
      const [r] = await lookUp([{ accountId: account.accountId, handle: account.handle }], signal);
      memoryIds.set(account.handle, r!);
      return r!;
    }
    const now = new Date();
    const claimed = await claimLookupBatch(o.db, {
      source: SOURCE,
      platform: account.platform,
      account,
      limit: batch,
      now,
      leaseMs: 120_000,
      recheckBefore: new Date(now.getTime() - recheckMs),
    });
    const found = await lookUp(claimed, signal);
    await savePlatformIds(o.db, SOURCE, found);
    return found.find((f) => f.accountId === account.accountId)!;
  }

  /**
   * Whom the user follows, page by page. A failure here never fails the posts: it says the list
   * is incomplete, and why, so a follow not seen is never read as no follow.
   */
  async function followingOf(
    userId: string,
    signal?: AbortSignal,
  ): Promise<NonNullable<AccountCollection['following']> & { requests: number }> {
    const c = await clientOf();
    const handles: string[] = [];
    let token: string | null = null;
    let requests = 0;
    try {
      do {
        requests++;
        const json = await c.get(
          'GET /2/users/:id/following',
          `/2/users/${userId}/following`,
          { max_results: String(o.followingPageSize ?? 1000), 'user.fields': 'username', pagination_token: token ?? undefined },
          signal,
        );
        const page = parseFollowingPage(json);
        if (page.problem) return { handles, complete: false, message: `X API following: ${page.problem.detail}`, requests };
        await budget.record('user_reads', page.users.length);
        handles.push(...page.users.map((u) => u.username));
        token = page.nextToken;
      } while (token && requests < (o.followingMaxPages ?? 5));
    } catch (e) {
      return { handles, complete: false, message: `X API following: ${(e as Error).message}`, requests };
    }
    return token
      ? { handles, complete: false, message: `X API following: stopped after ${requests} page(s)`, requests }
      : { handles, complete: true, requests };
  }

  return {
    id: SOURCE,
    platforms: ['x'],
    engagementsVisible: o.following ? ['repost', 'quote', 'reply', 'mention', 'follow'] : ['repost', 'quote', 'reply', 'mention'],
    lookBackMs: o.lookBackMs ?? 3 * 86_400_000,
    evidenceMode: o.evidence ?? 'flagged',

    async collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection> {
      let requests = 0;
      const fail = (status: CollectStatus, message: string) => failedCollection(status, message, requests);
      try {
        if (budget.exhausted) return fail('over_budget', budget.exhausted);
        const before = stats.lookups;
        const user = await userOf(account, ctx.signal);
        requests += stats.lookups - before;
        if (user.status === 'private') return fail('private', 'X API: the account is protected: its posts are not public');
        if (user.status !== 'ok' || !user.platformUserId) return fail('not_found', `X API: ${user.detail ?? user.status}`);

        const c = await clientOf();
        const posts: RawPost[] = [];
        let token: string | null = null;
        let pages = 0;
        // X wants whole seconds in start_time.
        const startTime = ctx.stopBefore ? ctx.stopBefore.toISOString().replace(/\.\d{3}Z$/, 'Z') : undefined;
        let stopped: string | undefined;
        do {
          // Reserve the most this page can count (its posts and as many referenced ones), less when the cap is near.
          let reserved: number;
          try {
            reserved = await budget.reserve('posts_read', 2 * maxResults, 10);
          } catch (e) {
            // The cap is reached part way: keep what was read (it is paid for), say the listing stopped.
            if (posts.length === 0) throw e;
            stopped = (e as Error).message;
            break;
          }
          const pageSize = Math.max(5, Math.min(maxResults, Math.floor(reserved / 2)));
          let page: ReturnType<typeof parseTimelinePage>;
          try {
            requests++;
            const json = await c.get(
              'GET /2/users/:id/tweets',
              `/2/users/${user.platformUserId}/tweets`,
              { max_results: String(pageSize), ...TIMELINE_PARAMS, start_time: startTime, pagination_token: token ?? undefined },
              ctx.signal,
            );
            page = parseTimelinePage(json, account.handle, postUrlBase);
          } catch (e) {
            await budget.settle('posts_read', reserved, 0);
            throw e;
          }
          await budget.settle('posts_read', reserved, page.reads);
          stats.postsRead += page.reads;
          if (page.problem) {
            const kind = page.problem.kind;
            // The id no longer resolves (deleted or suspended account): look the handle up again next time.
            if (o.db && kind !== 'private' && kind !== 'other') await forgetPlatformId(o.db, account.accountId, SOURCE);
            return fail(kind === 'private' ? 'private' : kind === 'other' ? 'error' : 'not_found', `X API: ${page.problem.detail}`);
          }
          posts.push(...page.posts);
          token = page.nextToken;
          pages++;
        } while (token && pages < maxPages);

        const times = posts.filter((p) => p.postedAt).map((p) => p.postedAt!.getTime());
        const oldest = times.length > 0 ? new Date(Math.min(...times)) : null;
        // Complete back to start_time, or to the account's first post, unless a cap cut it short.
        const capped = Boolean(token) || posts.length >= TIMELINE_LIMIT || stopped !== undefined;
        const coveredFrom = capped ? oldest : ctx.stopBefore ? undefined : null;
        let following: AccountCollection['following'];
        if (o.following) {
          const { requests: n, ...f } = await followingOf(user.platformUserId, ctx.signal);
          requests += n;
          following = f;
        }
        return {
          ...(following ? { following } : {}),
          status: 'ok',
          posts,
          complete: !capped || oldest !== null,
          coveredFrom,
          ...(capped ? { message: stopped ?? `stopped after ${pages} page(s); older posts were not read` } : {}),
          requests,
        };
      } catch (e) {
        const message = (e as Error).message;
        ctx.logger.warn({ source: SOURCE, handle: account.handle, err: message }, 'X API collection failed for account');
        return fail(statusOfError(e), message);
      }
    },

    health(): SourceHealth {
      const r = runner.report();
      const alerts: string[] = [];
      if (r.openings > 0)
        alerts.push(
          `x-api: circuit breaker opened ${r.openings} time(s) (${Object.entries(r.lastReasons)
            .map(([k, v]) => `${k} x${v}`)
            .join(', ')}); ${r.refused} request(s) not sent`,
        );
      if (budget.exhausted) alerts.push(budget.exhausted);
      return { alerts, details: { politeness: r, calls: client?.calls.length ?? 0, ...stats } };
    },
  };
}
