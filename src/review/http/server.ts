import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { can } from '../../domain/roles.ts';
import type { Logger } from '../../log/logger.ts';
import { findSession, type SessionUser } from '../../repositories/sessions.repository.ts';
import type { Kysely } from 'kysely';
import type { TrustProxy } from '../../config/trust-proxy.ts';
import type { Database } from '../../db/schema.ts';
import { msg, ReviewError, TryLaterError, type Bilingual } from '../errors.ts';
import { roleName } from '../terms.ts';
import { isLang, type Lang } from '../views/i18n.ts';
import { errorPage } from '../views/error.view.ts';
import { readBody } from './body.ts';
import { clientAddress, proxyMatcher } from './client-address.ts';
import { parseCookies, serializeCookie } from './cookies.ts';
import { compilePath, type Reply, type RequestContext, type Route } from './route.ts';
import { HSTS, randomToken, SECURITY_HEADERS, tokensEqual } from './security.ts';

export const SESSION_COOKIE = 'netra_session';
/** Double-submit CSRF cookie for requests made before signing in (the login form). */
export const PRE_CSRF_COOKIE = 'netra_csrf';
export const LANG_COOKIE = 'netra_lang';

const STATIC_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'static');
const STATIC_TYPES: Record<string, string> = {
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
};

export interface HandlerOptions {
  db: Kysely<Database>;
  logger: Logger;
  routes: Route[];
  sessionTtlMs: number;
  trustProxy: TrustProxy;
}

/** Path parameters, decoded; a malformed `%` escape is the client's mistake (400), not ours. */
function decodeParams(keys: string[], m: RegExpExecArray): Record<string, string> | undefined {
  try {
    return Object.fromEntries(keys.map((k, i) => [k, decodeURIComponent(m[i + 1]!)]));
  } catch {
    return undefined;
  }
}

const NOT_FOUND = msg('Tidak ditemukan', 'not found');
const METHOD_NOT_ALLOWED = msg('Metode tidak diizinkan', 'method not allowed');
const BAD_PATH = msg('Alamat tidak sah (escape % yang rusak)', 'malformed path (a broken % escape)');
const SIGN_IN = msg('Masuk terlebih dahulu', 'sign in first');
const CSRF = msg(
  'Token keamanan hilang atau salah: muat ulang halaman lalu coba lagi.',
  'Security token missing or wrong: reload the page and try again.',
);
const INTERNAL = msg('Terjadi kesalahan di server; sudah dicatat.', 'internal error; it has been logged.');
/** The request's Origin (or Referer) must be this site when present: a second line behind the CSRF token. */
function sameOrigin(req: IncomingMessage): boolean {
  const origin = req.headers.origin ?? req.headers.referer;
  if (!origin || origin === 'null') return origin === undefined;
  try {
    return new URL(origin).host === req.headers.host;
  } catch {
    return false;
  }
}

/**
 * The request pipeline: static files, route match, session, body, CSRF, role, handler, and the
 * security headers on every answer. Handlers never see a request that skipped a check.
 */
