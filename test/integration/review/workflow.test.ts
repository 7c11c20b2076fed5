import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FLAG_STATUSES } from '../../../src/domain/statuses.ts';
import { resolveHumanLabels } from '../../../src/domain/human-labels.ts';
import { decisionsOf } from '../../../src/repositories/export.repository.ts';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

describe.each(testDialects())('the review workflow on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  const f: Record<string, number> = {};
  const as = async (user: string) => {
    const c = new ApiClient(srv.url);
    expect(await c.login(user, TEST_PASSWORD)).toBe(200);
    return c;
  };
  const version = async (id: number) =>
    (await t.db.selectFrom('flags').select('version').where('id', '=', id).executeTakeFirstOrThrow()).version;

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const [u, r] of [
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['eka', 'analyst'],
      ['dewi', 'supervisor'],
      ['admin', 'admin'],
    ] as const)
      await seedUser(t.db, u, r);
    for (const k of ['blind', 'withdraw', 'noEvidence', 'escalate', 'plain'])
      f[k] = (await seedFlag(t.db, { text: `Unggahan ${k}: coblos nomor 2`, labels: ['partisan'], priority: 50 })).flagId;
    // Every decided flag goes to a blind second review.
    srv = await startReviewServer(t.db, { secondReviewShare: 1 });
  });
  afterAll(async () => {
    await srv?.close();
    await t?.close();
  });

  it('keeps the second review blind: the first decision stays hidden from other analysts until they decide', async () => {
    const [sari, budi, eka, dewi] = [await as('sari'), await as('budi'), await as('eka'), await as('dewi')];
    const id = f['blind']!;
    expect(
      (await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'confirm', skbItem: 6, labels: ['partisan', 'hate'] })).status,
    ).toBe(200);
    for (const p of [`/api/flags/${id}`, `/api/flags/${id}/report`]) {
      const r = await budi.get(p);
      expect(r.status, p).toBe(403);
      expect(r.json).toMatchObject({ error: 'blind_review_pending', pesan: expect.stringMatching(/tinjauan kedua Anda yang buta/) });
    }
    const page = await budi.get(`/flags/${id}`);
    expect(page.status).toBe(403);
    expect(page.text).toMatch(/menunggu tinjauan kedua Anda/);
    expect(page.text).not.toMatch(/dikonfirmasi|Sari/);
    // Lists filtered by status leave it out; search shows it without status or labels.
    expect((await budi.get('/api/queue?status=confirmed')).json.items.map((x: { id: number }) => x.id)).not.toContain(id);
    expect((await budi.get(`/api/search?q=%23${id}`)).json.items).toEqual([expect.objectContaining({ id, status: 'blind', labels: [] })]);
    // Deciding or taking it late says it was decided, but not how nor by whom.
    for (const late of [
      await budi.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'dismiss', dismissReason: 'neutral_context' }),
      await budi.post(`/api/flags/${id}/claim`),
    ]) {
      expect(late.status).toBe(409);
      expect(late.json.details).toEqual({ flagId: id, blind: true });
      expect(JSON.stringify(late.json)).not.toMatch(/sari|konfirm|confirm|dikonfirmasi/i);
    }
    const latePage = await budi.post(
      `/flags/${id}/decide`,
      { version: '1', decision: 'dismiss', dismissReason: 'neutral_context', _csrf: budi.csrf },
      { form: true, csrf: null },
    );
    expect(latePage.status).toBe(409);
    expect(latePage.text).toMatch(/menunggu tinjauan kedua yang buta/);
    expect(latePage.text).not.toMatch(/Sari|dikonfirmasi/);
    expect((await sari.get(`/api/flags/${id}`)).status).toBe(200);
    expect((await dewi.get(`/api/flags/${id}`)).status).toBe(200);
    // The second-review item: the post and the model's labels, nothing of the first decision.
    const item = (await budi.get('/api/second-reviews')).json.items.find((x: { flagId: number }) => x.flagId === id);
    expect(Object.keys(item).sort()).toEqual(['flagId', 'modelLabels', 'platform', 'postedAt', 'scores', 'text', 'version']);
    expect(item.modelLabels).toEqual(['partisan']);
    expect((await dewi.post(`/api/second-reviews/${id}`, { decision: 'confirm', skbItem: 6 })).status).toBe(403);
    expect((await budi.post(`/api/second-reviews/${id}`, { decision: 'confirm', skbItem: 6, labels: ['partisan'] })).json.agreement).toBe(
      'disagreed',
    );
    // Decided: now budi, and anyone after a second review, sees everything.
    const after = await budi.get(`/api/flags/${id}`);
    expect(after.status).toBe(200);
    expect(after.json.decisions.map((d: { round: number }) => d.round)).toEqual([1, 2]);
    expect((await eka.get(`/api/flags/${id}`)).status).toBe(200);
  });

  it('a supervisor reopens or withdraws with a reason, audited; analysts may not; the decisions before stay on record but count no more', async () => {
    const [sari, dewi] = [await as('sari'), await as('dewi')];
    const id = f['blind']!; // escalated after the disagreement
    expect((await sari.post(`/api/flags/${id}/reopen`, { version: await version(id), reason: 'x' })).status).toBe(403);
    expect((await dewi.post(`/api/flags/${id}/reopen`, { version: await version(id), reason: '  ' })).json).toMatchObject({
      error: 'invalid_input',
      details: { field: 'reason' },
    });
    expect((await dewi.post(`/api/flags/${id}/reopen`, { version: (await version(id)) - 1, reason: 'lama' })).status).toBe(409);
    const r = await dewi.post(`/api/flags/${id}/reopen`, {
      version: await version(id),
      reason: 'akun ternyata parodi, perlu diperiksa ulang',
    });
    expect(r.status).toBe(200);
    expect(r.json.flag.status).toBe('open');
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'actor', 'context'])
      .where('entity_type', '=', 'flag')
      .where('entity_id', '=', String(id))
      .where('action', '=', 'flag.reopened')
      .execute();
    expect(audit).toEqual([
      {
        action: 'flag.reopened',
        actor: 'user:dewi',
        context: expect.objectContaining({ reason: 'akun ternyata parodi, perlu diperiksa ulang' }),
      },
    ]);
    const decisions = (await decisionsOf(t.db, [id])).get(id)!;
    expect(decisions.map((d) => d.decision)).toEqual(['confirm', 'confirm', 'reopen']);
    // A research export no longer takes the reopened confirmation as the flag's label.
    expect(
      resolveHumanLabels({
        flagLabels: ['partisan', 'hate'],
        flagModelLabels: ['partisan'],
        flagStatus: 'open',
        decisions,
        annotations: [],
      }).labels,
    ).toBeNull();

    const w = f['withdraw']!;
    const wr = await dewi.post(`/api/flags/${w}/withdraw`, { version: 1, reason: 'bukan akun ASN' });
    expect(wr.json.flag.status).toBe('withdrawn');
    expect((await sari.get(`/api/flags/${w}/report`)).status).toBe(409);
    expect((await sari.get('/api/queue?status=open')).json.items.map((x: { id: number }) => x.id)).not.toContain(w);
    expect((await sari.post(`/api/flags/${w}/decisions`, { version: await version(w), decision: 'confirm', skbItem: 6 })).status).toBe(409);
    // The dashboard names the status (not the withdraw message) and lists it last, in review order.
    const dash = (await dewi.get('/dashboard')).text;
    const totals = dash.slice(dash.indexOf('id="status-totals"'), dash.indexOf('</section>', dash.indexOf('id="status-totals"')));
    expect(totals).toMatch(/data-status="withdrawn">1<\/span><span>ditarik<\/span>/);
    expect(totals).not.toMatch(/Temuan ditarik dari proses/);
    const shown = [...totals.matchAll(/data-status="(\w+)"/g)].map((m) => m[1]);
    expect(shown).toEqual(FLAG_STATUSES.filter((x) => shown.includes(x)));
    expect(shown.at(-1)).toBe('withdrawn');
    // The page form, in Bahasa Indonesia.
    const page = await dewi.post(
      `/flags/${w}/reopen`,
      { version: String(await version(w)), kind: 'reopen', reason: 'dibuka lagi', _csrf: dewi.csrf },
      { form: true, csrf: null },
    );
    expect(page.status).toBe(303);
    expect((await dewi.get(page.headers.get('location')!)).text).toMatch(/Temuan dibuka kembali/);
  });

  it('a case report without captured evidence says so at its top and never prints a command', async () => {
    const sari = await as('sari');
    const id = f['noEvidence']!;
    await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'confirm', skbItem: 6 });
    const dewi = await as('dewi');
    const json = await dewi.get(`/api/flags/${id}/report`);
    expect(json.json.evidenceMissing).toBe(true);
    const html = await dewi.get(`/flags/${id}/report`);
    expect(html.text).toMatch(/id="evidence-missing"[^>]*>PERHATIAN: belum ada bukti yang ditangkap/);
    expect(html.text).not.toMatch(/netra capture|`/);
    expect((await dewi.get(`/flags/${id}`)).text).not.toMatch(/netra capture/);
    const post = await t.db.selectFrom('flags').select('post_id').where('id', '=', id).executeTakeFirstOrThrow();
    await t.db
      .insertInto('evidence')
      .values({
        post_id: post.post_id!,
        kind: 'screenshot',
        storage_path: 'sha256/x.png',
        sha256: 'a'.repeat(64),
        bytes: 10,
        mime: 'image/png',
        captured_at: new Date(),
      })
      .execute();
    const withEvidence = await dewi.get(`/flags/${id}/report`);
    expect(withEvidence.text).not.toMatch(/evidence-missing/);
    expect(withEvidence.text).toMatch(/tangkapan layar/);
  });

  it("escalations leave the analysts' queue for the supervisors' queue", async () => {
    const [sari, dewi] = [await as('sari'), await as('dewi')];
    const id = f['escalate']!;
    await sari.post(`/api/flags/${id}/decisions`, { version: 1, decision: 'escalate', note: 'ragu' });
    const ids = (c: { json: { items: { id: number }[] } }) => c.json.items.map((x) => x.id);
    expect(ids(await sari.get('/api/queue'))).not.toContain(id);
    expect((await sari.get('/queue')).text).not.toMatch(new RegExp(`href="/flags/${id}"`));
    expect((await sari.get('/api/escalations')).status).toBe(403);
    expect(ids(await dewi.get('/api/escalations'))).toEqual([id]);
    const page = await dewi.get('/escalations');
    expect(page.text).toMatch(new RegExp(`href="/flags/${id}"`));
    expect(page.text).toMatch(/Eskalasi/);
    expect(
      (await dewi.post(`/api/flags/${id}/decisions`, { version: await version(id), decision: 'dismiss', dismissReason: 'neutral_context' }))
        .status,
    ).toBe(200);
    expect(ids(await dewi.get('/api/escalations'))).toEqual([]);
  });
});
