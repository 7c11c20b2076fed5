import type { FeedHttp, FeedResponse } from '../../claims/feeds/feed-http.ts';
import type { Logger } from '../../log/logger.ts';
import { TransientFetchError } from '../collect-errors.ts';
import { netraVersion } from '../evidence/capture-time.ts';
import { parseRetryAfter } from '../politeness/backoff.ts';
import { PoliteRunner } from '../politeness/polite-runner.ts';
import type { PolitenessStore } from '../politeness/politeness-store.ts';
import { API_POLITENESS, resolvePoliteness, type PolitenessSettings } from '../politeness/politeness.settings.ts';

/**
 * Fact-checkers' sites are small public services: at most 20 requests a minute, a pause of 1-3 s
 * before each, retries with backoff on 429, 5xx and timeouts, `Retry-After` honoured.
 */
export const FEED_POLITENESS: Readonly<PolitenessSettings> = Object.freeze({
  ...API_POLITENESS,
  intervalMs: 60_000,
  intervalCap: 20,
  minDelayMs: 1000,
  maxDelayMs: 3000,
  maxRetries: 4,
  backoffBaseMs: 2000,
  backoffMaxMs: 60_000,
});

/** The polite HTTP client claims feeds fetch through (one per feed host). */
export function politeFeedHttp(
  o: { politeness?: Partial<PolitenessSettings>; store?: PolitenessStore; logger?: Logger; fetch?: typeof fetch } = {},
): FeedHttp {
  const settings = resolvePoliteness(FEED_POLITENESS, o.politeness);
  const runners = new Map<string, PoliteRunner>();
  const f = o.fetch ?? fetch;
  return async (url: URL, signal?: AbortSignal): Promise<FeedResponse> => {
    let runner = runners.get(url.host);
    if (!runner)
      runners.set(
        url.host,
        (runner = new PoliteRunner(`claims-feed:${url.host}`, settings, {
          ...(o.logger ? { logger: o.logger } : {}),
          ...(o.store ? { store: o.store } : {}),
        })),
      );
    return runner.run(
      url.href,
      async () => {
        let res: Response;
        try {
          res = await f(url, {
            headers: {
              'user-agent': `netra/${netraVersion()} (claims sync; election-neutrality monitoring)`,
              accept: 'application/json, application/rss+xml, application/xml;q=0.9, */*;q=0.5',
            },
            signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(settings.timeoutMs)]) : AbortSignal.timeout(settings.timeoutMs),
          });
        } catch (e) {
          if (signal?.aborted) throw e;
          throw new TransientFetchError(
            `${url.host}: ${(e as Error).name === 'TimeoutError' ? `timed out after ${settings.timeoutMs} ms` : (e as Error).message}`,
            0,
            undefined,
            { cause: e },
          );
        }
        const body = await res.text();
        if (res.status === 429 || res.status >= 500)
          throw new TransientFetchError(
            `${url.host}${url.pathname}: HTTP ${res.status}`,
            res.status,
            parseRetryAfter(res.headers.get('retry-after'), Date.now()),
          );
        return { status: res.status, headers: res.headers, body };
      },
      signal ? { signal } : {},
    );
  };
}
