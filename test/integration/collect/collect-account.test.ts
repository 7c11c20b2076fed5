import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readPngText } from '../../../src/collect/evidence/png-text.ts';
import { openXApiSource } from '../../../src/collect/sources/x-api/x-api.source.ts';
import type { WebSource } from '../../../src/collect/web/web.source.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { collectAccount } from '../../../src/pipeline/jobs/collect-account.ts';
import { getCursor } from '../../../src/repositories/cursors.repository.ts';
import { postVersions } from '../../../src/repositories/posts.repository.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../../src/repositories/registry.repository.ts';
import { EDITED_SUFFIX } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { FAST, fixtureWebSource, tempStore } from '../../helpers/collect-helpers.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/** collectAccount over real sources and a real database: cursors, history, deletions, evidence. */
let site: FixtureSite;
let store: Awaited<ReturnType<typeof tempStore>>;
let web: WebSource;
let webAll: WebSource;

beforeAll(async () => {
  site = await startFixtureSite();
  store = await tempStore();
  // TikTok lists newest first and says where its feed ends (logged-out X does neither): the
  // history rules below need a complete listing. The store keeps the "removed" pages.
  web = await fixtureWebSource(site, 'tiktok', { lookBackMs: 2 * 86_400_000, evidence: 'none', evidenceStore: store });
  webAll = await fixtureWebSource(site, 'instagram', { lookBackMs: 2 * 86_400_000, evidence: 'all', evidenceStore: store });
});
afterAll(async () => {
  await web?.close();
  await webAll?.close();
  await site?.close();
  await store?.dispose();
});

