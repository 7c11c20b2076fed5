import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseStaleClaims } from '../../../src/repositories/queue.repository.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const DAY = 86_400_000;

describe.each(testDialects())("the analysts' tools on %s", (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  const f: Record<string, number> = {};
  const as = async (user: string, password = TEST_PASSWORD) => {
    const c = new ApiClient(srv.url);
    expect(await c.login(user, password)).toBe(200);
    return c;
  };
  const ids = (r: { json: { items: { id: number }[] } }) => r.json.items.map((x) => x.id);
  const version = async (id: number) =>
    (await t.db.selectFrom('flags').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const [u, r] of [
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['dewi', 'supervisor'],
      ['admin', 'admin'],
      ['rina', 'researcher'],
      ['tono', 'analyst'],
    ] as const)
      await seedUser(t.db, u, r);
    const now = Date.now();
    f['siti'] = (
      await seedFlag(t.db, {
        text: 'Ayo coblos Prabowo-Gibran di TPS!',
        nip: '198501012010011001',
        personName: 'Siti Nurhaliza',
        handle: 'siti_nur',
        priority: 20,
        postedAt: new Date(now - 4 * DAY),
      })
    ).flagId;
    f['amplop'] = (
      await seedFlag(t.db, {
        text: 'Bagi amplop serangan fajar',
        labels: ['money_politics'],
        priority: 90,
        postedAt: new Date(now - 1 * DAY),
      })
    ).flagId;
    for (let i = 0; i < 4; i++)
      f[`bulk${i}`] = (
        await seedFlag(t.db, { text: `berita netral ${i}`, priority: 30 + i, postedAt: new Date(now - (2 + i) * DAY) })
      ).flagId;
    srv = await startReviewServer(t.db, { secondReviewShare: 0 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('searches post words (as prefixes), a name, @handle, NIP and #number', async () => {
    const sari = await as('sari');
    const q = async (s: string) => ids(await sari.get(`/api/search?q=${encodeURIComponent(s)}`));
    expect(await q('coblos')).toEqual([f['siti']]);
    expect(await q('prab gibran')).toEqual([f['siti']]);
    expect(await q('nurhal')).toEqual([f['siti']]);
    expect(await q('@siti_nur')).toEqual([f['siti']]);
    expect(await q('19850101 2010')).toEqual([f['siti']]);
    expect(await q(`#${f['amplop']}`)).toEqual([f['amplop']]);
    expect(await q('tidakadayangcocok')).toEqual([]);
    for (const odd of ["o'neil", '100%_', '\\', 'a & b | !c', '(('])
      expect((await sari.get(`/api/search?q=${encodeURIComponent(odd)}`)).status, odd).toBe(200);
    const page = await sari.get('/search?q=amplop');
    expect(page.text).toMatch(new RegExp(`href="/flags/${f['amplop']}"`));
    expect((await (await as('rina')).get('/api/search?q=amplop')).status).toBe(403);
  });

  it('a supervisor assigns a flag to an analyst: it is theirs without a time limit, first when they take next, audited with the reason', async () => {
    const [sari, budi, dewi] = [await as('sari'), await as('budi'), await as('dewi')];
    const id = f['siti']!;
    expect((await sari.post(`/api/flags/${id}/assign`, { assignee: 'budi' })).status).toBe(403);
    expect((await dewi.post(`/api/flags/${id}/assign`, { assignee: 'rina' })).json).toMatchObject({
      error: 'invalid_input',
      details: { field: 'assignee' },
    });
    const r = await dewi.post(`/api/flags/${id}/assign`, { assignee: 'sari', reason: 'wilayah Sari' });
    expect(r.json.flag).toMatchObject({ status: 'claimed', assignee: 'sari', claim_expires_at: null });
    expect((await releaseStaleClaims(t.db, new Date(Date.now() + 365 * DAY))).includes(id)).toBe(false);
    expect((await budi.post('/api/queue/next')).json.flag.id).not.toBe(id);
    // The higher-ranked amplop flag is open, yet Sari's next is her assignment.
    expect((await sari.post('/api/queue/next')).json.flag.id).toBe(id);
    expect((await budi.post(`/api/flags/${id}/claim`)).status).toBe(409);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['actor', 'context', 'after'])
      .where('action', '=', 'flag.assigned')
      .where('entity_id', '=', String(id))
      .execute();
    expect(audit).toEqual([
      { actor: 'user:dewi', context: { reason: 'wilayah Sari' }, after: expect.objectContaining({ assignee: 'sari' }) },
    ]);
    expect((await sari.post(`/api/flags/${id}/release`)).status).toBe(200);
    await budi.post(`/api/flags/${(await budi.post('/api/queue/next')).json.flag.id}/release`);
  });

  it('bulk dismiss with a reason decides each flag on its own, audited per flag; a changed flag is skipped', async () => {
    const sari = await as('sari');
    const items = [0, 1, 2].map((i) => ({ id: f[`bulk${i}`]!, version: 1 }));
    items[2]!.version = 9; // seen at another version
    const r = await sari.post('/api/flags/bulk', {
      action: 'dismiss',
      flags: items,
      dismissReason: 'news_or_official_info',
      reason: 'berita resmi',
    });
    expect(r.json.results).toEqual([
      { id: items[0]!.id, ok: true },
      { id: items[1]!.id, ok: true },
      expect.objectContaining({ id: items[2]!.id, ok: false, error: 'version_conflict', pesan: expect.any(String) }),
    ]);
    const decided = await t.db
      .selectFrom('flag_decisions')
      .select(['flag_id', 'decision', 'dismiss_reason', 'note'])
      .where(
        'flag_id',
        'in',
        items.map((x) => x.id),
      )
      .orderBy('flag_id')
      .execute();
    expect(decided).toEqual(
      items.slice(0, 2).map((x) => ({ flag_id: x.id, decision: 'dismiss', dismiss_reason: 'news_or_official_info', note: 'berita resmi' })),
    );
    const audit = await t.db.selectFrom('audit_log').select(['entity_id', 'context']).where('action', '=', 'flag.dismissed').execute();
    expect(
      audit
        .filter((a) => (a.context as { bulk?: boolean }).bulk)
        .map((a) => Number(a.entity_id))
        .sort(),
    ).toEqual(
      items
        .slice(0, 2)
        .map((x) => x.id)
        .sort(),
    );
    expect(
      (await sari.post('/api/flags/bulk', { action: 'dismiss', flags: items.slice(2), dismissReason: 'not-a-reason' })).json.details.field,
    ).toBe('dismissReason');
    expect((await sari.post('/api/flags/bulk', { action: 'assign', flags: items.slice(2), assignee: 'budi' })).status).toBe(403);
    // The queue page's form: checkboxes `flag=ID:VERSION`.
    const form = await sari.post(
      '/queue/bulk',
      { action: 'dismiss', flag: `${f['bulk3']}:1`, dismissReason: 'neutral_context', _csrf: sari.csrf },
      { form: true, csrf: null },
    );
    expect(form.status).toBe(303);
    expect(form.headers.get('location')).toMatch(/msg=bulk&ok=1&failed=0/);
    const dewi = await as('dewi');
    const assigned = await dewi.post('/api/flags/bulk', {
      action: 'assign',
      flags: [{ id: items[2]!.id, version: await version(items[2]!.id) }],
      assignee: 'budi',
      reason: 'beban kerja',
    });
    expect(assigned.json.results).toEqual([{ id: items[2]!.id, ok: true }]);
  });

  it('sorts the queue by rank, post time, deadline or number, and refuses an unknown order', async () => {
    const sari = await as('sari');
    const posted = (await sari.get('/api/queue?sort=posted&dir=asc&status=open,claimed,dismissed')).json.items as { postedAt: string }[];
    expect(posted.map((x) => x.postedAt)).toEqual([...posted.map((x) => x.postedAt)].sort());
    const byId = ids(await sari.get('/api/queue?sort=id&dir=desc&status=open,claimed,dismissed'));
    expect(byId).toEqual([...byId].sort((a, b) => b - a));
    expect((await sari.get('/api/queue?sort=nama')).json).toMatchObject({ error: 'invalid_input', details: { field: 'sort' } });
    const page = await sari.get('/queue?sort=posted&dir=asc');
    expect(page.text).toMatch(/<th aria-sort="ascending"><a href="[^"]*sort=posted&amp;dir=desc[^"]*" class="sort" data-sort="posted">/);
  });

  it('admins manage users from the users page; others may not open it', async () => {
    const admin = await as('admin');
    expect((await (await as('sari')).get('/users')).status).toBe(403);
    const page = await admin.get('/users');
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/id="users-table"/);
    const post = (p: string, b: Record<string, string>) => admin.post(p, { ...b, _csrf: admin.csrf }, { form: true, csrf: null });
    expect(
      (await post('/users', { username: 'wulan', displayName: 'Wulan', role: 'analyst', password: 'kata-sandi-wulan-1' })).status,
    ).toBe(303);
    const dup = await post('/users', { username: 'wulan', role: 'analyst', password: 'kata-sandi-wulan-1' });
    expect(dup.status).toBe(409);
    expect(dup.text).toMatch(/Pengguna &quot;wulan&quot; sudah ada/);
    const weak = await post('/users', { username: 'weak', role: 'analyst', password: 'pendek' });
    expect(weak.text).toMatch(/Kata sandi minimal 12 karakter/);
    const wulan = await as('wulan', 'kata-sandi-wulan-1');
    expect((await post('/users/wulan/role', { role: 'supervisor' })).status).toBe(303);
    expect((await wulan.get('/api/queue')).status).toBe(401); // sessions end with a new role
    expect((await post('/users/wulan/password', { password: 'sandi-baru-wulan-22' })).status).toBe(303);
    const again = await as('wulan', 'sandi-baru-wulan-22');
    expect((await again.get('/api/escalations')).status).toBe(200);
    expect((await post('/users/wulan/disable', {})).status).toBe(303);
    expect(await new ApiClient(srv.url).login('wulan', 'sandi-baru-wulan-22')).toBe(401);
    expect((await post('/users/admin/disable', {})).text).toMatch(/tidak bisa menonaktifkan diri sendiri/);
    const actions = (await t.db.selectFrom('audit_log').select('action').where('actor', '=', 'user:admin').execute()).map((a) => a.action);
    expect(actions).toEqual(expect.arrayContaining(['user.created', 'user.role_changed', 'user.password_changed', 'user.disabled']));
  });

  it('a person changes their own password: the current one is checked and counted, other sessions end', async () => {
    const tono = await as('tono');
    const other = await as('tono');
    const wrong = await tono.post('/api/account/password', { currentPassword: 'bukan-ini-sandinya', newPassword: 'sandi-tono-yang-baru' });
    expect(wrong.json).toMatchObject({ error: 'invalid_input', details: { field: 'currentPassword' }, pesan: 'Kata sandi sekarang salah' });
    expect((await tono.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'pendek' })).json.details.field).toBe(
      'newPassword',
    );
    expect((await tono.post('/api/account/password', { currentPassword: TEST_PASSWORD, newPassword: 'sandi-tono-yang-baru' })).status).toBe(
      200,
    );
    expect((await tono.get('/api/session')).json.user.username).toBe('tono');
    expect((await other.get('/api/queue')).status).toBe(401);
    expect(await new ApiClient(srv.url).login('tono', TEST_PASSWORD)).toBe(401);
    const page = await (await as('tono', 'sandi-tono-yang-baru')).get('/account');
    expect(page.text).toMatch(/Ganti kata sandi/);
    // Wrong current passwords count against the login limit of the name.
    for (let i = 0; i < 5; i++)
      await tono.post('/api/account/password', { currentPassword: `salah-${i}-salah-salah`, newPassword: 'sandi-tono-yang-lain' });
    expect(
      (await tono.post('/api/account/password', { currentPassword: 'sandi-tono-yang-baru', newPassword: 'sandi-tono-yang-lain' })).status,
    ).toBe(429);
  });
});
