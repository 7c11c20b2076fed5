import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Logger } from '../../../log/logger.ts';
import { ApiBudget } from '../../api/api-budget.ts';
import { OverBudgetError, failedCollection, statusOfError } from '../../collect-errors.ts';
import { egressName, proxyFetchInit, type EgressSettings } from '../../politeness/egress.ts';
import { PoliteRunner, type PoliteDeps } from '../../politeness/polite-runner.ts';
import type { PolitenessStore } from '../../politeness/politeness-store.ts';
import { API_POLITENESS, resolvePoliteness, type PolitenessSettings } from '../../politeness/politeness.settings.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, CollectContext, CollectStatus, EvidenceMode, Source, SourceHealth } from '../../source.ts';
import { TikTokResearchClient } from './tiktok-research.client.ts';
import { parseCommentPage, parseUserInfo, parseVideoPage, videoToPost, type TikTokComment } from './tiktok-research.parse.ts';

export interface TikTokResearchSourceOptions {
  clientKey: string;
  clientSecret: string;
  /** @default 'https://open.tiktokapis.com' */
  baseUrl?: string;
  /** Video URLs are built on this site. @default 'https://www.tiktok.com' */
  postUrlBase?: string;
  /** How far back the first collection of an account reads. @default 90 days */
  maxHistoryDays?: number;
  /** @default 3 days */
  lookBackMs?: number;
  /** Comments kept (in the video's raw record) per video with comments; 0 = none. @default 0 */
  commentsPerVideo?: number;
  /** Requests per UTC day, all pipelines on this client together. @default 1000 (TikTok's documented daily limit) */
  dailyRequestCap?: number;
  /** Records (videos + comments) per UTC day. @default 100000 (TikTok's documented daily limit) */
  dailyRecordCap?: number;
  evidence?: Exclude<EvidenceMode, 'all'>;
  politeness?: Partial<PolitenessSettings>;
  egress?: EgressSettings;
  store?: PolitenessStore;
  db?: Kysely<Database>;
  logger?: Logger;
  deps?: PoliteDeps;
  fetch?: typeof fetch;
  /** The clock the listing window is measured from (tests). @default now */
  now?: () => Date;
}

const SOURCE = 'tiktok-research';
const VIDEO_FIELDS =
  'id,username,create_time,video_description,voice_to_text,region_code,hashtag_names,comment_count,like_count,share_count,view_count';
const COMMENT_FIELDS = 'id,video_id,text,create_time,like_count,reply_count,parent_comment_id';
const DAY = 86_400_000;
const ymd = (d: Date) => d.toISOString().slice(0, 10).replace(/-/g, '');

/**
 * TikTok's Research API (sanctioned access for approved researchers): an account's public
 * videos by username, 30 days per query (the API's maximum span), with their descriptions, and
 * optionally the top comments of each video. The API does not say who wrote a comment, so
 * comments are kept as context in the video's raw record, never as posts of the account. Its
 * data can lag and leaves some videos out, so a listing is never taken as complete: deletions
 * are not inferred from it.
 */
