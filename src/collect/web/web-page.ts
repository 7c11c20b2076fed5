import type { Page, Response } from 'playwright-core';
import { BlockedError, TransientFetchError } from '../collect-errors.ts';
import { parseRetryAfter } from '../politeness/backoff.ts';
import type { CollectStatus } from '../source.ts';
import type { Barrier, PageState } from './web-adapter.ts';

/**
 * Load a page and turn the platform's answer into what the politeness layer acts on:
 * 429 and 5xx and timeouts are retryable (with Retry-After), 401/403 are blocks. Any other
 * status (404 included) is parsed: platforms announce "not found" and login walls in pages.
 */
export async function gotoChecked(page: Page, url: string, timeoutMs: number): Promise<Response | null> {
  let resp: Response | null;
  try {
    resp = await page.goto(url, { waitUntil: 'domcontentloaded', timeout: timeoutMs });
  } catch (e) {
    const err = e as Error;
    if (err.name === 'TimeoutError')
      throw new TransientFetchError(`timed out after ${timeoutMs} ms loading ${url}`, 0, undefined, { cause: e });
    if (/net::ERR_|NS_ERROR_/.test(err.message))
      throw new TransientFetchError(`network error loading ${url}: ${err.message.split('\n')[0]}`, 0, undefined, { cause: e });
    throw e;
  }
  const status = resp?.status() ?? 0;
  if (status === 429)
    throw new TransientFetchError(
      `HTTP 429 Too Many Requests from ${url}`,
      429,
      parseRetryAfter(resp?.headers()['retry-after'], Date.now()),
    );
  if (status >= 500) throw new TransientFetchError(`HTTP ${status} from ${url}`, status);
  if (status === 401 || status === 403) throw new BlockedError(`HTTP ${status} from ${url}`, `http_${status}`);
  return resp;
}

/** The collect status of a page state, with the words the scan report uses. */
export const STATE_STATUS: Record<Exclude<PageState, 'ok'>, { status: CollectStatus; message: string }> = {
  login_wall: { status: 'login_wall', message: 'the platform showed a login wall instead of the public page' },
  challenge: {
    status: 'challenge',
    message: 'the platform asked for a human check (captcha or security check) instead of the page; netra never solves them',
  },
  interstitial: {
    status: 'interstitial',
    message: 'the platform put a warning page in front of the profile; netra does not click through it',
  },
  not_found: { status: 'not_found', message: 'the platform says the account does not exist (renamed, deleted or suspended?)' },
  private: { status: 'private', message: 'the account is private: its posts are not public' },
  removed: { status: 'not_found', message: 'the page was removed' },
};

/** The collect status a barrier means. */
export function statusOfBarrier(b: Barrier): CollectStatus {
  return b.kind;
}

/** The page is not shaped as the adapter expects: the platform changed its layout. */
export class LayoutChangedError extends Error {
  override name = 'LayoutChangedError';
}
