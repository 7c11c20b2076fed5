import type { Page } from 'playwright-core';
import { contentSha256 } from '../../domain/raw-post.ts';
import type { AccountCollection, CollectContext, CollectedEvidence, IncompleteReason } from '../source.ts';
import { archivePage, screenshotElement } from '../evidence/page-capture.ts';
import type { EvidenceStore } from '../evidence/evidence-store.ts';
import {
  barrierOfStatus,
  type Barrier,
  type FeedChunk,
  type LoadMore,
  type ParsedPage,
  type ParsedPost,
  type WebAdapter,
} from './web-adapter.ts';
import { FeedWatcher } from './feed-watcher.ts';
import { PageActivity } from './page-activity.ts';
import { gotoChecked, LayoutChangedError, STATE_STATUS, statusOfBarrier } from './web-page.ts';

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
  } else await page.goto(more.url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
}

/** Non-pinned posts in listing order must be newest first for a `time` listing to be trusted. */
function inTimeOrder(posts: readonly ParsedPost[]): boolean {
  let last = Infinity;
  for (const p of posts) {
    if (p.pinned || !p.postedAt) continue;
    const t = p.postedAt.getTime();
    if (t > last) return false;
    last = t;
  }
  return true;
}

const UNORDERED = (platform: string) =>
  `logged-out ${platform === 'x' ? 'X lists' : `${platform} listed`} this profile's posts by popularity, not by time: the listing is not complete and no post is inferred deleted from it${platform === 'x' ? '; use the x-api source for X' : ''}`;

/**
 * Read an account's listing in the browser. Posts come from the platform's own JSON (the feed
 * responses the page fetches, and JSON embedded in the page) when it is seen, else from the
 * drawn page. The listing loads older posts (scroll, button, link) until the cursor's look-back
 * bound, the caps, a real end of feed, or a barrier: a login dialog, a check, a warning page or
 * a refused feed request, found wherever it appears, also after posts loaded. Only a real end of
 * feed (or the bound, on a time-ordered listing) makes a listing complete.
 */
