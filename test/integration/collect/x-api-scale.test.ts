import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXApiSource, type XApiSourceOptions } from '../../../src/collect/sources/x-api/x-api.source.ts';
import type { AccountRef } from '../../../src/collect/source.ts';
import { usageInPeriod } from '../../../src/repositories/api-usage.repository.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../../src/repositories/registry.repository.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { ctx, FAST } from '../../helpers/collect-helpers.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * Issue 12 item 5, "the X API client does not scale": user ids were looked up one handle per call
 * on every run and never stored; one shared wait covered all endpoints; no expansions; no
 * monthly read budget. Against the local replay of X API v2.
 */
let site: FixtureSite;
let slowReset: FixtureSite;
let capped: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
  // One request per endpoint per 4 s window.
  slowReset = await startFixtureSite({ xApi: { limit: 1, windowMs: 4000 } });
  capped = await startFixtureSite({ xApi: { postCap: 3 } });
});
afterAll(async () => {
  await site?.close();
  await slowReset?.close();
  await capped?.close();
});

const open = (s: FixtureSite, o: Partial<XApiSourceOptions> = {}) =>
  openXApiSource({ bearerToken: 'fixture-token', baseUrl: `${s.url}/x-api`, postUrlBase: s.baseUrl('x'), politeness: FAST, ...o });
const lookups = (s: FixtureSite) => s.hits.filter((h) => h.path.startsWith('/x-api/2/users/by'));

describe('per-endpoint rate limits', () => {
  it('a spent users/by window does not hold up the timeline endpoint', async () => {
    const t0 = Date.now();
    const r = await open(slowReset).collectAccount({ accountId: 1, platform: 'x', handle: 'sri_wahyuni', profileUrl: '' }, ctx());
    expect(r.status).toBe('ok');
    // users/by left its window at 0 (reset in 4 s); the timeline has its own window and goes at once.
    expect(Date.now() - t0).toBeLessThan(3000);
    expect(slowReset.hits.filter((h) => h.status === 429)).toEqual([]);
  });
});

describe('expansions: quotes and reposts', () => {
  it('requests referenced posts, media and entities, and keeps the quoted words apart', async () => {
    const r = await open(site).collectAccount({ accountId: 1, platform: 'x', handle: 'pengutip', profileUrl: '' }, ctx());
    expect(r.status).toBe('ok');
    const q = site.hits.find((h) => h.path.includes('/tweets?'))!.path;
    expect(decodeURIComponent(q)).toContain('expansions=referenced_tweets.id,referenced_tweets.id.author_id,attachments.media_keys');
    expect(decodeURIComponent(q)).toMatch(/tweet\.fields=[^&]*entities[^&]*/);
    const campaign = 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan';
    expect(r.posts.map((p) => [p.text, p.shared?.kind, p.shared?.authorHandle, p.shared?.text])).toEqual([
      ['Setuju banget, ini baru pemimpin!', 'quote', 'akun_kampanye', campaign],
      ['', 'quote', 'akun_kampanye', campaign],
      ['', 'repost', 'akun_kampanye', campaign],
      ['Rapat koordinasi pelayanan publik hari ini.', undefined, undefined, undefined],
    ]);
    // No post stores the campaign's words as the civil servant's own.
    expect(r.posts.some((p) => p.text.includes('Coblos'))).toBe(false);
    expect(r.posts[0]!.shared?.url).toBe(`${site.baseUrl('x')}/akun_kampanye/status/1757000000000000077`);
  });
});

