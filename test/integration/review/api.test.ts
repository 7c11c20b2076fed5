import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../../src/log/logger.ts';
import { createReviewApp, DEFAULT_REVIEW_SETTINGS } from '../../../src/review/app.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { auditHistory } from '../../../src/repositories/audit.repository.ts';
import { custodyChainHead, recordEvidence } from '../../../src/repositories/evidence.repository.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

describe.each(testDialects())('review API on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  let evidenceDir: string;
  const flags: Record<string, number> = {};
  const as = async (user: string) => {
    const c = new ApiClient(srv.url);
    expect(await c.login(user, TEST_PASSWORD)).toBe(200);
    return c;
  };

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const [u, r] of [
      ['admin', 'admin'],
      ['dewi', 'supervisor'],
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['rina', 'researcher'],
    ] as const)
      await seedUser(t.db, u, r);
    const day = 86_400_000;
    flags['top'] = (
      await seedFlag(t.db, {
        text: 'Coblos 02 #02Melanjutkan',
        priority: 90,
        agency: 'Dinas Kesehatan',
        region: 'Kota Bogor',
        nip: '199001012020011001',
        personName: 'Andi Wijaya',
      })
    ).flagId;
    flags['mid'] = (
      await seedFlag(t.db, {
        text: 'Ayo pilih nomor 1',
        priority: 60,
        labels: ['partisan'],
        nip: '199001012020011001',
        personName: 'Andi Wijaya',
        agency: 'Dinas Kesehatan',
        region: 'Kota Bogor',
      })
    ).flagId;
    flags['hate'] = (
      await seedFlag(t.db, { text: 'dasar kadrun', priority: 40, labels: ['hate'], postedAt: new Date(Date.now() - 3 * day) })
    ).flagId;
    flags['xss'] = (
      await seedFlag(t.db, { text: '<script>alert(1)</script><img src=x onerror=alert(2)> coblos', priority: 10, labels: ['partisan'] })
    ).flagId;
    evidenceDir = await mkdtemp(path.join(os.tmpdir(), 'netra-ev-'));
    await mkdir(path.join(evidenceDir, 'sha256'), { recursive: true });
    await writeFile(path.join(evidenceDir, 'sha256', 'a.png'), Buffer.from('89504e470d0a1a0a', 'hex'));
    await writeFile(path.join(evidenceDir, 'sha256', 'b.mhtml'), '<html><script>alert(1)</script></html>');
    const post = await t.db.selectFrom('flags').select('post_id').where('id', '=', flags['top']!).executeTakeFirstOrThrow();
    for (const [kind, file, mime] of [
      ['screenshot', 'sha256/a.png', 'image/png'],
      ['page-mhtml', 'sha256/b.mhtml', 'multipart/related'],
      ['screenshot', '../../etc/passwd', 'image/png'],
    ] as const)
      await t.db
        .insertInto('evidence')
        .values({
          post_id: post.post_id!,
          kind,
          storage_path: file,
          sha256: `${kind}${file}`.padEnd(64, '0').slice(0, 64),
          bytes: 8,
          mime,
          captured_at: new Date(),
          captured_at_wib: '2024-02-01 10:00:00 WIB',
        })
        .execute();
    srv = await startReviewServer(t.db, { evidenceDir });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
    if (evidenceDir) await rm(evidenceDir, { recursive: true, force: true });
  });

  it('signs in with an httpOnly SameSite cookie, Secure behind X-Forwarded-Proto, and signs out', async () => {
    const c = new ApiClient(srv.url);
    const s = await c.get('/api/session');
    expect(s.json).toMatchObject({ user: null });
    c.csrf = s.json.csrfToken;
    expect((await c.post('/api/login', { username: 'sari', password: 'salah-sekali-123' })).status).toBe(401);
    const ok = await c.post('/api/login', { username: 'SARI', password: TEST_PASSWORD });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.getSetCookie().find((x) => x.startsWith('netra_session='))!;
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    c.csrf = ok.json.csrfToken;
    expect((await c.get('/api/session')).json.user).toEqual({ username: 'sari', displayName: 'Sari', role: 'analyst' });
    expect((await c.post('/api/logout')).status).toBe(200);
    expect((await c.get('/api/queue')).status).toBe(401);

    // X-Forwarded-Proto is believed only from a trusted proxy: here there is none, so no Secure.
    const proxied = new ApiClient(srv.url);
    const pre = await proxied.request('GET', '/api/session', undefined, { headers: { 'x-forwarded-proto': 'https' } });
    proxied.csrf = pre.json.csrfToken;
    const r = await proxied.request(
      'POST',
      '/api/login',
      { username: 'sari', password: TEST_PASSWORD },
      { headers: { 'x-forwarded-proto': 'https' } },
    );
    expect(r.headers.getSetCookie().find((x) => x.startsWith('netra_session='))).not.toMatch(/; Secure/);
    expect(r.headers.get('strict-transport-security')).toBeNull();
    const behindProxy = await startReviewServer(t.db, { trustProxy: true });
    try {
      const c2 = new ApiClient(behindProxy.url);
      const pre2 = await c2.request('GET', '/api/session', undefined, { headers: { 'x-forwarded-proto': 'https' } });
      c2.csrf = pre2.json.csrfToken;
      const r2 = await c2.request(
        'POST',
        '/api/login',
        { username: 'sari', password: TEST_PASSWORD },
        { headers: { 'x-forwarded-proto': 'https', 'x-forwarded-for': '203.0.113.9' } },
      );
      expect(r2.headers.getSetCookie().find((x) => x.startsWith('netra_session='))).toMatch(/; Secure/);
      expect(r2.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
    } finally {
      await behindProxy.close();
    }
  });

  it('sends a strict CSP and the other security headers on every answer', async () => {
    const c = await as('sari');
    for (const p of ['/login', '/queue', `/flags/${flags['top']}`, '/api/queue', '/static/app.js', '/nope']) {
      const r = await c.get(p);
      expect(r.headers.get('content-security-policy'), p).toMatch(/default-src 'none'; script-src 'self'; style-src 'self'/);
      expect(r.headers.get('x-content-type-options')).toBe('nosniff');
      expect(r.headers.get('x-frame-options')).toBe('DENY');
    }
  });

  it('switches the pages to English and back', async () => {
    const c = await as('sari');
    expect((await c.get('/queue')).text).toContain('Ambil berikutnya');
    const r = await c.post('/lang', { to: 'en', _csrf: c.csrf }, { form: true, csrf: null });
    expect(r.status).toBe(303);
    expect((await c.get('/queue')).text).toContain('Take next');
    await c.post('/lang', { to: 'id', _csrf: c.csrf }, { form: true, csrf: null });
    expect((await c.get('/queue')).text).toContain('Ambil berikutnya');
  });

  it('refuses every state change without the CSRF token, with a wrong one, or from another origin', async () => {
    const c = await as('sari');
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
    const changing = app.routes.filter((r) => r.method !== 'GET');
    expect(changing.length).toBeGreaterThan(15);
    for (const r of changing) {
      const p = r.path.replace(':id', String(flags['mid'])).replace(':username', 'budi');
      for (const csrf of [null, 'wrong-token']) {
        const res = await c.request(r.method, p, { version: 1, decision: 'escalate', text: 'x' }, { csrf });
        expect(res.status, `${r.method} ${p} csrf=${csrf}`).toBe(403);
        if (r.api) expect(res.json.error).toBe('csrf_failed');
      }
    }
    const cross = await c.request(
      'POST',
      `/api/flags/${flags['mid']}/notes`,
      { text: 'x' },
      { headers: { origin: 'https://evil.example' } },
    );
    expect(cross.status).toBe(403);
    // The pre-login form needs its own double-submit token.
    const anon = new ApiClient(srv.url);
    expect((await anon.post('/api/login', { username: 'sari', password: TEST_PASSWORD }, { csrf: null })).status).toBe(403);
    expect((await t.db.selectFrom('flag_notes').selectAll().execute()).length).toBe(0);
  });

  it('asks for a session on every non-public route and checks the role on each', async () => {
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
    const anon = new ApiClient(srv.url);
    await anon.get('/api/session').then((r) => (anon.csrf = r.json.csrfToken));
    const researcher = await as('rina');
    const analyst = await as('sari');
    for (const r of app.routes) {
      const p = r.path.replace(':id', String(flags['hate'])).replace(':username', 'budi');
      if (r.access === 'public') continue;
      const a = await anon.request(r.method, p, r.method === 'GET' ? undefined : {});
      if (r.api) expect(a.status, `anonymous ${r.method} ${p}`).toBe(401);
      else {
        expect(a.status, `anonymous ${r.method} ${p}`).toBe(303);
        expect(a.headers.get('location')).toMatch(/^\/login\?next=/);
      }
      if (r.access !== 'signed-in' && r.access !== 'dashboard.read') {
        const res = await researcher.request(r.method, p, r.method === 'GET' ? undefined : {});
        expect(res.status, `researcher ${r.method} ${p}`).toBe(403);
      }
      if (r.access === 'users.manage')
        expect((await analyst.request(r.method, p, r.method === 'GET' ? undefined : {})).status, `analyst ${r.method} ${p}`).toBe(403);
    }
    expect((await researcher.get('/api/dashboard')).status).toBe(200);
    const q = await researcher.get('/queue');
    expect(q.status).toBe(403);
    expect(q.text).toMatch(/Akses ditolak/);
  });

  it('lists the queue by priority with filters and the deadline', async () => {
    const c = await as('sari');
    const all = await c.get('/api/queue');
    expect(all.status).toBe(200);
    const ids = all.json.items.map((i: { id: number }) => i.id);
    expect(ids.indexOf(flags['top'])).toBeLessThan(ids.indexOf(flags['mid']));
    expect(all.json.items[0].deadline).toBeDefined();
    const hate = await c.get('/api/queue?label=hate');
    expect(hate.json.items.map((i: { id: number }) => i.id)).toEqual([flags['hate']]);
    expect((await c.get('/api/queue?agency=dinas%20kesehatan')).json.total).toBe(2);
    expect((await c.get('/api/queue?label=spam')).status).toBe(400);
    expect((await c.get('/api/queue?from=2024-13')).json).toMatchObject({ error: 'invalid_input', details: { field: 'from' } });
  });

  it('take next: two analysts get different flags, a held claim comes back, a stale claim is released', async () => {
    const sari = await as('sari');
    const budi = await as('budi');
    const [a, b] = await Promise.all([sari.post('/api/queue/next'), budi.post('/api/queue/next')]);
    expect(a.status).toBe(200);
    expect(b.status).toBe(200);
    expect(a.json.flag.id).not.toBe(b.json.flag.id);
    expect([a.json.flag.id, b.json.flag.id].sort()).toEqual([flags['top'], flags['mid']].sort());
    expect((await sari.post('/api/queue/next')).json.flag.id).toBe(a.json.flag.id);
    expect((await budi.post(`/api/flags/${a.json.flag.id}/claim`)).status).toBe(409);
    // Sari walks away: her claim expires and goes to the next analyst.
    await t.db
      .updateTable('flags')
      .set({ claim_expires_at: new Date(Date.now() - 1000) })
      .where('id', '=', a.json.flag.id)
      .execute();
    expect((await budi.post(`/api/flags/${b.json.flag.id}/release`)).status).toBe(200);
    const again = await budi.post('/api/queue/next');
    expect(again.json.flag.id).toBe(flags['top']);
    const audit = await auditHistory(t.db, 'flag', a.json.flag.id);
    expect(audit.map((x) => x.action)).toContain('flag.claim_expired');
    expect((await budi.post(`/api/flags/${flags['top']}/release`)).status).toBe(200);
  });

  it('shows a flag with identity, evidence and history, and serves evidence files safely', async () => {
    const c = await as('sari');
    const r = await c.get(`/api/flags/${flags['top']}`);
    expect(r.status).toBe(200);
    expect(r.json.person).toMatchObject({ name: 'Andi Wijaya', nip: '199001012020011001', agency: 'Dinas Kesehatan' });
    expect(r.json.account.linkSource).toBe('bio menyebut jabatan');
    expect(r.json.otherFlags.map((o: { id: number }) => o.id)).toEqual([flags['mid']]);
    expect(r.json.evidence).toHaveLength(3);
    const [png, mhtml, bad] = r.json.evidence as { id: number }[];
    const img = await c.get(`/evidence/${png!.id}`);
    expect(img.status).toBe(200);
    expect(img.headers.get('content-type')).toBe('image/png');
    expect(img.headers.get('content-disposition')).toMatch(/^inline/);
    const arch = await c.get(`/api/evidence/${mhtml!.id}`);
    expect(arch.headers.get('content-type')).toBe('application/octet-stream');
    expect(arch.headers.get('content-disposition')).toMatch(/^attachment/);
    expect(arch.headers.get('content-security-policy')).toMatch(/^sandbox/);
    expect((await c.get(`/evidence/${bad!.id}`)).status).toBe(404);
    expect((await c.get('/api/flags/999999')).status).toBe(404);
    expect((await c.get('/api/flags/abc')).status).toBe(404);
  });

  it('renders attacker-controlled post text as text', async () => {
    const c = await as('sari');
    const r = await c.get(`/flags/${flags['xss']}`);
    expect(r.status).toBe(200);
    expect(r.text).not.toMatch(/<script>alert|<img src=x/);
    expect(r.text).toContain('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;');
    expect(r.text).not.toMatch(/<script(?! src="\/static\/app\.js")/);
    const q = await c.get('/queue?label=partisan');
    expect(q.text).toContain('&lt;script&gt;');
    expect(q.text).not.toMatch(/<img src=x/);
  });

  it('decides with optimistic concurrency: the second analyst is told and nothing is overwritten', async () => {
    const sari = await as('sari');
    const budi = await as('budi');
    const id = flags['mid']!;
    const v = (await sari.get(`/api/flags/${id}`)).json.flag.version;
    expect((await sari.post(`/api/flags/${id}/decisions`, { version: v, decision: 'confirm' })).json).toMatchObject({
      error: 'invalid_input',
      details: { field: 'skbItem' },
    });
    const first = await sari.post(`/api/flags/${id}/decisions`, { version: v, decision: 'confirm', skbItem: 6, note: 'kampanye daring' });
    expect(first.status).toBe(200);
    expect(first.json.flag.status).toBe('confirmed');
    const second = await budi.post(`/api/flags/${id}/decisions`, { version: v, decision: 'dismiss', dismissReason: 'neutral_context' });
    expect(second.status).toBe(409);
    expect(second.json.message).toMatch(/Sari \(sari\)/);
    expect(second.json.details).toMatchObject({ currentStatus: 'confirmed', lastDecision: { decision: 'confirm', by: 'sari' } });
    const after = (await sari.get(`/api/flags/${id}`)).json;
    expect(after.flag.status).toBe('confirmed');
    expect(after.decisions).toHaveLength(1);
    // The form version of the same conflict re-renders the page with the message (409).
    const page = await budi.post(
      `/flags/${id}/decide`,
      { version: String(v), decision: 'dismiss', dismissReason: 'neutral_context', _csrf: budi.csrf },
      { form: true, csrf: null },
    );
    expect(page.status).toBe(409);
    expect(page.text).toMatch(/sudah diubah orang lain/);
  });

  it('escalation goes to a supervisor; researchers cannot decide', async () => {
    const sari = await as('sari');
    const dewi = await as('dewi');
    const rina = await as('rina');
    const id = flags['hate']!;
    expect((await rina.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'escalate' })).status).toBe(403);
    const esc = await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'escalate', note: 'perlu pendapat' });
    expect(esc.json.flag.status).toBe('escalated');
    const v = esc.json.flag.version;
    expect(
      (await sari.post(`/api/flags/${id}/decisions`, { version: v, decision: 'dismiss', dismissReason: 'neutral_context' })).status,
    ).toBe(403);
    const done = await dewi.post(`/api/flags/${id}/decisions`, {
      version: v,
      decision: 'dismiss',
      dismissReason: 'other',
      dismissText: 'kritik kebijakan',
    });
    expect(done.status).toBe(200);
    expect((await sari.post(`/api/flags/${id}/notes`, { text: 'setuju' })).status).toBe(200);
    expect((await sari.get(`/api/flags/${id}`)).json.notes.map((n: { text: string }) => n.text)).toEqual(['setuju']);
  });

  it('gives the case report of a confirmed flag only, and saves its narrative with a version check', async () => {
    const c = await as('sari');
    expect((await c.get(`/api/flags/${flags['xss']}/report`)).status).toBe(409);
    // The report carries the head of the evidence custody chain, for `netra evidence verify --anchor`.
    const { post_id } = await t.db.selectFrom('flags').select('post_id').where('id', '=', flags['mid']!).executeTakeFirstOrThrow();
    await t.db.transaction().execute((trx) =>
      recordEvidence(trx, [
        {
          postId: post_id!,
          postVersion: 1,
          kind: 'screenshot',
          storagePath: `sha256/aa/bb/${'a'.repeat(64)}.png`,
          sha256: 'a'.repeat(64),
          bytes: 1,
          mime: 'image/png',
          url: null,
          capturedAt: new Date(),
          capturedAtWib: '-',
          collectorVersion: 'test',
          source: 'test',
          method: 'manual',
          actor: 'user:sari',
        },
      ]),
    );
    const r = await c.get(`/api/flags/${flags['mid']}/report`);
    expect(r.json.evidenceChainHead).toEqual(await custodyChainHead(t.db));
    expect(r.json.evidenceChainHead.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(r.status).toBe(200);
    expect(r.json.formal).toMatchObject({
      reportingUnit: 'Bawaslu Kota Uji',
      reporterName: 'Sari',
      reported: { name: 'Andi Wijaya', nip: '199001012020011001' },
      withinDeadline: true,
    });
    expect(r.json.material.skbItem).toMatchObject({ number: 6, level: 'berat' });
    expect(r.json.material.narrative).toMatch(/SKB 2022 butir 6/);
    expect(
      (await c.request('PUT', `/api/flags/${flags['mid']}/report`, { version: 0, narrative: 'Uraian versi analis.' })).json.version,
    ).toBe(1);
    expect((await c.request('PUT', `/api/flags/${flags['mid']}/report`, { version: 0, narrative: 'Tulisan lain.' })).status).toBe(409);
    expect((await c.get(`/api/flags/${flags['mid']}/report`)).json.material.narrative).toBe('Uraian versi analis.');
    const html = await c.get(`/flags/${flags['mid']}/report`);
    expect(html.text).toContain('Laporan Dugaan Pelanggaran Netralitas ASN');
  });

  it('dashboard figures follow the decisions', async () => {
    const c = await as('rina');
    const d = (await c.get('/api/dashboard?days=7')).json;
    expect(d.days).toHaveLength(7);
    expect(d.days.at(-1).flags).toBeGreaterThanOrEqual(4);
    expect(d.days.at(-1).confirmed).toBe(1);
    expect(d.confirmation.find((x: { label: string }) => x.label === 'partisan')).toMatchObject({ confirmed: 1, dismissed: 0, rate: 1 });
    expect(d.confirmation.find((x: { label: string }) => x.label === 'hate')).toMatchObject({ confirmed: 0, dismissed: 1, rate: 0 });
    const page = await c.get('/dashboard');
    expect(page.text).toMatch(/<svg class="chart"/);
  });

  it('admins manage users; the OpenAPI document lists every API route', async () => {
    const admin = await as('admin');
    const created = await admin.post('/api/users', {
      username: 'eka',
      role: 'analyst',
      displayName: 'Eka',
      password: 'sandi-eka-panjang-1',
    });
    expect(created.status).toBe(201);
    expect(JSON.stringify(created.json)).not.toMatch(/scrypt/);
    expect((await admin.post('/api/users', { username: 'eka', role: 'analyst', password: 'sandi-eka-panjang-1' })).status).toBe(409);
    expect((await admin.post('/api/users', { username: 'x1', role: 'analyst', password: 'pendek' })).json.details.field).toBe('password');
    expect((await admin.post('/api/users/eka/disable')).status).toBe(200);
    expect(await new ApiClient(srv.url).login('eka', 'sandi-eka-panjang-1')).toBe(401);
    const doc = (await new ApiClient(srv.url).get('/api/openapi.json')).json;
    expect(doc.openapi).toBe('3.1.0');
    for (const p of [
      '/api/queue',
      '/api/queue/next',
      '/api/flags/{id}',
      '/api/flags/{id}/decisions',
      '/api/flags/{id}/report',
      '/api/dashboard',
      '/api/users',
      '/api/login',
    ])
      expect(doc.paths[p], p).toBeDefined();
    expect(doc.paths['/api/flags/{id}/decisions'].post['x-permission']).toBe('flag.decide');
  });
});

