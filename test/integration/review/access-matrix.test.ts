import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { UserRole } from '../../../src/domain/roles.ts';
import { can } from '../../../src/domain/roles.ts';
import { createLogger } from '../../../src/log/logger.ts';
import { createReviewApp, DEFAULT_REVIEW_SETTINGS } from '../../../src/review/app.ts';
import type { Route } from '../../../src/review/http/route.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, type TestDb } from '../../helpers/test-db.ts';

/**
 * Every route, five identities (nobody, researcher, analyst, supervisor, admin): a route is
 * refused exactly to those its access rule excludes, and no request ends in a server error.
 */
describe('who may call each route', () => {
  let t: TestDb;
  let srv: ListeningServer;
  let routes: Route[];
  let flagId: number;
  const ROLES: UserRole[] = ['researcher', 'analyst', 'supervisor', 'admin'];

  beforeAll(async () => {
    t = await openTestDb('pglite');
    for (const r of ROLES) await seedUser(t.db, `u_${r}`, r);
    await seedUser(t.db, 'zz', 'analyst');
    flagId = (await seedFlag(t.db, { text: 'coblos nomor dua' })).flagId;
    srv = await startReviewServer(t.db, { loginRateLimit: 10_000 });
    const app = await createReviewApp({
      db: t.db,
      logger: createLogger({ level: 'silent', format: 'json' }),
      settings: {
        ...DEFAULT_REVIEW_SETTINGS,
        sessionTtlMs: 1,
        claimMs: 1,
        trustProxy: false,
        reportingUnit: 'x',
        chromiumPath: 'x',
        evidenceDir: 'x',
      },
    });
    routes = app.routes;
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  const client = async (role: UserRole | 'anonymous') => {
    const c = new ApiClient(srv.url);
    if (role === 'anonymous') c.csrf = (await c.get('/api/session')).json.csrfToken;
    else expect(await c.login(`u_${role}`, TEST_PASSWORD)).toBe(200);
    return c;
  };
  const refusedForRole = (r: { status: number; json: { error?: string } | undefined; text: string }) =>
    r.status === 403 &&
    (r.json
      ? r.json.error === 'forbidden' && /may not open this/.test((r.json as { message?: string }).message ?? '')
      : /Peran Anda \(.*\) tidak boleh membuka ini/.test(r.text));

  it('refuses exactly whom each route excludes, for all routes and five identities, and never fails with a 500', async () => {
    expect(routes.length).toBeGreaterThan(60);
    const checked: string[] = [];
    // Signing out last: it ends the session the other routes need.
    const ordered = [...routes.filter((r) => !r.path.includes('logout')), ...routes.filter((r) => r.path.includes('logout'))];
    for (const who of ['anonymous', ...ROLES] as const) {
      let c = await client(who);
      for (const route of ordered) {
        const path = route.path.replace(':id', String(flagId)).replace(':username', 'zz');
        if (route.path.endsWith('.pdf')) continue; // Chromium; its access is the report's (checked above it)
        const res = await c.request(route.method, path, route.method === 'GET' ? undefined : {});
        const label = `${who} ${route.method} ${route.path}`;
        expect(res.status, label).not.toBe(500);
        if (route.access === 'public') expect(refusedForRole(res), label).toBe(false);
        else if (who === 'anonymous') {
          if (route.api) expect(res.status, label).toBe(401);
          else expect([res.status, res.headers.get('location')?.startsWith('/login?next=')], label).toEqual([303, true]);
        } else {
          const allowed = route.access === 'signed-in' || can(who, route.access);
          expect(res.status, label).not.toBe(401);
          expect(refusedForRole(res), `${label} (allowed: ${allowed})`).toBe(!allowed);
        }
        checked.push(label);
        if (route.path.includes('logout') && who !== 'anonymous') c = await client(who);
      }
    }
    expect(checked.length).toBeGreaterThan(5 * 58);
  });
});
