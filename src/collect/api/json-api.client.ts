import { BlockedError, RetriesExhaustedError, TransientFetchError } from '../collect-errors.ts';
import { netraVersion } from '../evidence/capture-time.ts';
import { parseRetryAfter } from '../politeness/backoff.ts';
import { abortableSleep, type PoliteRunner } from '../politeness/polite-runner.ts';
import { politenessKey } from '../politeness/politeness-store.ts';
import { PermanentError } from '../../domain/errors.ts';

/** A request to an API: one endpoint (for its own rate-limit window) and its URL or body. */
export interface ApiRequest {
  /** Endpoint template, e.g. `GET /2/users/:id/tweets`: each keeps its own rate-limit window. */
  endpoint: string;
  url: URL;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  body?: string;
}

/** How an API reports its rate limit in headers: remaining requests and the reset (epoch seconds). */
export interface RateHeaders {
  remaining: string;
  reset: string;
}

export interface JsonApiOptions {
  /** Names the API in messages: `X API`, `TikTok Research API`. */
  name: string;
  runner: PoliteRunner;
  timeoutMs: number;
  /** Longest wait for a rate-limit window to reset before giving up on the account. */
  maxWaitMs: number;
  fetch?: typeof fetch;
  /** Header names of the API's per-endpoint rate limit, when it sends them. */
  rateHeaders?: RateHeaders;
  /** Extra request options (a proxy dispatcher). */
  init?: Record<string, unknown>;
  /** Rewrite the body before JSON.parse (e.g. quote 64-bit ids). */
  preParse?: (body: string) => string;
  /** Turn a 4xx body into the error to throw (401/403 and the API's own error codes). */
  classify?: (status: number, body: string, path: string) => Error | undefined;
}

/**
 * The HTTP core every API client uses: the politeness runner (pace, retries with backoff, the
 * breaker), one rate-limit window per endpoint from the API's headers (kept in the politeness
 * store, so shared by workers on PostgreSQL: a spent window makes every worker wait for its
 * reset instead of drawing 429s), timeouts, a User-Agent, and errors that tell the runner what
 * to do.
 */
export class JsonApiClient {
  readonly calls: { endpoint: string; path: string; status: number }[] = [];

  constructor(private readonly o: JsonApiOptions) {}

  private windowKey(endpoint: string): string {
    return politenessKey('window', this.o.runner.platform, this.o.runner.egress, endpoint);
  }

  async request(req: ApiRequest, signal?: AbortSignal): Promise<unknown> {
    const f = this.o.fetch ?? fetch;
    const store = this.o.runner.store;
    const key = this.windowKey(req.endpoint);
    const path = req.url.pathname;
    return this.o.runner.run(
      req.url.toString(),
      async () => {
        for (;;) {
          const wait = await store.takeWindow(key, Date.now());
          if (wait === 0) break;
          if (wait > this.o.maxWaitMs)
            throw new RetriesExhaustedError(
              `${this.o.name} ${req.endpoint}: rate limit resets in ${Math.round(wait / 1000)} s, longer than allowed`,
              'rate_limited',
            );
          await abortableSleep(wait, signal);
        }
        let res: Response;
        try {
          res = await f(req.url, {
            method: req.method ?? 'GET',
            headers: { 'user-agent': `netra/${netraVersion()} (+election-neutrality monitoring)`, ...req.headers },
            body: req.body,
            signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs)]) : AbortSignal.timeout(this.o.timeoutMs),
            ...this.o.init,
          } as RequestInit);
        } catch (e) {
          if (signal?.aborted) throw e;
          throw new TransientFetchError(
            `${this.o.name} ${req.endpoint}: ${(e as Error).name === 'TimeoutError' ? `timed out after ${this.o.timeoutMs} ms` : (e as Error).message}`,
            0,
            undefined,
            { cause: e },
          );
        }
        this.calls.push({ endpoint: req.endpoint, path, status: res.status });
        let resetMs: number | undefined;
        if (this.o.rateHeaders) {
          const remaining = Number(res.headers.get(this.o.rateHeaders.remaining));
          const reset = Number(res.headers.get(this.o.rateHeaders.reset)) * 1000;
          if (res.headers.get(this.o.rateHeaders.remaining) !== null && Number.isFinite(remaining) && Number.isFinite(reset) && reset > 0) {
            // One extra second: the platform's clock and ours are not the same clock.
            resetMs = reset + 1000;
            await store.updateWindow(key, res.status === 429 ? 0 : remaining, resetMs);
          }
        }
        const text = await res.text();
        if (res.status === 429) {
          const custom = this.o.classify?.(429, text, path);
          if (custom) throw custom;
          const retry =
            resetMs !== undefined ? Math.max(0, resetMs - Date.now()) : parseRetryAfter(res.headers.get('retry-after'), Date.now());
          throw new TransientFetchError(`${this.o.name} ${req.endpoint}: HTTP 429 Too Many Requests`, 429, retry || undefined);
        }
        if (res.status >= 500) throw new TransientFetchError(`${this.o.name} ${req.endpoint}: HTTP ${res.status}`, res.status);
        if (res.status >= 400) {
          const custom = this.o.classify?.(res.status, text, path);
          if (custom) throw custom;
          if (res.status === 401)
            throw new BlockedError(`${this.o.name} rejected the credentials (HTTP 401): check the token`, 'http_401', 'error');
          if (res.status === 403)
            throw new BlockedError(`${this.o.name} refused ${req.endpoint} (HTTP 403): ${text.slice(0, 200)}`, 'http_403');
          throw new PermanentError(`${this.o.name} ${req.endpoint}: HTTP ${res.status}: ${text.slice(0, 200)}`);
        }
        try {
          return JSON.parse(this.o.preParse ? this.o.preParse(text) : text) as unknown;
        } catch {
          throw new PermanentError(`${this.o.name} ${req.endpoint}: response is not JSON`);
        }
      },
      signal ? { signal } : {},
    );
  }
}
