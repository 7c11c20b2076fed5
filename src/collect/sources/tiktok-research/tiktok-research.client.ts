import { BlockedError, OverBudgetError, TransientFetchError } from '../../collect-errors.ts';
import { JsonApiClient } from '../../api/json-api.client.ts';
import type { PoliteRunner } from '../../politeness/polite-runner.ts';
import { PermanentError } from '../../../domain/errors.ts';
import { quoteBigIds } from './tiktok-research.parse.ts';

export interface TikTokResearchClientOptions {
  /** @default 'https://open.tiktokapis.com' */
  baseUrl: string;
  clientKey: string;
  clientSecret: string;
  runner: PoliteRunner;
  timeoutMs: number;
  maxWaitMs: number;
  fetch?: typeof fetch;
  init?: Record<string, unknown>;
}

function apiError(body: string): { code: string; message: string } {
  try {
    const j = JSON.parse(body) as { error?: { code?: string; message?: string } | string; error_description?: string };
    if (typeof j.error === 'string') return { code: j.error, message: j.error_description ?? '' };
    return { code: String(j.error?.code ?? ''), message: String(j.error?.message ?? '') };
  } catch {
    return { code: '', message: body.slice(0, 200) };
  }
}

/**
 * TikTok Research API: a client access token by OAuth client credentials
 * (`POST /v2/oauth/token/`, valid 2 hours, renewed a minute early), then JSON POSTs to the
 * research endpoints with `fields` in the query. The API's error codes become netra's errors:
 * `rate_limit_exceeded` (429) waits and retries, `daily_quota_limit_exceeded` is over budget,
 * a bad client or scope is a configuration error that says so.
 */
export class TikTokResearchClient {
  private readonly http: JsonApiClient;
  private token: { value: string; expiresAt: number } | null = null;
  private tokenPending: Promise<string> | null = null;

  constructor(private readonly o: TikTokResearchClientOptions) {
    if (!o.clientKey || !o.clientSecret)
      throw new PermanentError(
        'the TikTok Research API needs a client key and secret (NETRA_TIKTOK_CLIENT_KEY, NETRA_TIKTOK_CLIENT_SECRET)',
      );
    this.http = new JsonApiClient({
      name: 'TikTok Research API',
      runner: o.runner,
      timeoutMs: o.timeoutMs,
      maxWaitMs: o.maxWaitMs,
      preParse: quoteBigIds,
      ...(o.fetch ? { fetch: o.fetch } : {}),
      ...(o.init ? { init: o.init } : {}),
      classify: (status, body) => {
        const e = apiError(body);
        if (/quota/i.test(e.code))
          return new OverBudgetError(`TikTok Research API: daily quota reached (${e.code}: ${e.message}); it resets at 00:00 UTC`);
        if (status === 429) return undefined;
        if (e.code === 'access_token_invalid' || e.code === 'invalid_client' || status === 401)
          return new BlockedError(
            `TikTok Research API rejected the client credentials (${e.code || `HTTP ${status}`}): check NETRA_TIKTOK_CLIENT_KEY and NETRA_TIKTOK_CLIENT_SECRET`,
            'http_401',
            'error',
          );
        if (e.code === 'scope_not_authorized' || e.code === 'scope_permission_missed')
          return new BlockedError(
            `TikTok Research API: this client is not approved for research.data.basic (${e.code}); see the README on who can get access`,
            'http_403',
            'error',
          );
        if (status === 403)
          return new BlockedError(`TikTok Research API refused the request (HTTP 403 ${e.code}): ${e.message}`, 'http_403');
        return new PermanentError(`TikTok Research API: HTTP ${status} ${e.code}: ${e.message}`);
      },
    });
  }

  get calls(): readonly { endpoint: string; path: string; status: number }[] {
    return this.http.calls;
  }

  private base(): string {
    return this.o.baseUrl.replace(/\/$/, '');
  }

  private async accessToken(signal?: AbortSignal): Promise<string> {
    if (this.token && Date.now() < this.token.expiresAt) return this.token.value;
    this.tokenPending ??= (async () => {
      try {
        const body = new URLSearchParams({
          client_key: this.o.clientKey,
          client_secret: this.o.clientSecret,
          grant_type: 'client_credentials',
        }).toString();
        const j = (await this.http.request(
          {
            endpoint: 'POST /v2/oauth/token/',
            url: new URL(`${this.base()}/v2/oauth/token/`),
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded', 'cache-control': 'no-cache' },
            body,
          },
          signal,
        )) as { access_token?: string; expires_in?: number; error?: string; error_description?: string };
        if (!j.access_token)
          throw new BlockedError(
            `TikTok Research API gave no access token (${j.error ?? 'no error'}: ${j.error_description ?? ''}): check NETRA_TIKTOK_CLIENT_KEY and NETRA_TIKTOK_CLIENT_SECRET`,
            'http_401',
            'error',
          );
        // Renewed a minute before it expires (valid 7,200 s).
        this.token = { value: j.access_token, expiresAt: Date.now() + Math.max(60, (j.expires_in ?? 7200) - 60) * 1000 };
        return j.access_token;
      } finally {
        this.tokenPending = null;
      }
    })();
    return this.tokenPending;
  }

  /** POST a research endpoint (`path` like `/v2/research/video/query/`) with `fields` and a JSON body. */
  async post(path: string, fields: string, body: Record<string, unknown>, signal?: AbortSignal): Promise<unknown> {
    const token = await this.accessToken(signal);
    const url = new URL(`${this.base()}${path}`);
    url.searchParams.set('fields', fields);
    const json = (await this.http.request(
      {
        endpoint: `POST ${path}`,
        url,
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      signal,
    )) as {
      error?: { code?: string; message?: string };
    };
    const code = json?.error?.code;
    if (code && code !== 'ok') {
      if (code === 'access_token_invalid') this.token = null;
      if (code === 'internal_error') throw new TransientFetchError(`TikTok Research API ${path}: internal_error`, 500);
    }
    return json;
  }
}
