import type { Logger } from '../../log/logger.ts';
import { acquireBrowser, contextOptions, PagePool, type BrowserLease } from '../browser.ts';
import { failedCollection, statusOfError } from '../collect-errors.ts';
import { collectorVersion } from '../evidence/capture-time.ts';
import type { CapturedFile, EvidenceStore } from '../evidence/evidence-store.ts';
import { archivePage, screenshotElement } from '../evidence/page-capture.ts';
import { egressName, playwrightProxy, type EgressSettings } from '../politeness/egress.ts';
import { PoliteRunner, type PoliteDeps } from '../politeness/polite-runner.ts';
import type { PolitenessStore } from '../politeness/politeness-store.ts';
import { resolvePoliteness, WEB_POLITENESS, type PolitenessSettings } from '../politeness/politeness.settings.ts';
import {
  REFUSED_STATUSES,
  type AccountCollection,
  type AccountRef,
  type CollectContext,
  type CollectStatus,
  type EvidenceMode,
  type RemovalCheck,
  type Source,
  type SourceHealth,
} from '../source.ts';
import { PageActivity } from './page-activity.ts';
import type { ParsedPost, WebAdapter } from './web-adapter.ts';
import { readListing } from './web-listing.ts';
import { gotoChecked, LayoutChangedError, STATE_STATUS } from './web-page.ts';

export interface WebSourceOptions {
  adapter: WebAdapter;
  /** Debian's Chromium (config `chromiumPath`). */
  chromiumPath: string;
  /** Another site than the platform's (a replica, a mirror); default: the account's profile URL. */
  baseUrl?: string;
  politeness?: Partial<PolitenessSettings>;
  /** @default 'flagged' */
  evidence?: EvidenceMode;
  /** Where evidence goes; required for `evidence: all` and for `capturePost`. */
  evidenceStore?: EvidenceStore;
  /** Re-read this far behind the cursor on every re-scan. @default 3 days */
  lookBackMs?: number;
  /** Posts read per account per scan at most. @default 200 */
  maxPosts?: number;
  /** Scrolls or clicks per account per scan at most. @default 40 */
  maxLoads?: number;
  /** The network must be idle this long before a page counts as loaded. @default 400 */
  quietMs?: number;
  userAgent?: string;
  /** A proxy and a name for the egress (each egress keeps its own pace). */
  egress?: EgressSettings;
  /** Shared politeness state (PostgreSQL); default: this source's own memory. */
  store?: PolitenessStore;
  logger?: Logger;
  deps?: PoliteDeps;
}

/** What capturing a single post's page found, with the evidence files taken. */
export interface PostCapture {
  status: CollectStatus | 'removed';
  post: ParsedPost | null;
  /** The page captured (after redirects). */
  url: string;
  capturedAt: Date;
  collector: string;
  files: { kind: 'screenshot' | 'page-mhtml' | 'removal-page'; file: CapturedFile; details?: Record<string, unknown> }[];
  message?: string;
}

/** A web source: a Source, plus single-post capture for `netra capture` and flagged evidence. */
export interface WebSource extends Source {
  readonly adapter: WebAdapter;
  readonly runner: PoliteRunner;
  /**
   * Open a post's own page. `ok`: the post, screenshotted and archived (unless `keepIfPresent`
   * is false); `removed`: the "not available" page, archived.
   */
  capturePost(url: string, opts?: { signal?: AbortSignal; keepIfPresent?: boolean }): Promise<PostCapture>;
  close(): Promise<void>;
}

export const DEFAULT_LOOK_BACK_MS = 3 * 86_400_000;