describe.each(testDialects())('X API at scale on %s', (dialect) => {
  let t: TestDb;
  const refs: AccountRef[] = [];
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const agencyId = await ensureAgency(t.db, 'Dinas Kominfo');
    for (let i = 0; i < 250; i++) {
      const handle = `asn_${String(i).padStart(3, '0')}`;
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
      const a = await upsertAccount(t.db, {
        personId: p.row.id,
        platform: 'x',
        handle,
        profileUrl: '',
        linkSource: 'test',
        linkConfidence: 1,
        tags: [],
      });
      refs.push({ accountId: a.row.id, platform: 'x', handle, profileUrl: '' });
    }
  });
  afterAll(async () => t?.close());

  it('looks new handles up in batches of 100, stores the ids, and never looks them up again', async () => {
    site.reset();
    const s = open(site, { db: t.db });
    for (const ref of refs) expect((await s.collectAccount(ref, ctx())).status).toBe('ok');
    const calls = lookups(site);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => new URL(c.path, 'http://x').searchParams.get('usernames')!.split(',').length)).toEqual([100, 100, 50]);
    const stored = await t.db
      .selectFrom('account_platform_ids')
      .select(['status', 'platform_user_id'])
      .where('source', '=', 'x-api')
      .execute();
    expect(stored).toHaveLength(250);
    expect(stored.every((r) => r.status === 'ok' && r.platform_user_id)).toBe(true);
    // The next run (a new process) reuses every stored id.
    site.reset();
    const again = open(site, { db: t.db });
    for (const ref of refs.slice(0, 20)) await again.collectAccount(ref, ctx());
    expect(lookups(site)).toEqual([]);
  });

  it('stores what the lookup found for handles X does not know, and says so', async () => {
    const agencyId = await ensureAgency(t.db, 'Dinas Kominfo');
    const p = await upsertPerson(t.db, {
      personKey: 'name:tidakada',
      nip: null,
      name: 'x',
      agencyId,
      position: null,
      region: null,
      province: null,
      employmentType: null,
    });
    const a = await upsertAccount(t.db, {
      personId: p.row.id,
      platform: 'x',
      handle: 'tidakada',
      profileUrl: '',
      linkSource: 'test',
      linkConfidence: 1,
      tags: [],
    });
    const r = await open(site, { db: t.db }).collectAccount(
      { accountId: a.row.id, platform: 'x', handle: 'tidakada', profileUrl: '' },
      ctx(),
    );
    expect(r).toMatchObject({ status: 'not_found' });
    expect(r.message).toMatch(/Could not find user with usernames: \[tidakada\]/);
    const row = await t.db.selectFrom('account_platform_ids').selectAll().where('account_id', '=', a.row.id).executeTakeFirstOrThrow();
    expect(row.status).toBe('not_found');
  });

  it('stops before the monthly read cap and says so; the usage is kept for the next run', async () => {
    const cap = 30;
    const s = open(site, { db: t.db, monthlyReadCap: cap, maxResults: 10 });
    site.reset();
    const budi = refs[0]!;
    // asn_* accounts have no posts: use budi_guru (46 posts) registered under another account id.
    const agencyId = await ensureAgency(t.db, 'Dinas Kominfo');
    const p = await upsertPerson(t.db, {
      personKey: 'name:budi_guru',
      nip: null,
      name: 'Budi',
      agencyId,
      position: null,
      region: null,
      province: null,
      employmentType: null,
    });
    const a = await upsertAccount(t.db, {
      personId: p.row.id,
      platform: 'x',
      handle: 'budi_guru',
      profileUrl: '',
      linkSource: 'test',
      linkConfidence: 1,
      tags: [],
    });
    const first = await s.collectAccount({ accountId: a.row.id, platform: 'x', handle: 'budi_guru', profileUrl: '' }, ctx());
    expect(first.posts.length).toBeGreaterThan(0);
    expect(first.posts.length).toBeLessThanOrEqual(cap);
    // Complete only back to the oldest post read: older stored posts are not judged deleted.
    expect(first.status).toBe('ok');
    expect(first.coveredFrom).toEqual(new Date(Math.min(...first.posts.map((x) => x.postedAt!.getTime()))));
    expect(first.message).toMatch(/cap of 30 posts read this month/);
    const after = await s.collectAccount(budi, ctx());
    expect(after).toMatchObject({ status: 'over_budget', posts: [] });
    expect(s.health!().alerts.join('\n')).toMatch(/cap of 30 posts read this month \(UTC\) is reached/);
    const used = await usageInPeriod(
      t.db,
      `x-api:${(await import('node:crypto')).createHash('sha256').update('fixture-token').digest('hex').slice(0, 10)}`,
      'posts_read',
      'month',
      new Date(),
    );
    expect(used).toBeLessThanOrEqual(cap);
    // A new run this month starts over budget without sending anything.
    site.reset();
    const next = await open(site, { db: t.db, monthlyReadCap: cap, maxResults: 10 }).collectAccount(
      { accountId: a.row.id, platform: 'x', handle: 'budi_guru', profileUrl: '' },
      ctx(),
    );
    expect(next.status).toBe('over_budget');
    expect(site.hits.filter((h) => h.path.includes('/tweets'))).toEqual([]);
  });
});

describe("X's own usage cap", () => {
  it('is reported as over budget, not retried as a rate limit', async () => {
    const s = open(capped);
    expect((await s.collectAccount({ accountId: 1, platform: 'x', handle: 'sri_wahyuni', profileUrl: '' }, ctx())).status).toBe('ok');
    const r = await s.collectAccount({ accountId: 2, platform: 'x', handle: 'budi_guru', profileUrl: '' }, ctx());
    expect(r.status).toBe('over_budget');
    expect(r.message).toMatch(/monthly usage cap/);
    expect(capped.hits.filter((h) => h.status === 429)).toHaveLength(1);
  });
});