export function openTikTokResearchSource(o: TikTokResearchSourceOptions): Source {
  // One research client: 1,000 requests a day, so the default pace spreads them (60 a minute at most).
  const settings = resolvePoliteness({ ...API_POLITENESS, intervalMs: 60_000, intervalCap: 60 }, o.politeness);
  const runner = new PoliteRunner(SOURCE, settings, {
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.store ? { store: o.store } : {}),
    egress: egressName(o.egress),
    ...o.deps,
  });
  let client: TikTokResearchClient | undefined;
  const clientOf = async () =>
    (client ??= new TikTokResearchClient({
      baseUrl: o.baseUrl ?? 'https://open.tiktokapis.com',
      clientKey: o.clientKey,
      clientSecret: o.clientSecret,
      runner,
      timeoutMs: settings.timeoutMs,
      maxWaitMs: settings.maxRetryAfterMs,
      init: await proxyFetchInit(o.egress),
      ...(o.fetch ? { fetch: o.fetch } : {}),
    }));
  const budget = new ApiBudget({
    sourceKey: `${SOURCE}:${o.clientKey}`,
    caps: [
      { unit: 'requests', cap: o.dailyRequestCap ?? 1000, period: 'day', label: 'requests' },
      { unit: 'records', cap: o.dailyRecordCap ?? 100_000, period: 'day', label: 'records' },
    ],
    ...(o.db ? { db: o.db } : {}),
  });
  const postUrlBase = o.postUrlBase ?? 'https://www.tiktok.com';
  const history = (o.maxHistoryDays ?? 90) * DAY;
  const commentsPerVideo = o.commentsPerVideo ?? 0;

  /** One budgeted request: a request and up to `records` records reserved first, the unused part given back. */
  async function call(
    path: string,
    fields: string,
    body: Record<string, unknown>,
    records: number,
    count: (json: unknown) => number,
    signal?: AbortSignal,
  ): Promise<unknown> {
    await budget.reserve('requests', 1);
    const got = await budget.reserve('records', records, 1);
    let json: unknown;
    try {
      json = await (
        await clientOf()
      ).post(
        path,
        fields,
        { ...body, ...(body['max_count'] !== undefined ? { max_count: Math.min(Number(body['max_count']), got) } : {}) },
        signal,
      );
    } catch (e) {
      await budget.settle('records', got, 0);
      throw e;
    }
    await budget.settle('records', got, count(json));
    return json;
  }

  return {
    id: SOURCE,
    platforms: ['tiktok'],
    lookBackMs: o.lookBackMs ?? 3 * DAY,
    evidenceMode: o.evidence ?? 'flagged',

    async collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection> {
      let requests = 0;
      const fail = (status: CollectStatus, message: string) => failedCollection(status, message, requests);
      try {
        if (budget.exhausted) return fail('over_budget', budget.exhausted);
        const now = o.now?.() ?? new Date();
        const floor = new Date(Math.max(now.getTime() - history, ctx.stopBefore?.getTime() ?? 0));
        const posts: RawPost[] = [];
        let stopped: string | undefined;
        // 30-day windows, newest first, back to the floor.
        windows: for (let end = now; end.getTime() >= floor.getTime() - DAY; end = new Date(end.getTime() - 30 * DAY)) {
          const start = new Date(Math.max(end.getTime() - 29 * DAY, floor.getTime()));
          let cursor: number | null = null;
          let searchId: string | null = null;
          for (;;) {
            requests++;
            let page: ReturnType<typeof parseVideoPage>;
            try {
              const json = await call(
                '/v2/research/video/query/',
                VIDEO_FIELDS,
                {
                  query: { and: [{ operation: 'EQ', field_name: 'username', field_values: [account.handle] }] },
                  start_date: ymd(start),
                  end_date: ymd(end),
                  max_count: 100,
                  ...(cursor !== null ? { cursor } : {}),
                  ...(searchId ? { search_id: searchId } : {}),
                },
                100,
                (j) => parseVideoPage(j).videos.length,
                ctx.signal,
              );
              page = parseVideoPage(json);
            } catch (e) {
              if (e instanceof OverBudgetError && posts.length > 0) {
                stopped = e.message;
                break windows;
              }
              throw e;
            }
            if (page.error.code !== 'ok') return fail('error', `TikTok Research API: ${page.error.code}: ${page.error.message}`);
            for (const v of page.videos) posts.push(videoToPost(v, account.handle, postUrlBase));
            if (!page.hasMore || page.cursor === null) break;
            cursor = page.cursor;
            searchId = page.searchId;
          }
          if (start.getTime() <= floor.getTime()) break;
        }

        if (posts.length === 0 && !stopped) {
          // Nothing in the span: tell an unknown or private account from a quiet one.
          requests++;
          const info = parseUserInfo(
            await call(
              '/v2/research/user/info/',
              'display_name,is_private,video_count',
              { username: account.handle },
              1,
              () => 1,
              ctx.signal,
            ),
          );
          if (!info.user)
            return fail(
              /not.?found|not.?exist|invalid/i.test(`${info.error.code} ${info.error.message}`) ? 'not_found' : 'error',
              `TikTok Research API: ${info.error.code}: ${info.error.message || 'no such user'}`,
            );
          if (info.user.isPrivate) return fail('private', 'TikTok Research API: the account is private: its videos are not public');
        }

        if (commentsPerVideo > 0) {
          for (const p of posts) {
            const raw = p.raw as { comment_count?: number; comments?: TikTokComment[]; comments_note?: string };
            if (!raw.comment_count) continue;
            requests++;
            try {
              const json = await call(
                '/v2/research/video/comment/list/',
                COMMENT_FIELDS,
                { video_id: p.externalId, max_count: Math.min(100, commentsPerVideo) },
                Math.min(100, commentsPerVideo),
                (j) => parseCommentPage(j).comments.length,
                ctx.signal,
              );
              raw.comments = parseCommentPage(json).comments;
              raw.comments_note = 'Comments on the video by anyone: the Research API does not name their authors.';
            } catch (e) {
              if (e instanceof OverBudgetError) {
                stopped = e.message;
                break;
              }
              throw e;
            }
          }
        }
        return {
          status: 'ok',
          posts,
          // Never complete: the Research API lags and leaves some videos out (deletions are not inferred from it).
          complete: false,
          message: stopped ?? 'TikTok Research API listing: not treated as complete (deletions are checked on the post pages only)',
          requests,
        };
      } catch (e) {
        const message = (e as Error).message;
        ctx.logger.warn({ source: SOURCE, handle: account.handle, err: message }, 'TikTok Research API collection failed for account');
        return fail(statusOfError(e), message);
      }
    },

    health(): SourceHealth {
      const r = runner.report();
      const alerts: string[] = [];
      if (r.openings > 0) alerts.push(`${SOURCE}: circuit breaker opened ${r.openings} time(s); ${r.refused} request(s) not sent`);
      if (budget.exhausted) alerts.push(budget.exhausted);
      return { alerts, details: { politeness: r, calls: client?.calls.length ?? 0 } };
    },
  };
}