/** One platform's public pages through Chromium, politely. Chromium starts on first use. */
export function openWebSource(o: WebSourceOptions): WebSource {
  const { adapter } = o;
  const id = `${adapter.platform}-web`;
  const settings = resolvePoliteness(WEB_POLITENESS, o.politeness);
  const runner = new PoliteRunner(adapter.platform, settings, {
    ...(o.logger ? { logger: o.logger } : {}),
    ...(o.store ? { store: o.store } : {}),
    egress: egressName(o.egress),
    ...o.deps,
  });
  const mode = o.evidence ?? 'flagged';
  if (mode === 'all' && !o.evidenceStore) throw new Error(`${id}: evidence: all needs an evidence store`);
  let lease: BrowserLease | undefined;
  let pool: Promise<PagePool> | undefined;
  let collector = collectorVersion(id);
  const pages = () =>
    (pool ??= (async () => {
      lease = await acquireBrowser(o.chromiumPath);
      collector = collectorVersion(id, lease.browser.version());
      const proxy = playwrightProxy(o.egress);
      const context = await lease.browser.newContext({ ...contextOptions(o.userAgent), ...(proxy ? { proxy } : {}) });
      return new PagePool(context, settings.concurrency);
    })().catch((e: unknown) => {
      pool = undefined;
      throw e;
    }));

  const profileUrl = (a: AccountRef) =>
    o.baseUrl ? adapter.profileUrl(o.baseUrl, a.handle) : a.profileUrl || adapter.profileUrl(adapter.defaultBaseUrl, a.handle);

  return {
    id,
    platforms: [adapter.platform],
    lookBackMs: o.lookBackMs ?? DEFAULT_LOOK_BACK_MS,
    evidenceMode: mode,
    adapter,
    runner,

    async collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection> {
      const url = profileUrl(account);
      let requests = 0;
      try {
        const pool = await pages();
        const r = await runner.run(
          url,
          async () => {
            requests++;
            return pool.use((page) =>
              readListing(page, url, account.handle, ctx, {
                adapter,
                timeoutMs: settings.timeoutMs,
                quietMs: o.quietMs ?? 400,
                maxPosts: o.maxPosts ?? 200,
                maxLoads: o.maxLoads ?? 40,
                pace: (signal) => runner.pace(signal),
                ...(mode === 'all' && o.evidenceStore ? { evidence: { store: o.evidenceStore, collector, sourceId: id } } : {}),
              }),
            );
          },
          // Walls, checks and refusals met while listing (even after posts loaded) feed the breaker.
          {
            ...(ctx.signal ? { signal: ctx.signal } : {}),
            isBlocked: (res) => (REFUSED_STATUSES.includes(res.status) ? res.status : null),
          },
        );
        return { ...r, requests };
      } catch (e) {
        const message = e instanceof LayoutChangedError ? e.message : `${(e as Error).message}`;
        ctx.logger.warn({ source: id, handle: account.handle, url, err: message }, 'web collection failed for account');
        return failedCollection(statusOfError(e), message, requests);
      }
    },

    async confirmRemoved(post, ctx): Promise<RemovalCheck> {
      if (!post.url) return { outcome: 'unknown', message: 'the post has no URL to visit' };
      if (!o.evidenceStore) return { outcome: 'unknown', message: `${id}: no evidence store to keep the removal page in` };
      let cap: PostCapture;
      try {
        cap = await this.capturePost(post.url, { ...(ctx.signal ? { signal: ctx.signal } : {}), keepIfPresent: false });
      } catch (e) {
        return { outcome: 'unknown', message: (e as Error).message };
      }
      if (cap.status === 'removed')
        return {
          outcome: 'removed',
          message: `${cap.url} says the post is gone`,
          evidence: cap.files.map((f) => ({
            externalId: post.externalId,
            platform: post.platform,
            kind: f.kind,
            file: f.file,
            url: cap.url,
            capturedAt: cap.capturedAt,
            collector: cap.collector,
            details: { reason: 'the post page confirms the removal', ...f.details },
          })),
        };
      if (cap.status === 'ok') return { outcome: 'present', message: `${cap.url} still shows the post` };
      return { outcome: 'unknown', message: `${cap.url}: ${cap.message ?? cap.status}` };
    },

    async capturePost(url: string, opts: { signal?: AbortSignal; keepIfPresent?: boolean } = {}): Promise<PostCapture> {
      const store = o.evidenceStore;
      if (!store) throw new Error(`${id}: capturing a post needs an evidence store`);
      const pool = await pages();
      return runner.run(
        url,
        () =>
          pool.use(async (page) => {
            const activity = new PageActivity(page);
            try {
              await gotoChecked(page, url, settings.timeoutMs);
              await page
                .waitForSelector(adapter.readySelector, { state: 'attached', timeout: Math.min(settings.timeoutMs, 15_000) })
                .catch(() => undefined);
              await activity.quiet(o.quietMs ?? 400, settings.timeoutMs);
              const parsed = adapter.parsePost(await page.content(), page.url());
              const capturedAt = new Date();
              const base = { url: page.url(), capturedAt, collector };
              if (parsed.state !== 'ok') {
                // The page that says "removed" is itself worth keeping: it dates the removal.
                const file = await archivePage(page, store);
                const s = STATE_STATUS[parsed.state];
                return {
                  ...base,
                  status: parsed.state === 'removed' ? 'removed' : s.status,
                  post: null,
                  files: [{ kind: 'removal-page' as const, file }],
                  message: s.message,
                };
              }
              const post = parsed.posts[0];
              if (!parsed.recognised || !post)
                throw new LayoutChangedError(
                  `${adapter.platform}: cannot read the post at ${page.url()} (${parsed.skipped[0] ?? 'layout changed?'})`,
                );
              if (opts.keepIfPresent === false) return { ...base, status: 'ok' as const, post, files: [] };
              const selector = adapter.postSelector(post, true);
              const shot = await screenshotElement(
                page,
                selector,
                { url: post.url ?? page.url(), capturedAt, collector, platform: post.platform, externalId: post.externalId },
                store,
                settings.timeoutMs,
              );
              const mhtml = await archivePage(page, store);
              const files: PostCapture['files'] = [];
              if (shot) files.push({ kind: 'screenshot', file: shot, details: { selector } });
              files.push({ kind: 'page-mhtml', file: mhtml });
              return { ...base, status: 'ok' as const, post, files };
            } finally {
              activity.dispose();
            }
          }),
        {
          ...(opts.signal ? { signal: opts.signal } : {}),
          isBlocked: (r) => (r.status !== 'removed' && REFUSED_STATUSES.includes(r.status) ? r.status : null),
        },
      );
    },

    health(): SourceHealth {
      const r = runner.report();
      const alerts: string[] = [];
      if (r.openings > 0) {
        const reasons = Object.entries(r.lastReasons)
          .map(([k, v]) => `${k} x${v}`)
          .join(', ');
        alerts.push(
          `${id}: circuit breaker opened ${r.openings} time(s) after repeated blocks (${reasons}); ${adapter.platform} ${r.openUntil ? `paused until ${r.openUntil.toISOString()}` : 'was paused'}; ${r.refused} request(s) not sent`,
        );
      }
      return { alerts, details: { politeness: r } };
    },

    async close() {
      const p = pool;
      pool = undefined;
      if (p) await (await p.catch(() => undefined))?.close();
      await lease?.release();
      lease = undefined;
    },
  };
}
