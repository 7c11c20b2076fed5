import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openSource } from '../../../src/collect/source-factory.ts';
import {
  openMetaContentLibrarySource,
  type MetaContentLibrarySourceOptions,
} from '../../../src/collect/sources/meta-content-library/meta-content-library.source.ts';
import {
  openTikTokResearchSource,
  type TikTokResearchSourceOptions,
} from '../../../src/collect/sources/tiktok-research/tiktok-research.source.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { collectAccount } from '../../../src/pipeline/jobs/collect-account.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../../src/repositories/registry.repository.ts';
import { FIXTURE_NOW, fixtureAccount } from '../../helpers/fixture-site/fixture-data.ts';
import { MCL_TOKEN, startSanctionedReplay, TIKTOK_CLIENT, type SanctionedReplay } from '../../helpers/api-replay/sanctioned-replay.ts';
import { ctx, FAST } from '../../helpers/collect-helpers.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/** Issue 12 item 7: the sanctioned research APIs, against a local replay of their documented responses. */
let api: SanctionedReplay;
beforeAll(async () => {
  api = await startSanctionedReplay();
});
afterAll(async () => api?.close());

const now = () => new Date(FIXTURE_NOW + 3_600_000);
const tiktok = (o: Partial<TikTokResearchSourceOptions> = {}) =>
  openTikTokResearchSource({
    clientKey: TIKTOK_CLIENT.key,
    clientSecret: TIKTOK_CLIENT.secret,
    baseUrl: `${api.url}/tiktok`,
    politeness: FAST,
    now,
    maxHistoryDays: 60,
    ...o,
  });
const meta = (o: Partial<MetaContentLibrarySourceOptions> = {}) =>
  openMetaContentLibrarySource({ baseUrl: `${api.url}/mcl`, accessToken: MCL_TOKEN, politeness: FAST, now, maxHistoryDays: 60, ...o });
const ref = (platform: string, handle: string, accountId = 1) => ({ accountId, platform, handle, profileUrl: '' });

