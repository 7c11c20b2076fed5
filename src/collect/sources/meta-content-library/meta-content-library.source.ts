import type { Kysely } from 'kysely';
import type { Database } from '../../../db/schema.ts';
import type { Logger } from '../../../log/logger.ts';
import { getPlatformId, savePlatformIds } from '../../../repositories/platform-ids.repository.ts';
import { ApiBudget } from '../../api/api-budget.ts';
import { JsonApiClient } from '../../api/json-api.client.ts';
import { BlockedError, OverBudgetError, failedCollection, statusOfError } from '../../collect-errors.ts';
import { egressName, proxyFetchInit, type EgressSettings } from '../../politeness/egress.ts';
import { PoliteRunner, type PoliteDeps } from '../../politeness/polite-runner.ts';
import type { PolitenessStore } from '../../politeness/politeness-store.ts';
import { API_POLITENESS, resolvePoliteness, type PolitenessSettings } from '../../politeness/politeness.settings.ts';
import type { RawPost } from '../../../domain/raw-post.ts';
import type { AccountCollection, AccountRef, CollectContext, CollectStatus, Source, SourceHealth } from '../../source.ts';
import { accountFor, mclPostToRaw, parsePage, type MclAccount, type MclPost } from './meta-content-library.parse.ts';

export interface MetaContentLibrarySourceOptions {
  /** The Content Library API endpoint of the deployment's approved environment (no default: Meta gives access per project). */
  baseUrl: string;
  accessToken: string;
  /** @default 180 days */
  maxHistoryDays?: number;
  /** @default 3 days */
  lookBackMs?: number;
  /** Records per rolling 7 days, all pipelines on this token together. @default 500000 (Meta's documented query budget) */
  weeklyRecordCap?: number;
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

const SOURCE = 'meta-content-library';
const POST_FIELDS = 'id,creation_time,modified_time,text,content_type,post_owner,mcl_url';
const DAY = 86_400_000;

/**
 * Meta Content Library API (sanctioned access for approved researchers): the public posts of an
 * Instagram account or a Facebook Page or profile, by the account's Content Library id (found
 * once with an account search on the handle and stored). Content Library holds posts of public
 * accounts over follower thresholds and by original producers only, so a listing is never
 * taken as complete (deletions are not inferred from it).
 */
export function openMetaContentLibrarySource(o: MetaContentLibrarySourceOptions): Source {
  // Meta documents 60 synchronous queries a minute per researcher.
  const settings = resolvePoliteness({ ...API_POLITENESS, intervalMs: 60_000, intervalCap: 60 }, o.politeness);
  const runner = new PoliteRunner(SOURCE, settings, {
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.store ? { store: o.store } : {}),
    egress: egressName(o.egress),
    ...o.deps,
  });
  let http: JsonApiClient | undefined;
  const httpOf = async () =>
    (http ??= new JsonApiClient({
      name: 'Meta Content Library API',
      runner,
      timeoutMs: settings.timeoutMs,
      maxWaitMs: settings.maxRetryAfterMs,
      init: await proxyFetchInit(o.egress),
      ...(o.fetch ? { fetch: o.fetch } : {}),
      classify: (status, body) => {
        if (/budget/i.test(body))
          return new OverBudgetError(
            `Meta Content Library API: query budget exhausted (${body.slice(0, 200)}); it frees up over a rolling 7 days`,
          );
        if (status === 401 || status === 403)
          return new BlockedError(
            `Meta Content Library API refused the token (HTTP ${status}): check NETRA_META_CONTENT_LIBRARY_TOKEN`,
            `http_${status}`,
            'error',
          );
        return undefined;
      },
    }));
  const budget = new ApiBudget({
    sourceKey: SOURCE,
    caps: [{ unit: 'records', cap: o.weeklyRecordCap ?? 500_000, period: 'rolling7', label: 'records' }],
    ...(o.db ? { db: o.db } : {}),
  });
  const memoryIds = new Map<string, string | null>();
  const history = (o.maxHistoryDays ?? 180) * DAY;