describe('login lockout and rate limit', () => {
  let t: TestDb;
  let srv: ListeningServer;
  beforeAll(async () => {
    t = await openTestDb('pglite');
    await seedUser(t.db, 'sari', 'analyst');
    await seedUser(t.db, 'budi', 'analyst');
    srv = await startReviewServer(t.db, { loginMaxFailures: 3, loginRateLimit: 5 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('locks an account after repeated failures, then limits the address', async () => {
    const c = new ApiClient(srv.url);
    for (let i = 0; i < 2; i++) expect(await c.login('sari', 'salah-salah-salah')).toBe(401);
    const third = await c.post('/api/login', { username: 'sari', password: 'salah-salah-salah' });
    expect(third.status).toBe(429);
    expect(third.json.error).toBe('locked');
    expect(Number(third.headers.get('retry-after'))).toBeGreaterThan(800);
    // The right password does not open a locked account.
    expect(await c.login('sari', TEST_PASSWORD)).toBe(429);
    const u = await t.db.selectFrom('login_throttle').selectAll().where('key', '=', 'account:sari').executeTakeFirstOrThrow();
    expect(u.attempts).toBeGreaterThanOrEqual(3);
    expect(u.locked_until!.getTime()).toBeGreaterThan(Date.now());
    expect(await c.login('nobody', 'salah-salah-salah')).toBe(401);
    // Five failures from this address: now everyone is refused from here for a while.
    const r = await c.post('/api/login', { username: 'budi', password: TEST_PASSWORD });
    expect(r.status).toBe(429);
    expect(r.json.error).toBe('rate_limited');
    const actions = (await t.db.selectFrom('audit_log').select('action').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['login.failed', 'login.account_locked', 'login.locked', 'login.rate_limited']));
  });
});
