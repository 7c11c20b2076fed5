import type { Browser, BrowserContext, BrowserContextOptions, Page } from 'playwright-core';
import { UserError } from '../domain/errors.ts';

/**
 * Debian's Chromium, driven by playwright-core (netra never downloads a browser). One browser
 * per process, shared by every web source and released when the last one closes; each source
 * gets its own context (cookies never cross platforms) and reuses its pages, which halves the
 * cost of a page load compared with a new page each time.
 */
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
] as const;

interface Shared {
  browser: Promise<Browser>;
  users: number;
}
const shared = new Map<string, Shared>();

/** A handle on the shared browser; `release()` closes it when no one else holds it. */
export interface BrowserLease {
  browser: Browser;
  release(): Promise<void>;
}

export async function acquireBrowser(executablePath: string): Promise<BrowserLease> {
  let s = shared.get(executablePath);
  if (!s) {
    // playwright-core is imported on first launch: loading it costs ~0.4 s of start-up that
    // file-source scans and workers never need.
    const launching = import('playwright-core')
      .then(({ chromium }) => chromium.launch({ executablePath, args: [...CHROMIUM_ARGS], headless: true, timeout: 60_000 }))
      .catch((e: unknown) => {
        shared.delete(executablePath);
        const msg = (e as Error).message.split('\n')[0];
        throw new UserError(
          `cannot start Chromium at ${executablePath}: ${msg}. Install Debian's chromium (apt-get install chromium) or set NETRA_CHROMIUM_PATH.`,
        );
      });
    s = { browser: launching, users: 0 };
    shared.set(executablePath, s);
  }
  s.users++;
  const entry = s;
  let browser: Browser;
  try {
    browser = await entry.browser;
  } catch (e) {
    entry.users--;
    throw e;
  }
  let released = false;
  return {
    browser,
    async release() {
      if (released) return;
      released = true;
      entry.users--;
      if (entry.users === 0 && shared.get(executablePath) === entry) {
        shared.delete(executablePath);
        await browser.close().catch(() => undefined);
      }
    },
  };
}

/** Context settings: an Indonesian reader in Jakarta on a desktop screen. */
export function contextOptions(userAgent?: string): BrowserContextOptions {
  return {
    locale: 'id-ID',
    timezoneId: 'Asia/Jakarta',
    viewport: { width: 1280, height: 900 },
    deviceScaleFactor: 1,
    serviceWorkers: 'block',
    ...(userAgent ? { userAgent } : {}),
  };
}

/**
 * Up to `size` pages in one context, reused: `use()` waits for a free page. A page whose work
 * threw is closed and replaced, so a wedged page never poisons later accounts.
 */
export class PagePool {
  private readonly idle: Page[] = [];
  private readonly waiters: ((p: Page) => void)[] = [];
  private created = 0;
  private closed = false;

  constructor(
    private readonly context: BrowserContext,
    private readonly size: number,
  ) {}

  private async acquire(): Promise<Page> {
    const p = this.idle.pop();
    if (p) return p;
    if (this.created < this.size) {
      this.created++;
      try {
        return await this.context.newPage();
      } catch (e) {
        this.created--;
        throw e;
      }
    }
    return new Promise((resolve) => this.waiters.push(resolve));
  }

  private release(p: Page): void {
    const w = this.waiters.shift();
    if (w) w(p);
    else this.idle.push(p);
  }

  async use<T>(fn: (page: Page) => Promise<T>): Promise<T> {
    if (this.closed) throw new Error('page pool is closed');
    const page = await this.acquire();
    try {
      const r = await fn(page);
      this.release(page);
      return r;
    } catch (e) {
      await page.close().catch(() => undefined);
      this.created--;
      // Hand a waiter a fresh page instead of leaving it waiting for one that will never return.
      const w = this.waiters.shift();
      if (w && !this.closed) {
        this.created++;
        this.context.newPage().then(w, () => {
          this.created--;
        });
      }
      throw e;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.context.close().catch(() => undefined);
  }
}
