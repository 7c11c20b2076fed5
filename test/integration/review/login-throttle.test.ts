import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { login } from '../../../src/review/auth/login.ts';
import { hashPassword } from '../../../src/review/auth/password.ts';
import { PasswordGate } from '../../../src/review/auth/password-gate.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { createUser, findUserForLogin } from '../../../src/repositories/users.repository.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedUser, TEST_PASSWORD, TEST_SCRYPT } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const WRONG = 'salah-salah-salah-1';

/** A login with its own pre-login CSRF token; `from` is the client address a trusted proxy reports. */
async function attempt(base: string, username: string, password: string, from?: string) {
  const c = new ApiClient(base);
  c.csrf = (await c.get('/api/session')).json.csrfToken;
  const t0 = performance.now();
  const r = await c.request(
    'POST',
    '/api/login',
    { username, password },
    { headers: from ? { 'x-forwarded-for': `10.9.8.7, ${from}` } : {} },
  );
  return {
    status: r.status,
    body: r.json as { error?: string; message?: string; pesan?: string },
    retryAfter: r.headers.get('retry-after'),
    ms: performance.now() - t0,
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

describe.each(testDialects())('login limits under parallel requests on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  const checks = async () =>
    (
      await t.db
        .selectFrom('audit_log')
        .select(['action', 'context'])
        .where('action', 'in', ['login.failed', 'login.succeeded', 'login.locked'])
        .execute()
    ).filter((a) => a.action !== 'login.locked' || (a.context as { rightPassword?: boolean } | null)?.rightPassword).length;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const u of ['sari', 'budi', 'eka', 'eko', 'rudi', 'wati']) await seedUser(t.db, u, 'analyst');
    // Each request comes from its own address (as through a botnet), so only the account limit applies.
    srv = await startReviewServer(t.db, { trustProxy: true, loginRateLimit: 1000, passwordChecks: 4 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('30 simultaneous logins after the lockout, one with the right password: none gets in', async () => {
    for (let i = 0; i < 5; i++) await attempt(srv.url, 'sari', WRONG, `198.51.100.${i + 1}`);
    expect((await attempt(srv.url, 'sari', TEST_PASSWORD, '198.51.100.99')).status).toBe(429);
    const burst = await Promise.all(
      Array.from({ length: 30 }, (_, i) => attempt(srv.url, 'sari', i === 17 ? TEST_PASSWORD : WRONG, `203.0.113.${i + 1}`)),
    );
    expect(burst.filter((r) => r.status === 200)).toHaveLength(0);
    expect(burst.every((r) => r.status === 429 && r.body.error === 'locked')).toBe(true);
  });

  it('the right password does not get in once wrong attempts in flight have used up the limit, nor after they lock the account mid-check', async () => {
    // A gate that holds every password check until the test lets it run: the order is ours.
    class HoldingGate extends PasswordGate {
      readonly held: (() => void)[] = [];
      override run<T>(fn: () => Promise<T>): Promise<T> {
        return new Promise<void>((go) => this.held.push(go)).then(fn);
      }
    }
    const settings = {
      maxFailures: 5,
      lockMs: 60_000,
      addressLimit: 1000,
      addressWindowMs: 60_000,
      sessionTtlMs: 60_000,
      scrypt: TEST_SCRYPT,
    };
    const at = (i: number) => ({ ip: `192.0.2.${i}` });
    // 1. Five wrong attempts are being checked; the right one comes sixth: refused without a check.
    const gate = new HoldingGate();
    const wrong = Array.from({ length: 5 }, (_, i) => login(t.db, { username: 'budi', password: WRONG, ...at(i) }, settings, gate));
    while (gate.held.length < 5) await sleep(10);
    const right = await login(t.db, { username: 'budi', password: TEST_PASSWORD, ...at(9) }, settings, gate);
    expect(right).toMatchObject({ ok: false, reason: 'locked' });
    expect(gate.held).toHaveLength(5);
    gate.held.splice(0).forEach((go) => go());
    expect((await Promise.all(wrong)).map((r) => r.ok)).toEqual([false, false, false, false, false]);
    // 2. The right one among the first five, its check finishing after the other four locked it: refused.
    await t.db.deleteFrom('login_throttle').execute();
    const gate2 = new HoldingGate();
    // One at a time, so the held checks are in a known order: wrong, right, then three wrong.
    const early = [login(t.db, { username: 'budi', password: WRONG, ...at(1) }, settings, gate2)];
    while (gate2.held.length < 1) await sleep(10);
    early.push(login(t.db, { username: 'budi', password: TEST_PASSWORD, ...at(2) }, settings, gate2));
    while (gate2.held.length < 2) await sleep(10);
    const late = Array.from({ length: 3 }, (_, i) => login(t.db, { username: 'budi', password: WRONG, ...at(3 + i) }, settings, gate2));
    while (gate2.held.length < 5) await sleep(10);
    const [w1, goRight, ...rest] = gate2.held.splice(0);
    for (const go of [w1!, ...rest]) go();
    await Promise.all([early[0]!, ...late]);
    goRight!();
    expect(await early[1]!).toMatchObject({ ok: false, reason: 'locked' });
  });

  it('30 logins at once before any lockout: at most five password checks, the rest refused unchecked', async () => {
    const before = await checks();
    const burst = await Promise.all(Array.from({ length: 30 }, (_, i) => attempt(srv.url, 'eko', WRONG, `192.0.2.${i + 1}`)));
    expect((await checks()) - before).toBeLessThanOrEqual(5);
    expect(burst.filter((r) => r.status === 429).length).toBeGreaterThanOrEqual(25);
  });

  it('an unknown name is counted, locked and answered like a real one', async () => {
    const real: Awaited<ReturnType<typeof attempt>>[] = [];
    const ghost: Awaited<ReturnType<typeof attempt>>[] = [];
    for (let i = 0; i < 7; i++) {
      real.push(await attempt(srv.url, 'eka', WRONG, `198.18.0.${i + 1}`));
      ghost.push(await attempt(srv.url, 'tidak-ada', WRONG, `198.18.1.${i + 1}`));
    }
    expect(real.map((r) => r.status)).toEqual([401, 401, 401, 401, 429, 429, 429]);
    expect(ghost.map((r) => r.status)).toEqual(real.map((r) => r.status));
    for (let i = 0; i < 7; i++) expect(ghost[i]!.body).toEqual(real[i]!.body);
    expect(Math.abs(Number(ghost[6]!.retryAfter) - Number(real[6]!.retryAfter))).toBeLessThanOrEqual(2);
  });

  it('a wrong password costs the same whether or not the name exists', async () => {
    // Users hashed at the server's cost; one attempt per name so nothing locks.
    const known: number[] = [];
    const unknown: number[] = [];
    for (let i = 0; i < 7; i++) {
      await createUser(
        t.db,
        { username: `waktu${i}`, displayName: `Waktu ${i}`, role: 'analyst', passwordHash: await hashPassword(TEST_PASSWORD, TEST_SCRYPT) },
        'test',
      );
      known.push((await attempt(srv.url, `waktu${i}`, WRONG, `198.19.0.${i + 1}`)).ms);
      unknown.push((await attempt(srv.url, `hantu${i}`, WRONG, `198.19.1.${i + 1}`)).ms);
    }
    const ratio = median(unknown) / median(known);
    expect(ratio).toBeGreaterThan(0.5);
    expect(ratio).toBeLessThan(2);
  });

  it('after a lock runs out one attempt goes through: a wrong one locks again, the right one gets in', async () => {
    const quick = await startReviewServer(t.db, { trustProxy: true, loginRateLimit: 1000, lockMs: 1500 });
    try {
      for (let i = 0; i < 5; i++) await attempt(quick.url, 'rudi', WRONG, `100.64.0.${i + 1}`);
      expect((await attempt(quick.url, 'rudi', TEST_PASSWORD, '100.64.0.9')).status).toBe(429);
      await sleep(1700);
      expect((await attempt(quick.url, 'rudi', WRONG, '100.64.0.10')).status).toBe(429);
      await sleep(1700);
      expect((await attempt(quick.url, 'rudi', TEST_PASSWORD, '100.64.0.11')).status).toBe(200);
      expect((await attempt(quick.url, 'rudi', WRONG, '100.64.0.12')).status).toBe(401);
    } finally {
      await quick.close();
    }
  });

  it('raises an old, cheaper hash to the current cost on the next login', async () => {
    await t.db
      .updateTable('users')
      .set({ password_hash: await hashPassword(TEST_PASSWORD, { N: 512, r: 8, p: 1 }) })
      .where('username', '=', 'wati')
      .execute();
    expect((await attempt(srv.url, 'wati', TEST_PASSWORD, '100.65.0.1')).status).toBe(200);
    expect((await findUserForLogin(t.db, 'wati'))!.password_hash).toMatch(new RegExp(`^scrypt\\$${TEST_SCRYPT.N}\\$8\\$1\\$`));
    expect((await attempt(srv.url, 'wati', TEST_PASSWORD, '100.65.0.2')).status).toBe(200);
  });
});

describe.each(testDialects())('the address limit on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    srv = await startReviewServer(t.db, { trustProxy: true });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('40 simultaneous wrong logins from one address: at most 20 are checked, the rest get 429, whatever the forged first hop', async () => {
    const burst = await Promise.all(
      Array.from({ length: 40 }, async (_, i) => {
        const c = new ApiClient(srv.url);
        c.csrf = (await c.get('/api/session')).json.csrfToken;
        // The client forges the first X-Forwarded-For entry; the proxy appends the real address.
        const r = await c.request(
          'POST',
          '/api/login',
          { username: `orang${i}`, password: WRONG },
          { headers: { 'x-forwarded-for': `172.16.${i}.1, 203.0.113.77` } },
        );
        return { status: r.status, error: (r.json as { error: string }).error };
      }),
    );
    expect(burst.filter((r) => r.status === 401).length).toBeLessThanOrEqual(20);
    expect(burst.filter((r) => r.status === 429 && r.error === 'rate_limited').length).toBeGreaterThanOrEqual(20);
    // Another address is not affected.
    expect((await attempt(srv.url, 'orang0', WRONG, '203.0.113.78')).status).toBe(401);
  });
});