describe('TikTok Research API source', () => {
  it("lists an account's videos in 30-day windows with one client token, every id digit kept", async () => {
    api.reset();
    const s = tiktok();
    const r = await s.collectAccount(ref('tiktok', 'budi_guru'), ctx());
    expect(r.status).toBe('ok');
    const expected = fixtureAccount('tiktok', 'budi_guru')!.posts.filter((p) => p.postedAt.getTime() >= now().getTime() - 60 * 86_400_000);
    expect(r.posts.map((p) => p.externalId).sort()).toEqual(expected.map((p) => p.id).sort());
    expect(r.posts[0]).toMatchObject({
      platform: 'tiktok',
      kind: 'video',
      url: `https://www.tiktok.com/@budi_guru/video/${r.posts[0]!.externalId}`,
    });
    expect(r.posts.find((p) => p.externalId === expected[0]!.id)!.text).toBe(expected[0]!.text);
    // Not a complete listing: the Research API lags and leaves videos out, so nothing is marked deleted from it.
    expect(r.complete).toBe(false);
    const queries = api.hits.filter((h) => h.path.startsWith('/tiktok/v2/research/video/query/'));
    for (const q of queries) {
      const b = JSON.parse(q.body) as { start_date: string; end_date: string; query: unknown };
      const span =
        (Date.parse(`${b.end_date.slice(0, 4)}-${b.end_date.slice(4, 6)}-${b.end_date.slice(6)}`) -
          Date.parse(`${b.start_date.slice(0, 4)}-${b.start_date.slice(4, 6)}-${b.start_date.slice(6)}`)) /
        86_400_000;
      expect(span).toBeLessThanOrEqual(30);
      expect(b.query).toEqual({ and: [{ operation: 'EQ', field_name: 'username', field_values: ['budi_guru'] }] });
    }
    await s.collectAccount(ref('tiktok', 'sri_wahyuni', 2), ctx());
    expect(api.hits.filter((h) => h.path === '/tiktok/v2/oauth/token/')).toHaveLength(1);
    expect(api.hits.find((h) => h.path === '/tiktok/v2/oauth/token/')!.body).toBe(
      `client_key=${TIKTOK_CLIENT.key}&client_secret=${TIKTOK_CLIENT.secret}&grant_type=client_credentials`,
    );
  });

  it('keeps comments as context of the video, never as posts of the account (the API names no authors)', async () => {
    const r = await tiktok({ commentsPerVideo: 2 }).collectAccount(ref('tiktok', 'budi_guru'), ctx());
    const withComments = r.posts.filter((p) => (p.raw as { comments?: unknown[] }).comments);
    expect(withComments).toHaveLength(1);
    expect((withComments[0]!.raw as { comments: { text: string }[]; comments_note: string }).comments.map((c) => c.text)).toEqual([
      'Komentar warga nomor 1: mantap pak!',
      'Komentar warga nomor 2: mantap pak!',
    ]);
    expect((withComments[0]!.raw as { comments_note: string }).comments_note).toMatch(/does not name their authors/);
    expect(r.posts.every((p) => p.kind === 'video')).toBe(true);
  });

  it.each([
    ['terkunci', 'private'],
    ['tidakada', 'not_found'],
  ])('reports @%s as %s', async (handle, status) => {
    const r = await tiktok().collectAccount(ref('tiktok', handle), ctx());
    expect(r).toMatchObject({ status, posts: [] });
  });

  it('waits out rate_limit_exceeded, and stops at the daily quota with an alert', async () => {
    api.reset();
    expect((await tiktok().collectAccount(ref('tiktok', 'sibuk'), ctx())).status).toBe('ok');
    const s = tiktok({ dailyRequestCap: 3 });
    expect((await s.collectAccount(ref('tiktok', 'budi_guru'), ctx())).status).toBe('ok');
    const r = await s.collectAccount(ref('tiktok', 'sri_wahyuni', 2), ctx());
    expect(r.status).toBe('over_budget');
    expect(s.health!().alerts.join(' ')).toMatch(/cap of 3 requests today \(UTC\)/);
  });

  it("reports TikTok's own daily quota as over budget", async () => {
    api.reset();
    api.tiktokQuota = 0;
    const r = await tiktok().collectAccount(ref('tiktok', 'budi_guru'), ctx());
    expect(r.status).toBe('over_budget');
    expect(r.message).toMatch(/daily quota/);
    api.reset();
  });

  it('says bad credentials are a configuration problem', async () => {
    const r = await tiktok({ clientSecret: 'wrong' }).collectAccount(ref('tiktok', 'budi_guru'), ctx());
    expect(r).toMatchObject({ status: 'error' });
    expect(r.message).toMatch(/NETRA_TIKTOK_CLIENT_KEY/);
  });
});

describe('Meta Content Library API source', () => {
  it('finds the account by exact username (not a fan account that mentions it) and lists its Instagram posts', async () => {
    api.reset();
    const r = await meta().collectAccount(ref('instagram', 'budi_guru'), ctx());
    expect(r.status).toBe('ok');
    const expected = fixtureAccount('instagram', 'budi_guru')!.posts.filter(
      (p) => !p.pinned && p.postedAt.getTime() >= now().getTime() - 60 * 86_400_000,
    );
    expect(r.posts.map((p) => p.text)).toEqual(expected.map((p) => p.text));
    expect(r.posts[0]).toMatchObject({ platform: 'instagram', handle: 'budi_guru', kind: 'photo', url: null });
    expect(r.posts.every((p) => (p.raw as { post_owner: { username: string } }).post_owner.username === 'budi_guru')).toBe(true);
    const q = new URL(api.hits.find((h) => h.path.startsWith('/mcl/instagram/posts/preview'))!.path, 'http://x').searchParams;
    expect([q.get('since'), q.get('sort'), q.get('fields')]).toEqual([
      new Date(now().getTime() - 60 * 86_400_000).toISOString().slice(0, 10),
      'newest_to_oldest',
      'id,creation_time,modified_time,text,content_type,post_owner,mcl_url',
    ]);
    expect(r.complete).toBe(false);
  });

  it('lists Facebook posts by surface id, and reports an account Content Library does not hold', async () => {
    const fb = await meta().collectAccount(ref('facebook', 'sri_wahyuni'), ctx());
    expect(fb.status).toBe('ok');
    expect(fb.posts.length).toBe(fixtureAccount('facebook', 'sri_wahyuni')!.posts.length);
    const missing = await meta().collectAccount(ref('instagram', 'terkunci'), ctx());
    expect(missing.status).toBe('not_found');
    expect(missing.message).toMatch(/follower thresholds/);
  });

  it('stops at the weekly record budget', async () => {
    const s = meta({ weeklyRecordCap: 40 });
    const first = await s.collectAccount(ref('instagram', 'budi_guru'), ctx());
    expect(first.posts.length).toBeLessThanOrEqual(40);
    expect((await s.collectAccount(ref('instagram', 'sri_wahyuni', 2), ctx())).status).toBe('over_budget');
  });
});

