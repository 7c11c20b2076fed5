import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSource } from '../../../src/collect/web/web.source.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { collectAccount } from '../../../src/pipeline/jobs/collect-account.ts';
import { ensureAgency, upsertAccount, upsertPerson } from '../../../src/repositories/registry.repository.ts';
import type { FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { ctx, fixtureWebSource, ref, tempStore } from '../../helpers/collect-helpers.ts';
import { describeBrowser } from '../../helpers/chromium.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * Issue 12, "collection that never lies": what a listing may conclude. A listing is complete only
 * at a real end of feed; walls, challenges and refused scroll requests are outcomes of their own
 * (and never "the account ends here"); a post is marked deleted only when a complete listing
 * misses it AND its own page says it is gone; a run that would delete too much stops and alerts.
 */
let site: FixtureSite;
let store: Awaited<ReturnType<typeof tempStore>>;
const sources = new Map<string, WebSource>();
// A look-back window wider than any fixture account: every re-scan re-reads the whole listing.
const YEARS = 5 * 365 * 86_400_000;

beforeAll(async () => {
  site = await startFixtureSite();
  store = await tempStore();
});
afterAll(async () => {
  for (const s of sources.values()) await s.close();
  await site?.close();
  await store?.dispose();
});

async function source(platform: FixturePlatform, o: Parameters<typeof fixtureWebSource>[2] = {}): Promise<WebSource> {
  const key = `${platform}:${JSON.stringify(o)}`;
  let s = sources.get(key);
  if (!s) {
    s = await fixtureWebSource(site, platform, { lookBackMs: YEARS, evidenceStore: store, ...o });
    sources.set(key, s);
  }
  return s;
}

describeBrowser.each(testDialects())('listing and deletion rules on %s', (dialect) => {
  let t: TestDb;
  const ids = new Map<string, number>();
  const account = async (platform: string, handle: string) => {
    const key = `${platform}:${handle}`;
    if (!ids.has(key)) {
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
      ids.set(key, acc.row.id);
    }
    return { accountId: ids.get(key)!, platform, handle, profileUrl: '' };
  };
  const collect = async (platform: FixturePlatform, handle: string, o: Parameters<typeof fixtureWebSource>[2] = {}) =>
    collectAccount({
      db: t.db,
      source: await source(platform, o),
      account: await account(platform, handle),
      logger: silentLogger(),
      actor: 'test',
    });
  const deleted = async (platform: string) =>
    (
      await t.db
        .selectFrom('posts')
        .select('external_id')
        .where('platform', '=', platform)
        .where('handle', '=', 'banyak')
        .where('deleted_at', 'is not', null)
        .execute()
    ).map((r) => r.external_id);

  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  describe.each(['instagram', 'facebook', 'tiktok', 'x'] as const)('%s', (platform) => {
    it('a login dialog after the first page is a login wall, never the end of the account: nothing is marked deleted', async () => {
      site.reset();
      const first = await collect(platform, 'banyak');
      expect(first.stored).toHaveLength(40);
      site.setBarrier(platform, 'banyak', { afterPages: 1, kind: 'login_dialog' });
      const r = await collect(platform, 'banyak');
      expect(r.status).toBe('login_wall');
      expect(r.complete).toBe(false);
      expect(r.deleted ?? []).toEqual([]);
      expect(await deleted(platform)).toEqual([]);
      // What the first page showed is real and kept; the alert says the listing stopped at a wall.
      expect(r.stored.length).toBeGreaterThan(0);
      expect(r.stored.length).toBeLessThan(40);
      expect(r.alerts?.join(' ')).toMatch(/login/i);
    });
  });

  describe.each(['instagram', 'x'] as const)('%s', (platform) => {
    it.each([
      ['http_401', 'login_wall'],
      ['http_429', 'rate_limited'],
    ] as const)('a scroll request answered %s ends the listing as %s, with nothing marked deleted', async (kind, status) => {
      site.reset();
      await collect(platform, 'banyak');
      site.setBarrier(platform, 'banyak', { afterPages: 1, kind });
      const r = await collect(platform, 'banyak');
      expect(r).toMatchObject({ status, complete: false });
      expect(await deleted(platform)).toEqual([]);
    });
  });

  it('a captcha instead of the grid is a challenge, not "ok, 0 posts", and feeds the circuit breaker', async () => {
    site.reset();
    const s = await fixtureWebSource(site, 'tiktok', { politeness: { breakerThreshold: 2, breakerCooldownMs: 60_000 } });
    try {
      const a = await s.collectAccount(ref('tiktok', 'tantangan'), ctx());
      expect(a).toMatchObject({ status: 'challenge', posts: [], complete: false });
      expect(a.message).toMatch(/captcha|verif/i);
      await s.collectAccount(ref('tiktok', 'tantangan'), ctx());
      // Two challenges in a row pause the platform: the next account is not even asked for.
      expect((await s.collectAccount(ref('tiktok', 'budi_guru'), ctx())).status).toBe('blocked');
      expect(s.health!().alerts.join()).toMatch(/circuit breaker opened.*challenge x2/);
    } finally {
      await s.close();
    }
  });

  it('a post is marked deleted only when a complete listing misses it and its own page says it is gone', async () => {
    site.reset();
    await collect('instagram', 'banyak');
    const [, gone, missed] = site.posts('instagram', 'banyak');
    site.removePost('instagram', 'banyak', gone!.id);
    // The listing misses this one, but its page still shows it: not deleted.
    site.hideFromListing('instagram', 'banyak', missed!.id);
    const r = await collect('instagram', 'banyak');
    expect(r).toMatchObject({ status: 'ok', complete: true });
    expect(await deleted('instagram')).toEqual([gone!.id]);
    const row = await t.db.selectFrom('posts').select('id').where('external_id', '=', gone!.id).executeTakeFirstOrThrow();
    // The "not available" page is kept as the evidence of the removal.
    const ev = await t.db.selectFrom('evidence').select(['kind', 'method']).where('post_id', '=', row.id).execute();
    expect(ev).toContainEqual({ kind: 'removal-page', method: 'collection' });
    expect(r.alerts?.join(' ')).toMatch(/still shows it|still there/i);
  });

  it('a run that would mark more than the allowed share of an account deleted stops and alerts instead', async () => {
    site.reset();
    await collect('tiktok', 'banyak');
    for (const p of site.posts('tiktok', 'banyak').slice(5, 20)) site.removePost('tiktok', 'banyak', p.id);
    const r = await collect('tiktok', 'banyak');
    expect(r.status).toBe('ok');
    expect(await deleted('tiktok')).toEqual([]);
    expect(r.alerts?.join(' ')).toMatch(/15 of 40.*nothing was marked deleted/);
  });

  it('logged-out X lists by popularity: every post newer than the cursor is read, and the listing is never called complete', async () => {
    site.reset();
    const all = site.posts('x', 'budi_guru').filter((p) => !p.pinned);
    const bound = all[8]!.postedAt;
    const s = await source('x');
    const r = await s.collectAccount(ref('x', 'budi_guru'), { ...ctx(), stopBefore: bound });
    const got = new Set(r.posts.map((p) => p.externalId));
    for (const p of all.filter((q) => q.postedAt >= bound && !q.repostOf)) expect(got.has(p.id)).toBe(true);
    expect(r).toMatchObject({ status: 'ok', complete: false });
    expect(r.message).toMatch(/popularity/);
    // So a post gone from X is never inferred deleted from the web listing.
    await collect('x', 'sri_wahyuni');
    site.removePost('x', 'sri_wahyuni', site.posts('x', 'sri_wahyuni')[2]!.id);
    const again = await collect('x', 'sri_wahyuni');
    expect(again.deleted ?? []).toEqual([]);
  });
});