export async function readListing(
  page: Page,
  url: string,
  handle: string,
  ctx: CollectContext,
  o: ListingOptions,
): Promise<AccountCollection> {
  const { adapter } = o;
  const activity = new PageActivity(page);
  const feed = new FeedWatcher(page, (u) => adapter.isFeedRequest(u));
  const evidence: CollectedEvidence[] = [];
  const fromJson = new Map<string, ParsedPost>();
  const fromDom = new Map<string, ParsedPost>();
  let sawFeed = false;
  let end = false;
  // Set from closures as responses and pages are read (the cast keeps TypeScript from narrowing it to null).
  let barrier = null as Barrier | null;

  const absorb = (into: Map<string, ParsedPost>, posts: readonly ParsedPost[]) =>
    posts.filter((p) => !into.has(p.externalId) && (into.set(p.externalId, p), true));
  const absorbChunk = (c: FeedChunk | null, where: string): ParsedPost[] => {
    if (!c) return [];
    if (c.barrier) barrier ??= c.barrier;
    if (!c.recognised && !c.barrier)
      throw new LayoutChangedError(
        `${adapter.platform}: ${where} is not shaped as expected any more (update src/collect/sources/${adapter.platform}/)`,
      );
    sawFeed = true;
    if (c.end && !c.barrier) end = true;
    return absorb(fromJson, c.posts);
  };
  const takeFeed = async (): Promise<ParsedPost[]> => {
    const fresh: ParsedPost[] = [];
    for (const r of await feed.take()) {
      const chunk = r.unread
        ? {
            posts: [],
            end: false,
            barrier: barrierOfStatus(r.status) ?? { kind: 'blocked' as const, detail: `HTTP ${r.status} on the feed request` },
            recognised: true,
          }
        : adapter.parseFeed(r, page.url(), handle);
      fresh.push(...absorbChunk(chunk, `the feed response from ${r.url.split('?')[0]}`));
    }
    return fresh;
  };
  /** The page as drawn now: its state and barrier, and its posts for the fallback. */
  const readPage = (parsed: ParsedPage): ParsedPost[] => {
    if (parsed.state !== 'ok')
      barrier ??= parsed.barrier ?? {
        kind: parsed.state === 'challenge' || parsed.state === 'interstitial' ? parsed.state : 'login_wall',
        detail: STATE_STATUS[parsed.state].message,
      };
    else if (parsed.barrier) barrier ??= parsed.barrier;
    return absorb(fromDom, parsed.posts);
  };

  try {
    await gotoChecked(page, url, o.timeoutMs);
    await page.waitForSelector(adapter.readySelector, { state: 'attached', timeout: Math.min(o.timeoutMs, 15_000) }).catch(() => undefined);
    await activity.quiet(o.quietMs, o.timeoutMs);
    let html = await page.content();
    let parsed = adapter.parseProfile(html, page.url(), handle);
    if (parsed.state !== 'ok') {
      const s = STATE_STATUS[parsed.state];
      return { status: s.status, posts: [], complete: false, message: `${parsed.barrier?.detail ?? s.message} (${page.url()})` };
    }
    const freshJson = [
      ...absorbChunk(adapter.parseEmbedded?.(html, page.url(), handle) ?? null, 'the JSON embedded in the page'),
      ...(await takeFeed()),
    ];
    const freshDom = readPage(parsed);

    const current = () => [...(sawFeed ? fromJson : fromDom).values()];
    const capture = async (fresh: ParsedPost[]) => {
      if (!o.evidence) return;
      const needs = fresh.filter((p) => ctx.known?.get(p.externalId) !== contentSha256(p.text));
      if (needs.length === 0) return;
      const capturedAt = new Date();
      for (const p of needs) {
        const selector = adapter.postSelector(p, false);
        const file = await screenshotElement(
          page,
          selector,
          { url: p.url ?? page.url(), capturedAt, collector: o.evidence.collector, platform: p.platform, externalId: p.externalId },
          o.evidence.store,
          o.timeoutMs,
        );
        if (file)
          evidence.push({
            externalId: p.externalId,
            platform: p.platform,
            kind: 'screenshot',
            file,
            url: p.url ?? page.url(),
            capturedAt,
            collector: o.evidence.collector,
            details: { selector, pageUrl: page.url() },
          });
      }
      // One archive of the page as it stands holds every post just shot.
      const mhtml = await archivePage(page, o.evidence.store);
      for (const p of needs)
        evidence.push({
          externalId: p.externalId,
          platform: p.platform,
          kind: 'page-mhtml',
          file: mhtml,
          url: page.url(),
          capturedAt,
          collector: o.evidence.collector,
        });
    };
    await capture(sawFeed ? freshJson : freshDom);

    let complete = false;
    let coveredFrom: Date | null | undefined;
    let incomplete: IncompleteReason | undefined;
    let message: string | undefined;
    let confirming = false;
    for (let loads = 0; ; loads++) {
      ctx.signal?.throwIfAborted();
      if (barrier) break;
      const posts = current();
      if (adapter.listingOrder === 'relevance' || !inTimeOrder(posts)) incomplete = 'unordered';
      const times = posts.filter((p) => !p.pinned && p.postedAt).map((p) => p.postedAt!.getTime());
      const oldest = times.length > 0 ? new Date(Math.min(...times)) : undefined;
      // A time-ordered listing (pinned posts aside): once a post older than the bound is in, every newer post has been seen.
      if (incomplete !== 'unordered' && ctx.stopBefore && oldest && oldest < ctx.stopBefore) {
        complete = sawFeed;
        if (!sawFeed) incomplete = 'dom_only';
        break;
      }
      if (end) {
        complete = incomplete !== 'unordered';
        if (complete) coveredFrom = null;
        break;
      }
      if (posts.length >= o.maxPosts || loads >= o.maxLoads) {
        incomplete ??= 'caps';
        // Newest first down to the oldest post read: complete for that span, on a time-ordered feed.
        if (incomplete === 'caps' && sawFeed && oldest) {
          complete = true;
          coveredFrom = oldest;
        }
        message = `stopped after ${posts.length} posts (${posts.length >= o.maxPosts ? 'maxPosts' : 'maxLoads'}); older posts were not read`;
        break;
      }
      if (!parsed.more) {
        incomplete ??= sawFeed ? 'no_end' : 'dom_only';
        break;
      }
      const before = await page.locator(adapter.postsSelector).count();
      const received = feed.received;
      await o.pace?.(ctx.signal);
      await loadMore(page, parsed.more, o.timeoutMs);
      // Let the page's own scroll/click handlers run before listening for the network.
      await page.evaluate(() => new Promise<void>((r) => requestAnimationFrame(() => setTimeout(r, 0))));
      // "Nothing more" is never taken for the end without a second, longer wait.
      const quiet = confirming ? Math.max(o.quietMs * 4, 1000) : o.quietMs;
      const outcome =
        parsed.more.kind === 'link'
          ? 'grew'
          : await activity.growthOrQuiet(adapter.postsSelector, before, quiet, o.timeoutMs, () => feed.received > received);
      html = await page.content();
      parsed = adapter.parseProfile(html, page.url(), handle);
      const freshDomNow = readPage(parsed);
      const freshJsonNow = await takeFeed();
      const fresh = sawFeed ? freshJsonNow : freshDomNow;
      await capture(fresh);
      if (fresh.length > 0 || end || barrier) {
        confirming = false;
        continue;
      }
      if (parsed.loadFailed || outcome === 'timeout' || feed.failed > 0) {
        incomplete ??= 'no_end';
        message = `loading older posts failed after ${current().length} posts; listing incomplete`;
        break;
      }
      if (!confirming) {
        confirming = true;
        continue;
      }
      incomplete ??= sawFeed ? 'no_end' : 'dom_only';
      break;
    }

    const posts = current();
    if (!sawFeed && fromDom.size === 0) {
      // Nothing from the feed and nothing readable on the page: either truly empty, or the layout changed.
      if (!parsed.recognised)
        throw new LayoutChangedError(
          `${adapter.platform}: the page at ${page.url()} does not look like a profile page any more (layout changed? update src/collect/sources/${adapter.platform}/${adapter.platform}.parse.ts)`,
        );
      if (parsed.containers > 0)
        throw new LayoutChangedError(
          `${adapter.platform}: ${parsed.containers} post(s) on ${page.url()} but none could be read (${parsed.skipped[0] ?? 'unknown reason'}); update src/collect/sources/${adapter.platform}/`,
        );
    }
    const notes: string[] = [];
    if (barrier)
      notes.push(`${barrier.detail} after ${posts.length} post(s); the listing stops there and proves nothing about older posts`);
    if (incomplete === 'unordered') notes.push(UNORDERED(adapter.platform));
    else if (incomplete === 'dom_only' && !barrier)
      notes.push(
        "the platform's feed JSON was not seen (did its web app change?); posts were read from the drawn page, which never proves the end of a listing",
      );
    else if (incomplete === 'no_end' && !barrier && !message)
      notes.push(`the feed stopped after ${posts.length} posts without saying it ended; listing incomplete`);
    if (message) notes.push(message);
    const status = barrier ? statusOfBarrier(barrier) : 'ok';
    const isComplete = complete && !barrier && incomplete !== 'unordered';
    return {
      status,
      posts,
      complete: isComplete,
      ...(isComplete && coveredFrom !== undefined ? { coveredFrom } : {}),
      ...(!isComplete ? { incomplete: barrier ? 'barrier' : (incomplete ?? 'no_end') } : {}),
      ...(notes.length > 0 ? { message: notes.join('; ') } : {}),
      ...(evidence.length > 0 ? { evidence } : {}),
    };
  } finally {
    activity.dispose();
    feed.dispose();
  }
}
