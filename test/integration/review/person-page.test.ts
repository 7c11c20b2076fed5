import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ListeningServer } from '../../../src/review/http/server.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { ApiClient, startReviewServer } from '../../helpers/review-server.ts';
import { seedFlag, seedUser, TEST_PASSWORD } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const DAY = 86_400_000;
/** A Wednesday: the posts run back from here, one a day. */
const BASE = Date.parse('2024-02-14T05:00:00Z');
const NIP = '198701012010012001';

describe.each(testDialects())('the person page on %s', (dialect) => {
  let t: TestDb;
  let srv: ListeningServer;
  let blindSrv: ListeningServer;
  let personId: number;
  let otherPersonId: number;
  const ids: Record<string, number> = {};
  const users: Record<string, number> = {};
  const as = async (user: string, server = srv) => {
    const c = new ApiClient(server.url);
    expect(await c.login(user, TEST_PASSWORD)).toBe(200);
    return c;
  };
  let n = 0;
  async function post(accountId: number, handle: string, o: { text: string; daysAgo: number; shared?: boolean; deleted?: boolean }) {
    n += 1;
    const at = new Date(BASE - o.daysAgo * DAY);
    return (
      await t.db
        .insertInto('posts')
        .values({
          platform: 'x',
          external_id: `pp-${n}`,
          account_id: accountId,
          handle,
          url: `https://x.com/${handle}/status/${n}`,
          kind: 'post',
          text: o.text,
          posted_at: at,
          collected_at: at,
          last_seen_at: at,
          content_sha256: createHash('sha256').update(o.text).digest('hex'),
          raw: '{}',
          current_version: 1,
          deleted_at: o.deleted ? new Date(BASE) : null,
          ...(o.shared
            ? {
                shared_kind: 'repost' as const,
                shared_author_handle: 'tkn_pemenangan',
                shared_author_name: 'TKN Pemenangan',
                shared_text: 'Kata-kata tim kampanye, bukan ASN',
                shared_url: 'https://x.com/tkn_pemenangan/status/9',
              }
            : {}),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
    ).id;
  }

  beforeAll(async () => {
    t = await openTestDb(dialect);
    for (const [u, r] of [
      ['admin', 'admin'],
      ['dewi', 'supervisor'],
      ['sari', 'analyst'],
      ['budi', 'analyst'],
      ['rina', 'researcher'],
    ] as const)
      users[u] = (await seedUser(t.db, u, r)).id;
    const person = { nip: NIP, personName: 'Siti Rahma', agency: 'Dinas Pendidikan Kota Uji', region: 'Kota Uji', handle: 'siti_guru' };
    const open = await seedFlag(t.db, { ...person, text: 'Besok masa tenang, tetap <b>coblos</b> 02', postedAt: new Date(BASE) });
    ids['open'] = open.flagId;
    const accountId = open.accountId;
    ids['confirmed'] = (await seedFlag(t.db, { ...person, text: 'Ayo menangkan paslon 01', postedAt: new Date(BASE - 20 * DAY) })).flagId;
    // A repost of a campaign account, flagged: the shared words are the campaign's, not hers.
    const q = await seedFlag(t.db, { ...person, text: '', postedAt: new Date(BASE - 10 * DAY) });
    ids['shared'] = q.flagId;
    await t.db
      .updateTable('posts')
      .set({
        shared_kind: 'quote',
        shared_author_handle: 'paslon01_official',
        shared_author_name: 'Paslon 01',
        shared_text: 'Pilih kami tanggal 14 Februari',
      })
      .where('id', '=', q.postId)
      .execute();
    await t.db.updateTable('flags').set({ election_phase: 'quiet_period' }).where('id', '=', ids['open']).execute();
    await t.db.updateTable('flags').set({ election_phase: 'campaign' }).where('id', 'in', [ids['confirmed'], ids['shared']]).execute();
    await t.db
      .updateTable('accounts')
      .set({
        link_source: 'bio menyebut jabatan guru di SDN 1',
        link_confidence: 0.85,
        link_established_by: 'Bawaslu Kota Uji',
        link_established_at: '2024-01-10',
        link_evidence_url: 'https://sdn1.example.sch.id/guru',
      })
      .where('id', '=', accountId)
      .execute();
    personId = (await t.db.selectFrom('accounts').select('person_id').where('id', '=', accountId).executeTakeFirstOrThrow()).person_id;
    const fb = await t.db
      .insertInto('accounts')
      .values({
        person_id: personId,
        platform: 'facebook',
        handle: 'siti.rahma.9',
        profile_url: 'https://facebook.com/siti.rahma.9',
        link_source: 'nama dan foto sama',
        link_confidence: 0.5,
        tags: JSON.stringify(['identity_disputed']),
        active: false,
        updated_at: new Date(),
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    ids['fbAccount'] = fb.id;
    // Unflagged posts, one a day, older than the flags above (days 30..51), one repost and one removal among them.
    for (let i = 0; i < 22; i++)
      await post(accountId, 'siti_guru', { text: `Kegiatan sekolah hari ke-${i}`, daysAgo: 30 + i, shared: i === 3, deleted: i === 20 });
    ids['other'] = (await seedFlag(t.db, { text: 'Akun orang lain', nip: '199912312020121001', personName: 'Orang Lain' })).flagId;
    otherPersonId = (await t.db.selectFrom('flags').select('person_id').where('id', '=', ids['other']).executeTakeFirstOrThrow())
      .person_id!;
    await decideFlag(
      t.db,
      { userId: users['sari']!, username: 'sari', role: 'analyst' },
      { flagId: ids['confirmed']!, version: 1, decision: 'confirm', skbItem: 6 },
    );
    srv = await startReviewServer(t.db);
    blindSrv = await startReviewServer(t.db, { secondReviewShare: 1 });
  });
  afterAll(async () => {
    await srv?.close();
    await blindSrv?.close();
    await t?.close();
  });

  it('is for those who may read flags: signed-out users go to the login, researchers are refused', async () => {
    const anon = new ApiClient(srv.url);
    const page = await anon.get(`/persons/${personId}`);
    expect([page.status, page.headers.get('location')]).toEqual([303, `/login?next=${encodeURIComponent(`/persons/${personId}`)}`]);
    expect((await anon.get(`/api/persons/${personId}`)).status).toBe(401);
    const rina = await as('rina');
    expect((await rina.get(`/persons/${personId}`)).status).toBe(403);
    expect((await rina.get(`/api/persons/${personId}`)).status).toBe(403);
    for (const u of ['sari', 'dewi', 'admin']) {
      const c = await as(u);
      expect((await c.get(`/persons/${personId}`)).status, u).toBe(200);
      expect((await c.get(`/api/persons/${personId}`)).status, u).toBe(200);
    }
    const sari = await as('sari');
    expect((await sari.get('/api/persons/999999')).status).toBe(404);
    expect((await sari.get('/persons/abc')).status).toBe(404);
    const bad = await sari.get(`/api/persons/${personId}?postLimit=0`);
    expect([bad.status, bad.json.details?.field]).toEqual([400, 'postLimit']);
    expect((await sari.get(`/api/persons/${personId}?posts=mine`)).json.details?.field).toBe('posts');
  });

  it('gives registry facts, accounts with the provenance of each link, flags with phase and decision', async () => {
    const r = (await (await as('sari')).get(`/api/persons/${personId}`)).json;
    expect(r.person).toMatchObject({ id: personId, name: 'Siti Rahma', nip: NIP, agency: 'Dinas Pendidikan Kota Uji', region: 'Kota Uji' });
    expect(r.person.erasedAt).toBeNull();
    expect(r.accounts).toEqual([
      expect.objectContaining({
        platform: 'x',
        handle: 'siti_guru',
        linkSource: 'bio menyebut jabatan guru di SDN 1',
        linkConfidence: 0.85,
        linkEstablishedBy: 'Bawaslu Kota Uji',
        linkEstablishedAt: '2024-01-10',
        linkEvidenceUrl: 'https://sdn1.example.sch.id/guru',
        active: true,
        tags: [],
      }),
      expect.objectContaining({ platform: 'facebook', handle: 'siti.rahma.9', tags: ['identity_disputed'], active: false }),
    ]);
    expect(r.flagCounts).toEqual({ open: 2, confirmed: 1 });
    expect(r.flags.total).toBe(3);
    expect(r.flags.items.map((f: { id: number }) => f.id)).toEqual([ids['open'], ids['shared'], ids['confirmed']]);
    const [open, shared, confirmed] = r.flags.items;
    expect(open).toMatchObject({ status: 'open', phase: 'quiet_period', decision: null });
    expect(shared).toMatchObject({ phase: 'campaign', sharedAuthorHandle: 'paslon01_official' });
    expect(confirmed).toMatchObject({ status: 'confirmed', phase: 'campaign', labels: ['partisan'] });
    expect(confirmed.decision).toMatchObject({ kind: 'confirm', round: 1, by: 'sari', byName: 'Sari' });
    expect(Date.parse(confirmed.decision.at)).toBeGreaterThan(0);
    expect(JSON.stringify(r)).not.toContain('Orang Lain');
  });

  it('says when a person was erased', async () => {
    const sari = await as('sari');
    expect((await sari.get(`/api/persons/${otherPersonId}`)).json.person.erasedAt).toBeNull();
    await t.db.insertInto('person_erasures').values({ person_id: otherPersonId, actor: 'user:admin', reason: 'uji' }).execute();
    expect(Date.parse((await sari.get(`/api/persons/${otherPersonId}`)).json.person.erasedAt)).toBeGreaterThan(0);
    expect((await sari.get(`/persons/${otherPersonId}`)).text).toContain('id="person-erased"');
    expect((await sari.get(`/persons/${personId}`)).text).not.toContain('id="person-erased"');
  });

  it('lists posts newest first, a repost as the other account’s words, and "deleted" only where recorded', async () => {
    const r = (await (await as('sari')).get(`/api/persons/${personId}?postLimit=200`)).json;
    expect(r.posts.total).toBe(25);
    const times = r.posts.items.map((p: { postedAt: string }) => Date.parse(p.postedAt));
    expect(times).toEqual([...times].sort((a, b) => b - a));
    const quote = r.posts.items.find((p: { flag: { id: number } | null }) => p.flag?.id === ids['shared']);
    expect(quote).toMatchObject({
      text: '',
      shared: { kind: 'quote', authorHandle: 'paslon01_official', text: 'Pilih kami tanggal 14 Februari' },
    });
    expect(r.posts.items.filter((p: { deletedAt: string | null }) => p.deletedAt).map((p: { text: string }) => p.text)).toEqual([
      'Kegiatan sekolah hari ke-20',
    ]);
    const shared = (await (await as('sari')).get(`/api/persons/${personId}?posts=shared`)).json;
    expect(shared.posts.items.map((p: { shared: { authorHandle: string } }) => p.shared.authorHandle)).toEqual([
      'paslon01_official',
      'tkn_pemenangan',
    ]);
    expect(shared.posts.total).toBe(2);

    const html = (await (await as('sari')).get(`/persons/${personId}`)).text;
    expect(html).toContain('Siti Rahma');
    expect(html).toContain('bio menyebut jabatan guru di SDN 1');
    expect(html).toContain('Identitas dipersoalkan');
    expect(html).toContain('masa tenang');
    expect(html).toContain('masa kampanye');
    expect(html).toMatch(
      /<figure class="shared-post"><figcaption>Mengutip unggahan @paslon01_official \(bukan kata-kata akun ini\)<\/figcaption><blockquote>Pilih kami tanggal 14 Februari<\/blockquote><\/figure>/,
    );
    expect(html).toContain('&lt;b&gt;coblos&lt;/b&gt;');
    expect(html).not.toContain('<b>coblos</b>');
    expect(html).toContain('id="timeline"');
    expect(html).not.toContain('Dihapus dari platform'); // the deleted post is not on the first page
    const en = await as('sari');
    await en.post('/lang', { to: 'en' }, { form: true });
    const page2 = (await en.get(`/persons/${personId}?postOffset=20`)).text;
    expect(page2.match(/Deleted from the platform \(recorded\)/g)?.length).toBe(1);
    expect((await en.get(`/persons/${personId}?posts=shared`)).text).toContain(
      'Reposts a post by @tkn_pemenangan (not this account&#39;s words)',
    );
  });

  it('pages posts and flags without overlap, and counts per week', async () => {
    const sari = await as('sari');
    const seen: number[] = [];
    for (let off = 0; off < 25; off += 10) {
      const r = (await sari.get(`/api/persons/${personId}?postLimit=10&postOffset=${off}`)).json;
      expect(r.posts).toMatchObject({ total: 25, limit: 10, offset: off });
      seen.push(...r.posts.items.map((p: { id: number }) => p.id));
    }
    expect(seen.length).toBe(25);
    expect(new Set(seen).size).toBe(25);
    const f = (await sari.get(`/api/persons/${personId}?flagLimit=2&flagOffset=2`)).json;
    expect(f.flags.items.map((x: { id: number }) => x.id)).toEqual([ids['confirmed']]);
    const page = (await sari.get(`/persons/${personId}?postOffset=10&postLimit=10`)).text;
    expect(page).toContain(`href="/persons/${personId}?postOffset=20&amp;postLimit=10#posts"`);
    expect(page).toContain(`href="/persons/${personId}?postLimit=10#posts"`);
    expect(page).toContain('Halaman 2 / 3');
    const tl = (await sari.get(`/api/persons/${personId}`)).json.timeline;
    const sum = (k: string) => tl.weeks.reduce((s: number, w: Record<string, number>) => s + w[k]!, 0);
    expect([sum('own') + tl.earlier.own, sum('shared') + tl.earlier.shared, sum('flags') + tl.earlier.flags]).toEqual([23, 2, 3]);
    expect(tl.weeks.at(-1)).toMatchObject({ week: '2024-02-12', own: 1, flags: 1 });
  });

  it('keeps a blind second review blind: the flag shows without status, labels or decision to an analyst who owes it', async () => {
    const budi = (await (await as('budi', blindSrv)).get(`/api/persons/${personId}`)).json;
    const c = budi.flags.items.find((f: { id: number }) => f.id === ids['confirmed']);
    expect(c).toMatchObject({ status: 'blind', labels: [], decision: null });
    expect(budi.flagCounts).toEqual({ open: 2, blind: 1 });
    expect(budi.posts.items.find((p: { flag: { id: number } | null }) => p.flag?.id === ids['confirmed']).flag).toEqual({
      id: ids['confirmed'],
      status: 'blind',
      labels: [],
    });
    const page = (await (await as('budi', blindSrv)).get(`/persons/${personId}`)).text;
    expect(page).not.toMatch(/konfirmasi|dikonfirmasi|Sari/);
    expect((await (await as('budi', blindSrv)).get(`/api/flags/${ids['confirmed']}`)).status).toBe(403);
    // The analyst who decided it, and a supervisor, see the decision.
    for (const u of ['sari', 'dewi']) {
      const r = (await (await as(u, blindSrv)).get(`/api/persons/${personId}`)).json;
      expect(r.flagCounts, u).toEqual({ open: 2, confirmed: 1 });
    }
  });

  it('is linked from the queue rows and the flag page, and listed in the OpenAPI document', async () => {
    const sari = await as('sari');
    const queue = (await sari.get('/queue')).text;
    expect(queue).toContain(`<a href="/persons/${personId}" class="person-link">Siti Rahma</a>`);
    expect(queue).toContain(`<a href="/persons/${otherPersonId}" class="person-link">Orang Lain</a>`);
    expect((await sari.get('/api/queue')).json.items[0].personId).toBeTypeOf('number');
    const flag = (await sari.get(`/flags/${ids['open']}`)).text;
    expect(flag).toContain(`href="/persons/${personId}" id="person-link"`);
    const doc = (await new ApiClient(srv.url).get('/api/openapi.json')).json;
    expect(doc.paths['/api/persons/{id}'].get['x-permission']).toBe('flag.read');
  });
});