export function createRequestHandler(o: HandlerOptions): (req: IncomingMessage, res: ServerResponse) => void {
  const compiled = o.routes.map((r) => ({ route: r, ...compilePath(r.path) }));
  const log = o.logger.child({ component: 'review-http' });
  const isProxy = proxyMatcher(o.trustProxy);

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let url: URL;
    try {
      url = new URL(req.url ?? '/', 'http://localhost');
    } catch {
      url = new URL('http://localhost/');
    }
    const method = (req.method ?? 'GET').toUpperCase();
    const { ip, secure } = clientAddress(req, isProxy);
    // HSTS only over HTTPS (directly, or as a trusted proxy says): browsers ignore it over HTTP.
    const base: Record<string, string> = secure ? { 'Strict-Transport-Security': HSTS } : {};
    const cookies = parseCookies(req.headers.cookie);
    const lang: Lang = isLang(cookies[LANG_COOKIE]) ? (cookies[LANG_COOKIE] as Lang) : 'id';
    const setCookies: string[] = [];

    if ((method === 'GET' || method === 'HEAD') && url.pathname.startsWith('/static/'))
      return serveStatic(url.pathname.slice(8), res, base);

    const isApi = url.pathname.startsWith('/api/');
    let match: { route: Route; params: Record<string, string> } | undefined;
    let pathKnown = false;
    let badPath = false;
    for (const c of compiled) {
      const m = c.re.exec(url.pathname);
      if (!m) continue;
      pathKnown = true;
      if (c.route.method !== method && !(method === 'HEAD' && c.route.method === 'GET')) continue;
      const params = decodeParams(c.keys, m);
      if (!params) badPath = true;
      else match = { route: c.route, params };
      break;
    }
    const fail = (
      status: number,
      code: string,
      message: Bilingual,
      extra: Record<string, string> = {},
      details?: Record<string, unknown>,
    ) =>
      send(
        res,
        isApi
          ? { kind: 'json', status, body: { error: code, message: message.en, pesan: message.id, ...(details ? { details } : {}) } }
          : { kind: 'html', status, body: errorPage(lang, status, lang === 'en' ? message.en : message.id) },
        setCookies,
        { ...base, ...extra },
      );
    if (badPath) return fail(400, 'bad_path', BAD_PATH);
    if (!match)
      return fail(pathKnown ? 405 : 404, pathKnown ? 'method_not_allowed' : 'not_found', pathKnown ? METHOD_NOT_ALLOWED : NOT_FOUND);
    const { route, params } = match;

    const token = cookies[SESSION_COOKIE];
    const user: SessionUser | undefined = token ? await findSession(o.db, token, { ttlMs: o.sessionTtlMs }) : undefined;
    if (token && !user) setCookies.push(serializeCookie(SESSION_COOKIE, '', { maxAge: 0, secure }));
    let preCsrf = cookies[PRE_CSRF_COOKIE];
    if (!user && !preCsrf) {
      preCsrf = randomToken();
      setCookies.push(serializeCookie(PRE_CSRF_COOKIE, preCsrf, { secure, sameSite: 'Strict' }));
    }

    let body: Record<string, unknown> = {};
    const changes = method !== 'GET' && method !== 'HEAD';
    if (changes) {
      try {
        body = await readBody(req);
      } catch (e) {
        if (e instanceof ReviewError) return fail(e.status, e.code, { id: e.pesan, en: e.message });
        throw e;
      }
      const sent = (req.headers['x-csrf-token'] as string | undefined) ?? (typeof body['_csrf'] === 'string' ? body['_csrf'] : undefined);
      const expected = user ? user.csrfToken : preCsrf;
      if (!sameOrigin(req) || !tokensEqual(sent, expected)) {
        log.warn({ path: url.pathname, user: user?.username }, 'CSRF check failed');
        return fail(403, 'csrf_failed', CSRF);
      }
    }

    if (route.access !== 'public') {
      if (!user) {
        if (isApi) return fail(401, 'unauthenticated', SIGN_IN);
        return send(
          res,
          { kind: 'redirect', status: 303, location: `/login?next=${encodeURIComponent(url.pathname + url.search)}` },
          setCookies,
          base,
        );
      }
      if (route.access !== 'signed-in' && !can(user.role, route.access)) {
        return fail(
          403,
          'forbidden',
          msg(
            `Peran Anda (${roleName('id', user.role)}) tidak boleh membuka ini.`,
            `Your role (${roleName('en', user.role)}) may not open this.`,
          ),
        );
      }
    }

    const ctx: RequestContext = { req, res, url, params, body, user, csrfToken: user ? user.csrfToken : preCsrf!, lang, ip, secure };
    let reply: Reply;
    try {
      reply = await route.handler(ctx);
    } catch (e) {
      if (e instanceof ReviewError) {
        const retry: Record<string, string> = e instanceof TryLaterError ? { 'Retry-After': String(e.retryAfterS) } : {};
        return fail(e.status, e.code, { id: e.pesan, en: e.message }, retry, e.details);
      }
      throw e;
    }
    return send(res, reply, setCookies, { ...base, ...(user ? { 'Cache-Control': 'no-store' } : {}) });
  }

  async function serveStatic(name: string, res: ServerResponse, base: Record<string, string>): Promise<void> {
    const ext = path.extname(name);
    if (!/^[a-z0-9-]+\.(js|css|svg)$/.test(name) || !STATIC_TYPES[ext])
      return send(res, { kind: 'json', status: 404, body: { error: 'not_found' } }, [], base);
    try {
      const data = await readFile(path.join(STATIC_DIR, name));
      return send(res, { kind: 'bytes', body: data, contentType: STATIC_TYPES[ext]! }, [], {
        ...base,
        'Cache-Control': 'public, max-age=300',
      });
    } catch {
      return send(res, { kind: 'json', status: 404, body: { error: 'not_found' } }, [], base);
    }
  }

  return (req, res) => {
    handle(req, res).catch((e: unknown) => {
      log.error({ err: e, path: req.url }, 'request failed');
      if (res.headersSent) return void res.end();
      const api = (req.url ?? '').startsWith('/api/');
      const lang: Lang = parseCookies(req.headers.cookie)[LANG_COOKIE] === 'en' ? 'en' : 'id';
      send(
        res,
        api
          ? { kind: 'json', status: 500, body: { error: 'internal', message: INTERNAL.en, pesan: INTERNAL.id } }
          : { kind: 'html', status: 500, body: errorPage(lang, 500, lang === 'en' ? INTERNAL.en : INTERNAL.id) },
        [],
      );
    });
  };
}

