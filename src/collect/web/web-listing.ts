import type { Page } from 'playwright-core';
import { contentSha256 } from '../../domain/raw-post.ts';
import type { AccountCollection, CollectContext, CollectedEvidence } from '../source.ts';
import { archivePage, screenshotElement } from '../evidence/page-capture.ts';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import type { LoadMore, ParsedPage, ParsedPost, WebAdapter } from './web-adapter.ts';
import { PageActivity } from './page-activity.ts';
import { gotoChecked, LayoutChangedError, STATE_STATUS } from './web-page.ts';

export interface ListingOptions {
  adapter: WebAdapter;
  timeoutMs: number;
  quietMs: number;
  maxPosts: number;
  maxLoads: number;
  /** Called before each "load more": the politeness pause and rate limit for that request. */
  pace?: (signal?: AbortSignal) => Promise<void>;
  /** Capture evidence of new and changed posts while listing (`evidence: all`). */
  evidence?: { store: EvidenceStore; collector: string; sourceId: string };
}

/** Throw when a page that should list posts cannot be read: a silent zero would hide a layout change. */
function checkShape(p: ParsedPage, url: string, platform: string): void {
  if (!p.recognised) throw new LayoutChangedError(`${platform}: the page at ${url} does not look like a profile page any more (layout changed? update src/collect/sources/${platform}/${platform}.parse.ts)`);
  if (p.containers > 0 && p.posts.length === 0)
    throw new LayoutChangedError(`${platform}: ${p.containers} post(s) on ${url} but none could be read (${p.skipped[0] ?? 'unknown reason'}); update src/collect/sources/${platform}/${platform}.parse.ts`);
}

async function loadMore(page: Page, more: Exclude<LoadMore, null>, timeoutMs: number): Promise<void> {
  if (more.kind === 'scroll') await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight));
  else if (more.kind === 'click') {
    const button = page.locator(more.selector).first();
    // A login banner fixed over the bottom of the page can cover the button: then the click
    // event goes to the button itself instead of waiting for a banner that never moves.
    const covered = await button.evaluate((el) => {
      el.scrollIntoView({ block: 'center' });
      const r = el.getBoundingClientRect();
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return !(top && (top === el || el.contains(top)));
    });
    if (covered) await button.dispatchEvent('click', undefined, { timeout: timeoutMs });
    else await button.click({ timeout: timeoutMs });
  }
  else await page.goto(more.url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
}

/**
 * Read an account's listing page in the browser: load it, parse it, load more (scroll, button,
 * link) until the cursor's look-back bound, the end of the listing, or the caps, and say how far
 * back the listing is complete. Evidence of new and changed posts is taken as they appear.
 */
export async function readListing(page: Page, url: string, handle: string, ctx: CollectContext, o: ListingOptions): Promise<AccountCollection> {
  const { adapter } = o;
  const activity = new PageActivity(page);
  const evidence: CollectedEvidence[] = [];
  const got = new Map<string, ParsedPost>();
  try {
    await gotoChecked(page, url, o.timeoutMs);
    await page.waitForSelector(adapter.readySelector, { state: 'attached', timeout: Math.min(o.timeoutMs, 15_000) }).catch(() => undefined);
    await activity.quiet(o.quietMs, o.timeoutMs);
    let parsed = adapter.parseProfile(await page.content(), page.url(), handle);
    if (parsed.state !== 'ok') {
      const s = STATE_STATUS[parsed.state];
      return { status: s.status, posts: [], complete: false, message: `${s.message} (${page.url()})` };
    }
    checkShape(parsed, page.url(), adapter.platform);

    const add = (posts: ParsedPost[]) => posts.filter((p) => !got.has(p.externalId) && (got.set(p.externalId, p), true));
    const capture = async (fresh: ParsedPost[]) => {
      if (!o.evidence) return;
      const needs = fresh.filter((p) => ctx.known?.get(p.externalId) !== contentSha256(p.text));
      if (needs.length === 0) return;
      const capturedAt = new Date();
      for (const p of needs) {
        const file = await screenshotElement(
          page,
          adapter.postSelector(p.externalId, false),
          { url: p.url ?? page.url(), capturedAt, collector: o.evidence.collector, platform: p.platform, externalId: p.externalId },
          o.evidence.store,
          o.timeoutMs,
        );
        if (file) evidence.push({ externalId: p.externalId, platform: p.platform, kind: 'screenshot', file, url: p.url ?? page.url(), capturedAt, collector: o.evidence.collector, details: { selector: adapter.postSelector(p.externalId, false), pageUrl: page.url() } });
      }
      // One archive of the page as it stands holds every post just shot.
      const mhtml = await archivePage(page, o.evidence.store);
      for (const p of needs) evidence.push({ externalId: p.externalId, platform: p.platform, kind: 'page-mhtml', file: mhtml, url: page.url(), capturedAt, collector: o.evidence.collector });
    };

    await capture(add(parsed.posts));
    let complete = false;
    let coveredFrom: Date | null | undefined;
    let message: string | undefined;
    let confirming = false;
    for (let loads = 0; ; loads++) {
      ctx.signal?.throwIfAborted();
      const times = [...got.values()].filter((p) => !p.pinned && p.postedAt).map((p) => p.postedAt!.getTime());
      const oldest = times.length > 0 ? new Date(Math.min(...times)) : undefined;
      // Listings are newest first (pinned posts aside): once a post older than the bound is in,
      // every newer post has been seen.
      if (ctx.stopBefore && oldest && oldest < ctx.stopBefore) {
        complete = true;
        break;
      }
      if (got.size >= o.maxPosts || loads >= o.maxLoads) {
        complete = oldest !== undefined;
        coveredFrom = oldest;
        message = `stopped after ${got.size} posts (${got.size >= o.maxPosts ? 'maxPosts' : 'maxLoads'}); older posts were not read`;
        break;
      }
      if (!parsed.more) {
        complete = true;
        coveredFrom = null;
        break;
      }
      const before = await page.locator(adapter.postsSelector).count();
      await o.pace?.(ctx.signal);
      await loadMore(page, parsed.more, o.timeoutMs);
      // Let the page's own scroll/click handlers run before listening for the network.
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      // "Nothing more" decides what may be marked deleted: before believing it, try once more
      // and wait longer, so a busy machine's slow start of a fetch is not taken for the end.
      const quiet = confirming ? Math.max(o.quietMs * 4, 1000) : o.quietMs;
      const outcome = parsed.more.kind === 'link' ? 'grew' : await activity.growthOrQuiet(adapter.postsSelector, before, quiet, o.timeoutMs);
      parsed = adapter.parseProfile(await page.content(), page.url(), handle);
      if (parsed.state !== 'ok') {
        message = `loading older posts met a ${parsed.state.replace('_', ' ')}; listing incomplete`;
        break;
      }
      const fresh = add(parsed.posts);
      await capture(fresh);
      if (fresh.length === 0) {
        if (parsed.loadFailed || outcome === 'timeout') {
          message = `loading older posts failed after ${got.size} posts; listing incomplete`;
          break;
        }
        if (!confirming && parsed.more) {
          confirming = true;
          continue;
        }
        complete = true;
        coveredFrom = null;
        break;
      }
      confirming = false;
    }
    return {
      status: 'ok',
      posts: [...got.values()],
      complete,
      ...(coveredFrom !== undefined ? { coveredFrom } : {}),
      ...(message ? { message } : {}),
      ...(evidence.length > 0 ? { evidence } : {}),
    };
  } finally {
    activity.dispose();
  }
}