describe.each(testDialects())('sanctioned sources in a pipeline on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('are source kinds: parsed, opened from config, stored, and the Content Library id kept', async () => {
    const p = pipelineSchema.parse({
      name: 'sanctioned',
      sources: [
        { kind: 'tiktok-research', baseUrl: `${api.url}/tiktok`, commentsPerVideo: 5, dailyRequestCap: 500 },
        { kind: 'meta-content-library', baseUrl: `${api.url}/mcl` },
      ],
    });
    const config = {
      chromiumPath: '/usr/bin/chromium',
      evidenceDir: '/tmp',
      xApiBearerToken: undefined,
      tiktokClientKey: TIKTOK_CLIENT.key,
      tiktokClientSecret: TIKTOK_CLIENT.secret,
      metaContentLibraryToken: MCL_TOKEN,
    };
    const sources = await Promise.all(p.sources.map((c) => openSource(c, { resolve: (x) => x, config, db: t.db, dialect })));
    expect(sources.map((s) => [s.id, s.platforms])).toEqual([
      ['tiktok-research', ['tiktok']],
      ['meta-content-library', ['instagram', 'facebook']],
    ]);
    const agencyId = await ensureAgency(t.db, 'Dinas');
    const person = await upsertPerson(t.db, {
      personKey: 'name:budi',
      nip: null,
      name: 'Budi',
      agencyId,
      position: null,
      region: null,
      province: null,
      employmentType: null,
    });
    const acc = await upsertAccount(t.db, {
      personId: person.row.id,
      platform: 'instagram',
      handle: 'budi_guru',
      profileUrl: '',
      linkSource: 'test',
      linkConfidence: 1,
      tags: [],
    });
    const mcl = openMetaContentLibrarySource({
      baseUrl: `${api.url}/mcl`,
      accessToken: MCL_TOKEN,
      politeness: FAST,
      now,
      maxHistoryDays: 60,
      db: t.db,
    });
    const account = { accountId: acc.row.id, platform: 'instagram', handle: 'budi_guru', profileUrl: '' };
    const r = await collectAccount({ db: t.db, source: mcl, account, logger: silentLogger(), actor: 'test' });
    expect(r.status).toBe('ok');
    expect(r.stored.length).toBeGreaterThan(0);
    api.reset();
    await collectAccount({
      db: t.db,
      source: openMetaContentLibrarySource({
        baseUrl: `${api.url}/mcl`,
        accessToken: MCL_TOKEN,
        politeness: FAST,
        now,
        maxHistoryDays: 60,
        db: t.db,
      }),
      account,
      logger: silentLogger(),
      actor: 'test',
    });
    expect(api.hits.filter((h) => h.path.includes('accounts/preview'))).toEqual([]);
    // Never complete: nothing was marked deleted even though the window moved.
    expect(
      Number(
        (
          await t.db
            .selectFrom('posts')
            .select((e) => e.fn.countAll<number>().as('n'))
            .where('deleted_at', 'is not', null)
            .executeTakeFirstOrThrow()
        ).n,
      ),
    ).toBe(0);
  });
});
