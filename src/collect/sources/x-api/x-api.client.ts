import { BlockedError, RetriesExhaustedError, TransientFetchError } from '../../collect-errors.ts';
import { netraVersion } from '../../evidence/capture-time.ts';
import { abortableSleep, type PoliteRunner } from '../../politeness/polite-runner.ts';
import { parseRetryAfter, rateLimitWait } from '../../politeness/backoff.ts';
import { PermanentError } from '../../../domain/errors.ts';

export interface XApiClientOptions {
  /** @default 'https://api.x.com' */
  baseUrl: string;
  bearerToken: string;
  runner: PoliteRunner;
  timeoutMs: number;
  /** Longest wait for a rate-limit window to reset before giving up on the account. */
  maxWaitMs: number;
  fetch?: typeof fetch;
}

/**
 * A small X API v2 client: bearer token, JSON, the politeness runner for retries and backoff,
 * and the `x-rate-limit-*` headers honoured: when a window is spent, the next call waits for
 * its reset instead of collecting a 429.
 */
export class XApiClient {
  private nextAllowedAt = 0;
  readonly calls: { path: string; status: number }[] = [];

  constructor(private readonly o: XApiClientOptions) {
    if (!o.bearerToken) throw new PermanentError('the X API needs a bearer token (NETRA_X_API_BEARER_TOKEN)');
  }

  async get(path: string, params: Record<string, string | undefined>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.o.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    const f = this.o.fetch ?? fetch;
    return this.o.runner.run(
      url.toString(),
      async () => {
        const wait = this.nextAllowedAt - Date.now();
        if (wait > this.o.maxWaitMs) throw new RetriesExhaustedError(`X API rate limit resets in ${Math.round(wait / 1000)} s, longer than allowed`, 'rate_limited');
        if (wait > 0) await abortableSleep(wait, signal);
        let res: Response;
        try {
          res = await f(url, {
            headers: { authorization: `Bearer ${this.o.bearerToken}`, 'user-agent': `netra/${netraVersion()}` },
            signal: signal ? AbortSignal.any([signal, AbortSignal.timeout(this.o.timeoutMs)]) : AbortSignal.timeout(this.o.timeoutMs),
          });
        } catch (e) {
          if (signal?.aborted) throw e;
          throw new TransientFetchError(`X API ${path}: ${(e as Error).name === 'TimeoutError' ? `timed out after ${this.o.timeoutMs} ms` : (e as Error).message}`, 0, undefined, { cause: e });
        }
        this.calls.push({ path: url.pathname, status: res.status });
        const remaining = res.headers.get('x-rate-limit-remaining');
        const reset = res.headers.get('x-rate-limit-reset');
        const resetWait = rateLimitWait(remaining, reset, Date.now());
        if (resetWait > 0) this.nextAllowedAt = Math.max(this.nextAllowedAt, Date.now() + resetWait);
        const text = await res.text();
        if (res.status === 429) {
          const retry = rateLimitWait('0', reset, Date.now()) || parseRetryAfter(res.headers.get('retry-after'), Date.now());
          throw new TransientFetchError(`X API ${path}: HTTP 429 Too Many Requests`, 429, retry || undefined);
        }
        if (res.status >= 500) throw new TransientFetchError(`X API ${path}: HTTP ${res.status}`, res.status);
        if (res.status === 401) throw new BlockedError('X API rejected the bearer token (HTTP 401): check NETRA_X_API_BEARER_TOKEN', 'http_401', 'error');
        if (res.status === 403) throw new BlockedError(`X API refused ${path} (HTTP 403): ${detail(text)}`, 'http_403');
        if (res.status >= 400) throw new PermanentError(`X API ${path}: HTTP ${res.status}: ${detail(text)}`);
        try {
          return JSON.parse(text) as unknown;
        } catch {
          throw new PermanentError(`X API ${path}: response is not JSON`);
        }
      },
      signal ? { signal } : {},
    );
  }
}

function detail(body: string): string {
  try {
    const j = JSON.parse(body) as { detail?: string; title?: string };
    return j.detail ?? j.title ?? body.slice(0, 200);
  } catch {
    return body.slice(0, 200);
  }
}