describe.each(testDialects())('collectAccount on %s', (dialect) => {
  let t: TestDb;
  const accounts = new Map<string, { accountId: number; platform: string; handle: string; profileUrl: string }>();
  const account = async (platform: string, handle: string) => {
    const key = `${platform}:${handle}`;
    let a = accounts.get(key);
    if (!a) {
      const agencyId = await ensureAgency(t.db, 'Dinas Pendidikan Kabupaten Sleman');
      const p = await upsertPerson(t.db, {
        personKey: `name:${handle}`,
        nip: null,
        name: handle,
        agencyId,
        position: null,
        region: null,
        province: null,
        employmentType: null,
      });
      const acc = await upsertAccount(t.db, {
        personId: p.row.id,
        platform,
        handle,
        profileUrl: '',
        linkSource: 'test',
        linkConfidence: 1,
        tags: [],
      });
      a = { accountId: acc.row.id, platform, handle, profileUrl: '' };
      accounts.set(key, a);
    }
    return a;
  };
  const run = async (source: WebSource | ReturnType<typeof openXApiSource>, platform: string, handle: string) =>
    collectAccount({ db: t.db, source, account: await account(platform, handle), logger: silentLogger(), actor: 'test' });
  const count = async (table: 'posts' | 'post_versions' | 'evidence' | 'evidence_custody') =>
    Number((await t.db.selectFrom(table).select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    site.reset();
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('first scan stores every post and sets the cursor to the newest (not the pinned) post', async () => {
    const r = await run(web, 'tiktok', 'budi_guru');
    const expected = site.posts('tiktok', 'budi_guru');
    expect(r).toMatchObject({ status: 'ok', complete: true });
    expect(r.stored.filter((s) => s.outcome === 'new')).toHaveLength(expected.length);
    const c = await getCursor(t.db, (await account('tiktok', 'budi_guru')).accountId, 'tiktok-web');
    const newest = expected.filter((p) => !p.pinned)[0]!;
    expect(c).toMatchObject({ newest_external_id: newest.id, last_status: 'ok', last_post_count: expected.length, runs: 1 });
    expect(c!.newest_posted_at!.getTime()).toBe(newest.postedAt.getTime());
  });

  it('a re-scan reads only the look-back window, and changes nothing when nothing changed', async () => {
    const before = site.hits.length;
    const posts = await count('posts');
    const r = await run(web, 'tiktok', 'budi_guru');
    expect(r.stored.every((s) => s.outcome === 'unchanged')).toBe(true);
    expect(r.stored.length).toBeLessThan(site.posts('tiktok', 'budi_guru').length / 2);
    // The profile page and its first feed request: the first scan needed five requests.
    expect(site.hits.slice(before).filter((h) => h.path !== '/favicon.ico').length).toBeLessThanOrEqual(2);
    expect(await count('posts')).toBe(posts);
  });

  it('an edit becomes a new version, both kept; a post gone from the window, whose page says so, is marked deleted', async () => {
    const list = site.posts('tiktok', 'budi_guru').filter((p) => !p.pinned);
    const edited = list[1]!;
    const removed = list[2]!;
    site.editPost('tiktok', 'budi_guru', edited.id, `${edited.text} (ralat)`);
    site.removePost('tiktok', 'budi_guru', removed.id);
    const r = await run(web, 'tiktok', 'budi_guru');
    expect(r.stored.filter((s) => s.outcome === 'edited')).toHaveLength(1);
    expect(r.deleted).toHaveLength(1);
    const editedRow = await t.db.selectFrom('posts').selectAll().where('external_id', '=', edited.id).executeTakeFirstOrThrow();
    expect((await postVersions(t.db, editedRow.id)).map((v) => v.text)).toEqual([edited.text, `${edited.text} (ralat)`]);
    const gone = await t.db.selectFrom('posts').selectAll().where('external_id', '=', removed.id).executeTakeFirstOrThrow();
    expect(gone.deleted_at).not.toBeNull();
    // The post's own page said it was gone, and that page is kept.
    expect(await t.db.selectFrom('evidence').select(['kind', 'method']).where('post_id', '=', gone.id).execute()).toEqual([
      { kind: 'removal-page', method: 'collection' },
    ]);
    const audit = await t.db
      .selectFrom('audit_log')
      .select(['action', 'entity_id'])
      .where('action', 'in', ['post.edited', 'post.deleted'])
      .execute();
    expect(audit.map((a) => a.action).sort()).toEqual(['post.deleted', 'post.edited']);
    // Old posts outside the look-back window were not listed, and are not called deleted.
    expect(await t.db.selectFrom('posts').select('id').where('deleted_at', 'is not', null).execute()).toHaveLength(1);
  });

  it('a post that comes back is restored', async () => {
    site.reset();
    const r = await run(web, 'tiktok', 'budi_guru');
    expect(r.stored.filter((s) => s.outcome === 'restored')).toHaveLength(1);
    expect(await t.db.selectFrom('posts').select('id').where('deleted_at', 'is not', null).execute()).toHaveLength(0);
  });

  it('an account that used to return posts and now returns none is an alert, and nothing is marked deleted', async () => {
    await run(web, 'tiktok', 'sri_wahyuni');
    for (const p of site.posts('tiktok', 'sri_wahyuni')) site.removePost('tiktok', 'sri_wahyuni', p.id);
    const r = await run(web, 'tiktok', 'sri_wahyuni');
    expect(r.status).toBe('ok');
    expect(r.alerts?.join()).toMatch(/returned no posts where it returned 6 before/);
    expect(r.deleted).toBeUndefined();
    site.reset();
  });

  it('the "edited on second visit" page yields a second version', async () => {
    await run(web, 'tiktok', 'pengedit');
    const r = await run(web, 'tiktok', 'pengedit');
    const edited = r.stored.find((s) => s.outcome === 'edited')!;
    expect((await postVersions(t.db, edited.postId)).map((v) => v.text.endsWith(EDITED_SUFFIX))).toEqual([false, true]);
  });

  it('a blocked account keeps its cursor and records why', async () => {
    const r = await run(web, 'tiktok', 'dinding');
    expect(r.status).toBe('login_wall');
    const c = await getCursor(t.db, (await account('tiktok', 'dinding')).accountId, 'tiktok-web');
    expect(c).toMatchObject({ last_status: 'login_wall', newest_external_id: null, last_ok_at: null });
    expect(c!.last_message).toMatch(/login/);
  });

  it('evidence: all screenshots and archives each new post once, with its URL and time inside the PNG', async () => {
    const r = await run(webAll, 'instagram', 'sri_wahyuni');
    expect(r.evidence).toBe(12);
    const rows = await t.db.selectFrom('evidence').selectAll().where('source', '=', 'instagram-web').execute();
    expect(rows.filter((e) => e.kind === 'screenshot')).toHaveLength(6);
    expect(
      rows.every(
        (e) => e.method === 'collection' && e.actor === 'test' && e.source === 'instagram-web' && /WIB$/.test(e.captured_at_wib ?? ''),
      ),
    ).toBe(true);
    const shot = rows.find((e) => e.kind === 'screenshot')!;
    const meta = readPngText(await readFile(store.resolve(shot.storage_path)));
    expect(meta['netra:url']).toBe(shot.url);
    expect(meta['netra:captured-at-utc']).toBe(shot.captured_at.toISOString());
    expect(meta['netra:collector']).toMatch(/^netra\/[\d.]+ instagram-web chromium\//);
    for (const e of rows) expect((await store.verify(e.storage_path, e.sha256)).outcome).toBe('ok');
    const custody = await t.db
      .selectFrom('evidence_custody')
      .select('id')
      .where(
        'evidence_id',
        'in',
        rows.map((e) => e.id),
      )
      .execute();
    expect(custody).toHaveLength(12);
    // A re-scan of unchanged posts takes no new evidence.
    const before = await count('evidence');
    const again = await run(webAll, 'instagram', 'sri_wahyuni');
    expect(again.evidence).toBeUndefined();
    expect(await count('evidence')).toBe(before);
  });

  it('x-api: incremental, with the same history rules', async () => {
    const api = openXApiSource({
      bearerToken: 'fixture-token',
      baseUrl: `${site.url}/x-api`,
      postUrlBase: site.baseUrl('x'),
      politeness: FAST,
      maxResults: 10,
    });
    const r1 = await run(api, 'x', 'bench_001');
    expect(r1.stored).toHaveLength(40);
    const before = site.hits.length;
    const r2 = await run(api, 'x', 'bench_001');
    expect(r2.stored.length).toBeLessThan(40);
    expect(r2.stored.every((s) => s.outcome === 'unchanged')).toBe(true);
    expect(site.hits.length - before).toBeLessThanOrEqual(2);
  });
});
