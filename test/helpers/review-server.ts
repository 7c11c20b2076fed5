import type { Kysely } from 'kysely';
import type { Database } from '../../src/db/schema.ts';
import { createLogger } from '../../src/log/logger.ts';
import { createReviewApp, DEFAULT_REVIEW_SETTINGS } from '../../src/review/app.ts';
import type { ReviewSettings } from '../../src/review/app-deps.ts';
import { listen, type ListeningServer } from '../../src/review/http/server.ts';
import { CHROMIUM_PATH } from './chromium.ts';
import { TEST_SCRYPT } from './review-seed.ts';

/** The review app on a free port of 127.0.0.1 over a test database. */
export async function startReviewServer(db: Kysely<Database>, settings: Partial<ReviewSettings> = {}): Promise<ListeningServer> {
  const app = await createReviewApp({
    db,
    logger: createLogger({ level: 'silent', format: 'json' }),
    settings: {
      ...DEFAULT_REVIEW_SETTINGS,
      sessionTtlMs: 3_600_000,
      claimMs: 30 * 60_000,
      trustProxy: false,
      reportingUnit: 'Bawaslu Kota Uji',
      chromiumPath: CHROMIUM_PATH,
      evidenceDir: '/nonexistent-evidence',
      // Users are seeded with cheap hashes: unknown names are checked at the same cost.
      scrypt: TEST_SCRYPT,
      // No blind second reviews unless a test asks for them (they hide decided flags from analysts).
      secondReviewShare: 0,
      ...settings,
    },
  });
  return listen(app.handler, '127.0.0.1', 0);
}

/** Whatever a route answered; tests read its fields directly. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type RouteJson = any;

/** A minimal API client with a cookie jar and the CSRF token, as a browser script would use it. */
export class ApiClient {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  async request(
    method: string,
    path: string,
    body?: unknown,
    opts: { csrf?: string | null; form?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ status: number; json: RouteJson; text: string; headers: Headers }> {
    const headers: Record<string, string> = { ...opts.headers };
    if (this.cookies.size) headers['cookie'] = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const token = opts.csrf === undefined ? this.csrf : opts.csrf;
    if (method !== 'GET' && token) headers['x-csrf-token'] = token;
    let payload: string | undefined;
    if (body !== undefined) {
      if (opts.form) {
        headers['content-type'] = 'application/x-www-form-urlencoded';
        payload = new URLSearchParams(body as Record<string, string>).toString();
      } else {
        headers['content-type'] = 'application/json';
        payload = JSON.stringify(body);
      }
    }
    const res = await fetch(this.base + path, { method, headers, body: payload, redirect: 'manual' });
    for (const c of res.headers.getSetCookie()) {
      const [pair] = c.split(';');
      const i = pair!.indexOf('=');
      const k = pair!.slice(0, i);
      const v = pair!.slice(i + 1);
      if (/Max-Age=0/.test(c)) this.cookies.delete(k);
      else this.cookies.set(k, v);
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      json = undefined;
    }
    return { status: res.status, json, text, headers: res.headers };
  }

  get(path: string) {
    return this.request('GET', path);
  }
  post(path: string, body: unknown = {}, opts: { csrf?: string | null; form?: boolean } = {}) {
    return this.request('POST', path, body, opts);
  }

  /** Fetch the pre-login CSRF token, then sign in. */
  async login(username: string, password: string): Promise<number> {
    this.csrf = (await this.get('/api/session')).json.csrfToken;
    const r = await this.post('/api/login', { username, password });
    if (r.status === 200) this.csrf = r.json.csrfToken;
    return r.status;
  }

  hasCookie(name: string): boolean {
    return this.cookies.has(name);
  }
}