  async function get(endpoint: string, params: Record<string, string>, records: number, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${o.baseUrl.replace(/\/$/, '')}/${endpoint}`);
    for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
    const got = await budget.reserve('records', records, 1);
    if (url.searchParams.has('limit')) url.searchParams.set('limit', String(Math.min(Number(url.searchParams.get('limit')), got)));
    try {
      const json = await (
        await httpOf()
      ).request({ endpoint: `GET /${endpoint}`, url, headers: { authorization: `Bearer ${o.accessToken}` } }, signal);
      await budget.settle('records', got, parsePage(json).data.length);
      return json;
    } catch (e) {
      await budget.settle('records', got, 0);
      throw e;
    }
  }

  /** The account's Content Library id: stored, or found by searching accounts for the handle. */
  async function idOf(account: AccountRef, signal?: AbortSignal): Promise<string | null> {
    const key = `${SOURCE}:${account.platform}`;
    if (o.db) {
      const r = await getPlatformId(o.db, account.accountId, key);
      if (r && r.handle === account.handle && (r.status === 'ok' || Date.now() - r.checkedAt.getTime() < DAY)) return r.platformUserId;
    } else if (memoryIds.has(account.handle)) return memoryIds.get(account.handle)!;
    const searches =
      account.platform === 'instagram' ? ['instagram/accounts/preview'] : ['facebook/pages/preview', 'facebook/profiles/preview'];
    let found: MclAccount | undefined;
    for (const path of searches) {
      found = accountFor(
        parsePage<MclAccount>(await get(path, { q: account.handle, fields: 'id,name,username', limit: '25' }, 25, signal)).data,
        account.handle,
      );
      if (found) break;
    }
    const id = found?.id ?? null;
    if (o.db)
      await savePlatformIds(o.db, key, [
        {
          accountId: account.accountId,
          handle: account.handle,
          platformUserId: id,
          status: id ? 'ok' : 'not_found',
          detail: id ? null : 'no public account with this username in Content Library',
          checkedAt: new Date(),
        },
      ]);
    else memoryIds.set(account.handle, id);
    return id;
  }

  return {
    id: SOURCE,
    platforms: ['instagram', 'facebook'],
    lookBackMs: o.lookBackMs ?? 3 * DAY,
    evidenceMode: 'none',

    async collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection> {
      let requests = 0;
      const fail = (status: CollectStatus, message: string) => failedCollection(status, message, requests);
      try {
        if (budget.exhausted) return fail('over_budget', budget.exhausted);
        const id = await idOf(account, ctx.signal);
        if (!id)
          return fail(
            'not_found',
            `Meta Content Library: no public ${account.platform} account @${account.handle} (Content Library holds public accounts over its follower thresholds only)`,
          );
        const since = new Date(Math.max((o.now?.() ?? new Date()).getTime() - history, ctx.stopBefore?.getTime() ?? 0));
        const path = account.platform === 'instagram' ? 'instagram/posts/preview' : 'facebook/posts/preview';
        const idParam = account.platform === 'instagram' ? 'account_ids' : 'surface_ids';
        const posts: RawPost[] = [];
        let after: string | null = null;
        let stopped: string | undefined;
        do {
          requests++;
          let json: unknown;
          try {
            json = await get(
              path,
              {
                [idParam]: id,
                since: since.toISOString().slice(0, 10),
                fields: POST_FIELDS,
                sort: 'newest_to_oldest',
                limit: '100',
                ...(after ? { after } : {}),
              },
              100,
              ctx.signal,
            );
          } catch (e) {
            if (e instanceof OverBudgetError && posts.length > 0) {
              stopped = e.message;
              break;
            }
            throw e;
          }
          const page = parsePage<MclPost>(json);
          if (page.error) return fail('error', `Meta Content Library API: ${page.error}`);
          for (const p of page.data) posts.push(mclPostToRaw(p, account.platform as 'instagram' | 'facebook', account.handle));
          after = page.after;
        } while (after);
        return {
          status: 'ok',
          posts,
          complete: false,
          message: stopped ?? 'Meta Content Library listing: not treated as complete (deletions are checked on the post pages only)',
          requests,
        };
      } catch (e) {
        const message = (e as Error).message;
        ctx.logger.warn({ source: SOURCE, handle: account.handle, err: message }, 'Meta Content Library collection failed for account');
        return fail(statusOfError(e), message);
      }
    },

    health(): SourceHealth {
      const r = runner.report();
      return {
        alerts: [
          ...(r.openings > 0 ? [`${SOURCE}: circuit breaker opened ${r.openings} time(s)`] : []),
          ...(budget.exhausted ? [budget.exhausted] : []),
        ],
        details: { politeness: r },
      };
    },
  };
}
