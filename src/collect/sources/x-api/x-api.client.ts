import { BlockedError, OverBudgetError } from '../../collect-errors.ts';
import { JsonApiClient } from '../../api/json-api.client.ts';
import type { PoliteRunner } from '../../politeness/polite-runner.ts';
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
  /** Extra fetch options (the egress proxy's dispatcher). */
  init?: Record<string, unknown>;
}

function detail(body: string): { text: string; type: string } {
  try {
    const j = JSON.parse(body) as { detail?: string; title?: string; type?: string };
    return { text: j.detail ?? j.title ?? body.slice(0, 200), type: j.type ?? '' };
  } catch {
    return { text: body.slice(0, 200), type: '' };
  }
}

/**
 * A small X API v2 client: bearer token, JSON, the politeness runner for retries and backoff,
 * and the `x-rate-limit-*` headers honoured per endpoint (users/by and the user timeline have
 * separate windows): when a window is spent, the next call to that endpoint waits for its reset
 * instead of collecting a 429, while other endpoints go on.
 */
export class XApiClient {
  private readonly http: JsonApiClient;

  constructor(private readonly o: XApiClientOptions) {
    if (!o.bearerToken) throw new PermanentError('the X API needs a bearer token (NETRA_X_API_BEARER_TOKEN)');
    this.http = new JsonApiClient({
      name: 'X API',
      runner: o.runner,
      timeoutMs: o.timeoutMs,
      maxWaitMs: o.maxWaitMs,
      rateHeaders: { remaining: 'x-rate-limit-remaining', reset: 'x-rate-limit-reset' },
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.init ? { init: o.init } : {}),
      classify: (status, body, path) => {
        const d = detail(body);
        // X's own monthly cap (pay-per-use and the old tiers) answers 429 with this problem type.
        if (status === 429 && d.type.endsWith('/usage-capped'))
          return new OverBudgetError(`X API: the project's monthly usage cap is reached (${d.text})`);
        if (status === 401)
          return new BlockedError('X API rejected the bearer token (HTTP 401): check NETRA_X_API_BEARER_TOKEN', 'http_401', 'error');
        if (status === 403) return new BlockedError(`X API refused ${path} (HTTP 403): ${d.text}`, 'http_403');
        if (status >= 400 && status !== 429) return new PermanentError(`X API ${path}: HTTP ${status}: ${d.text}`);
        return undefined;
      },
    });
  }

  get calls(): readonly { endpoint: string; path: string; status: number }[] {
    return this.http.calls;
  }

  /** GET `path` (`endpoint` names its rate-limit window, e.g. `GET /2/users/:id/tweets`). */
  get(endpoint: string, path: string, params: Record<string, string | undefined>, signal?: AbortSignal): Promise<unknown> {
    const url = new URL(`${this.o.baseUrl.replace(/\/$/, '')}${path}`);
    for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
    return this.http.request({ endpoint, url, headers: { authorization: `Bearer ${this.o.bearerToken}` } }, signal);
  }
}
