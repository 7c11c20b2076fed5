import type { Page, Request, Response } from 'playwright-core';

/**
 * Watches a page's network to tell "loading more finished" from "nothing more to load": after
 * a scroll or a click, either the post count grows, or the network goes quiet without it.
 * Waiting for a fixed time instead would be slow on fast pages and wrong on slow ones.
 */
export class PageActivity {
  private inflight = new Set<Request>();
  private last = Date.now();
  private readonly onStart = (r: Request) => {
    this.inflight.add(r);
    this.last = Date.now();
  };
  private readonly onEnd = (r: Request) => {
    this.inflight.delete(r);
    this.last = Date.now();
  };
  // A script's fetch counts as answered when its response arrives: a body the page never reads
  // may never "finish", and must not keep the page from ever being quiet.
  private readonly onResponse = (r: Response) => {
    const q = r.request();
    if (q.resourceType() === 'fetch' || q.resourceType() === 'xhr') this.onEnd(q);
  };

  constructor(private readonly page: Page) {
    page.on('request', this.onStart);
    page.on('response', this.onResponse);
    page.on('requestfinished', this.onEnd);
    page.on('requestfailed', this.onEnd);
  }

  /** Count an action (scroll, click) as activity: quiet is measured from it. */
  touch(): void {
    this.last = Date.now();
  }

  private isQuiet(quietMs: number): boolean {
    return this.inflight.size === 0 && Date.now() - this.last >= quietMs;
  }

  /** Wait until no request has been in flight for `quietMs`. Returns false on timeout. */
  async quiet(quietMs: number, timeoutMs: number): Promise<boolean> {
    const end = Date.now() + timeoutMs;
    while (!this.isQuiet(quietMs)) {
      if (Date.now() > end) return false;
      await new Promise((r) => setTimeout(r, 25));
    }
    return true;
  }

  /**
   * After a load-more action: resolves 'grew' once `selector` matches more than `before`
   * elements (or `alsoGrew` says a feed response came) and the network is quiet again, 'quiet' when the network went quiet without growth,
   * 'timeout' when neither happened in time.
   */
  async growthOrQuiet(
    selector: string,
    before: number,
    quietMs: number,
    timeoutMs: number,
    alsoGrew?: () => boolean,
  ): Promise<'grew' | 'quiet' | 'timeout'> {
    const end = Date.now() + timeoutMs;
    this.touch();
    for (;;) {
      const n = await this.page.locator(selector).count();
      if (n > before || alsoGrew?.()) return (await this.quiet(quietMs, Math.max(0, end - Date.now()))) ? 'grew' : 'timeout';
      if (this.isQuiet(quietMs)) return 'quiet';
      if (Date.now() > end) return 'timeout';
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  dispose(): void {
    this.page.off('request', this.onStart);
    this.page.off('response', this.onResponse);
    this.page.off('requestfinished', this.onEnd);
    this.page.off('requestfailed', this.onEnd);
  }
}