function send(res: ServerResponse, r: Reply, setCookies: string[], extra: Record<string, string> = {}): void {
  for (const [k, v] of Object.entries(SECURITY_HEADERS)) res.setHeader(k, v);
  for (const [k, v] of Object.entries(extra)) res.setHeader(k, v);
  const cookies = [...setCookies, ...[r.headers?.['Set-Cookie'] ?? []].flat()];
  for (const [k, v] of Object.entries(r.headers ?? {})) if (k !== 'Set-Cookie') res.setHeader(k, v);
  if (cookies.length) res.setHeader('Set-Cookie', cookies);
  switch (r.kind) {
    case 'json':
      res.statusCode = r.status ?? 200;
      res.setHeader('Content-Type', 'application/json; charset=utf-8');
      res.end(JSON.stringify(r.body));
      return;
    case 'html':
      res.statusCode = r.status ?? 200;
      res.setHeader('Content-Type', 'text/html; charset=utf-8');
      res.end(`<!doctype html>\n${r.body.value}`);
      return;
    case 'redirect':
      res.statusCode = r.status ?? 303;
      res.setHeader('Location', r.location);
      res.end();
      return;
    case 'bytes':
      res.statusCode = r.status ?? 200;
      res.setHeader('Content-Type', r.contentType);
      res.end(r.body);
  }
}

export interface ListeningServer {
  server: Server;
  url: string;
  close(): Promise<void>;
}

export function listen(handler: (req: IncomingMessage, res: ServerResponse) => void, host: string, port: number): Promise<ListeningServer> {
  const server = createServer(handler);
  server.headersTimeout = 30_000;
  server.requestTimeout = 60_000;
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const a = server.address();
      const p = typeof a === 'object' && a ? a.port : port;
      resolve({
        server,
        url: `http://${host.includes(':') ? `[${host}]` : host}:${p}`,
        close: () =>
          new Promise<void>((r) => {
            server.closeAllConnections();
            server.close(() => r());
          }),
      });
    });
  });
}
