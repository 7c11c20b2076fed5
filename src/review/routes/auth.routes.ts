import { can } from '../../domain/roles.ts';
import { deleteSession } from '../../repositories/sessions.repository.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { login, type LoginResult } from '../auth/login.ts';
import { DEFAULT_SCRYPT } from '../auth/password.ts';
import { serializeCookie } from '../http/cookies.ts';
import { json, page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { LANG_COOKIE, SESSION_COOKIE } from '../http/server.ts';
import { MESSAGES, isLang } from '../views/i18n.ts';
import { loginPage } from '../views/login.view.ts';

const LOGIN_MESSAGES = {
  invalid: { id: 'nama pengguna atau kata sandi salah', en: 'wrong username or password' },
  locked: {
    id: 'terlalu banyak percobaan gagal untuk nama ini; coba lagi nanti',
    en: 'too many failed attempts for this login name; try again later',
  },
  rate_limited: {
    id: 'terlalu banyak percobaan gagal dari alamat ini; coba lagi nanti',
    en: 'too many failed logins from this address; try again later',
  },
  busy: {
    id: 'server sedang memeriksa banyak kata sandi; coba lagi sebentar lagi',
    en: 'too many password checks at once; try again in a moment',
  },
} as const;

/** Only local paths are followed after login (no open redirect). */
function safeNext(v: unknown): string {
  return typeof v === 'string' && /^\/(?![/\\])[\w\-./?=&%]*$/.test(v) && !v.startsWith('/login') ? v : '/';
}

function sessionCookie(ctx: RequestContext, token: string, maxAgeS: number): string {
  return serializeCookie(SESSION_COOKIE, token, { httpOnly: true, secure: ctx.secure, sameSite: 'Strict', maxAge: maxAgeS });
}

export function authRoutes(d: ReviewDeps): Route[] {
  const s = d.settings;
  async function doLogin(ctx: RequestContext) {
    const username = typeof ctx.body['username'] === 'string' ? ctx.body['username'] : '';
    const password = typeof ctx.body['password'] === 'string' ? ctx.body['password'] : '';
    const r = await login(
      d.db,
      { username, password, ip: ctx.ip, userAgent: ctx.req.headers['user-agent'] },
      {
        maxFailures: s.loginMaxFailures,
        lockMs: s.lockMs,
        addressLimit: s.loginRateLimit,
        addressWindowMs: s.loginRateWindowMs,
        sessionTtlMs: s.sessionTtlMs,
        scrypt: s.scrypt ?? DEFAULT_SCRYPT,
      },
      d.passwords,
    );
    return { r, username };
  }
  const status = (r: Exclude<LoginResult, { ok: true }>) => (r.reason === 'invalid' ? 401 : r.reason === 'busy' ? 503 : 429);
  return [
    {
      method: 'GET',
      path: '/',
      access: 'signed-in',
      api: false,
      handler: async (ctx) => redirect(can(ctx.user!.role, 'queue.read') ? '/queue' : '/dashboard'),
    },
    {
      method: 'GET',
      path: '/login',
      access: 'public',
      api: false,
      handler: async (ctx) =>
        ctx.user
          ? redirect(safeNext(ctx.url.searchParams.get('next')))
          : page(loginPage({ lang: ctx.lang, csrfToken: ctx.csrfToken, next: safeNext(ctx.url.searchParams.get('next')) })),
    },
    {
      method: 'POST',
      path: '/login',
      access: 'public',
      api: false,
      handler: async (ctx) => {
        const { r, username } = await doLogin(ctx);
        const next = safeNext(ctx.body['next']);
        if (r.ok)
          return {
            kind: 'redirect',
            status: 303,
            location: next,
            headers: { 'Set-Cookie': [sessionCookie(ctx, r.session.token, s.sessionTtlMs / 1000)] },
          };
        const t = MESSAGES[ctx.lang];
        const mins = Math.max(1, Math.ceil(r.retryAfterMs / 60_000));
        const error =
          r.reason === 'invalid'
            ? t.loginFailed
            : r.reason === 'busy'
              ? t.loginBusy
              : `${r.reason === 'locked' ? t.loginLocked : t.loginRateLimited} ${mins} ${t.minutes}.`;
        return page(loginPage({ lang: ctx.lang, csrfToken: ctx.csrfToken, next, error, username }), status(r));
      },
    },
    {
      method: 'POST',
      path: '/logout',
      access: 'signed-in',
      api: false,
      handler: async (ctx) => {
        await logout(d, ctx);
        return { kind: 'redirect', status: 303, location: '/login', headers: { 'Set-Cookie': [sessionCookie(ctx, '', 0)] } };
      },
    },
    {
      method: 'POST',
      path: '/lang',
      access: 'public',
      api: false,
      handler: async (ctx) => {
        const to = isLang(ctx.body['to']) ? ctx.body['to'] : 'id';
        let back = '/';
        try {
          const ref = new URL(ctx.req.headers.referer ?? '/', 'http://localhost');
          back = ref.pathname + ref.search;
        } catch {
          // A malformed Referer: go home.
        }
        return {
          kind: 'redirect',
          status: 303,
          location: safeNext(back),
          headers: {
            'Set-Cookie': [serializeCookie(LANG_COOKIE, to, { httpOnly: true, secure: ctx.secure, sameSite: 'Lax', maxAge: 365 * 86400 })],
          },
        };
      },
    },
    {
      method: 'GET',
      path: '/api/session',
      access: 'public',
      api: true,
      doc: { summary: 'The signed-in user (or null) and the CSRF token to send as X-CSRF-Token with every POST/PUT', tags: ['auth'] },
      handler: async (ctx) =>
        json({
          user: ctx.user ? { username: ctx.user.username, displayName: ctx.user.displayName, role: ctx.user.role } : null,
          csrfToken: ctx.csrfToken,
        }),
    },
    {
      method: 'POST',
      path: '/api/login',
      access: 'public',
      api: true,
      doc: {
        summary: 'Sign in; sets the httpOnly session cookie and returns the new CSRF token',
        tags: ['auth'],
        requestBody: {
          type: 'object',
          required: ['username', 'password'],
          properties: { username: { type: 'string' }, password: { type: 'string' } },
        },
        responses: {
          '200': 'signed in',
          '401': 'wrong username or password (the same answer whether or not the name exists)',
          '429':
            'this login name is locked after too many failed attempts (`locked`, whether or not the name exists), or too many failed attempts from this address (`rate_limited`); Retry-After',
          '503': 'too many password checks at once (`busy`); Retry-After',
        },
      },
      handler: async (ctx) => {
        const { r } = await doLogin(ctx);
        if (r.ok)
          return json({ user: r.user, csrfToken: r.session.csrfToken }, 200, {
            'Set-Cookie': [sessionCookie(ctx, r.session.token, s.sessionTtlMs / 1000)],
          });
        const retry = r.retryAfterMs ? { 'Retry-After': String(Math.ceil(r.retryAfterMs / 1000)) } : undefined;
        const m = LOGIN_MESSAGES[r.reason];
        return json({ error: r.reason, message: m.en, pesan: m.id }, status(r), retry);
      },
    },
    {
      method: 'POST',
      path: '/api/logout',
      access: 'signed-in',
      api: true,
      doc: { summary: 'Sign out (ends the session)', tags: ['auth'] },
      handler: async (ctx) => {
        await logout(d, ctx);
        return json({ ok: true }, 200, { 'Set-Cookie': [sessionCookie(ctx, '', 0)] });
      },
    },
  ];
}

async function logout(d: ReviewDeps, ctx: RequestContext): Promise<void> {
  const token = /(?:^|;\s*)netra_session=([^;]+)/.exec(ctx.req.headers.cookie ?? '')?.[1];
  if (token) await deleteSession(d.db, decodeURIComponent(token));
  await appendAudit(d.db, { actor: `user:${ctx.user!.username}`, action: 'logout', entityType: 'user', entityId: ctx.user!.userId });
}
