import type { Page, Request, Response } from 'playwright-core';
import type { FeedResponse } from './web-adapter.ts';

/**
 * Listens to a page's own feed requests (the JSON its web app fetches while scrolling) and
 * keeps each response's status and body: the posts come from there, and so do the refusals a
 * drawn page may not show (401, 429, an empty answer). Attach before the page loads.
 */
export class FeedWatcher {
  private pending: Promise<FeedResponse | null>[] = [];
  /** Feed responses seen so far (taken or not). */
  received = 0;
  /** Feed requests that failed at the network level (no response at all). */
  failed = 0;
  private readonly onResponse = (r: Response) => {
    if (!this.isFeed(r.url())) return;
    this.received++;
    const status = r.status();
    // A body the page never reads (an app that drops error answers unread) may never arrive: wait
    // a while, then keep the status alone. A body that cannot be read is never taken for an
    // empty answer.
    let timer: NodeJS.Timeout | undefined;
    const unread = new Promise<null>((resolve) => (timer = setTimeout(() => resolve(null), this.bodyTimeoutMs)));
    const body = r.text().then(
      (b) => b,
      () => null,
    );
    this.pending.push(
      Promise.race([body, unread]).then((b) => {
        clearTimeout(timer);
        return b === null ? (status >= 400 ? { url: r.url(), status, body: '', unread: true } : null) : { url: r.url(), status, body: b };
      }),
    );
  };
  private readonly onFailed = (r: Request) => {
    if (this.isFeed(r.url())) this.failed++;
  };

  constructor(
    private readonly page: Page,
    private readonly isFeed: (url: string) => boolean,
    private readonly bodyTimeoutMs = 3000,
  ) {
    page.on('response', this.onResponse);
    page.on('requestfailed', this.onFailed);
  }

  /** The responses that arrived since the last call, in arrival order, bodies read. */
  async take(): Promise<FeedResponse[]> {
    const p = this.pending.splice(0);
    return (await Promise.all(p)).filter((r): r is FeedResponse => r !== null);
  }

  dispose(): void {
    this.page.off('response', this.onResponse);
    this.page.off('requestfailed', this.onFailed);
  }
}
