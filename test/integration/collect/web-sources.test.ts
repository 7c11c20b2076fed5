import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSource } from '../../../src/collect/web/web.source.ts';
import { FIXTURE_PLATFORMS, MALICIOUS_TEXTS, type FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { ctx, fixtureWebSource, ref, tempStore } from '../../helpers/collect-helpers.ts';

/**
 * Every web adapter against the fixture site, through Debian's Chromium. One browser for the
 * file (sources share it), one source per platform.
 */
let site: FixtureSite;
const sources = new Map<FixturePlatform, WebSource>();
let store: Awaited<ReturnType<typeof tempStore>>;

beforeAll(async () => {
  site = await startFixtureSite({ slowMs: 800 });
  store = await tempStore();
  for (const p of FIXTURE_PLATFORMS) sources.set(p, await fixtureWebSource(site, p, { evidenceStore: store }));
});
afterAll(async () => {
  for (const s of sources.values()) await s.close();
  await site?.close();
  await store?.dispose();
});

const hitsFor = (prefix: string) => site.hits.filter((h) => h.path.startsWith(prefix));

describe.each(FIXTURE_PLATFORMS)('%s web source', (platform) => {
  const src = () => sources.get(platform)!;

  it('reads a profile across pages (scroll or "load more") in listing order, and says the listing is complete', async () => {
    const r = await src().collectAccount(ref(platform, 'budi_guru'), ctx());
    const expected = site.posts(platform, 'budi_guru');
    expect(r.status).toBe('ok');
    expect(r.posts.map((p) => p.text)).toEqual(expected.map((p) => p.text));
    expect(r.posts.map((p) => p.pinned)).toEqual(expected.map((p) => Boolean(p.pinned) && platform !== 'facebook'));
    expect(r).toMatchObject({ complete: true, coveredFrom: null });
    expect(new Set(r.posts.map((p) => p.externalId)).size).toBe(r.posts.length);
  });

  it('stops loading at the cursor: a re-scan reads only what is newer than the bound', async () => {
    const all = site.posts(platform, 'budi_guru').filter((p) => !p.pinned);
    const bound = all[5]!.postedAt;
    const before = site.hits.length;
    const r = await src().collectAccount(ref(platform, 'budi_guru'), { ...ctx(), stopBefore: bound });
    const requests = site.hits.length - before;
    expect(r).toMatchObject({ status: 'ok', complete: true });
    expect(r.coveredFrom).toBeUndefined();
    // Every post at or after the bound is there; the listing stopped within a page of it.
    for (const p of all.filter((q) => q.postedAt >= bound)) expect(r.posts.some((x) => x.text === p.text)).toBe(true);
    expect(r.posts.length).toBeLessThan(all.length);
    expect(requests).toBeLessThanOrEqual(3);
  });

  it.each([
    ['dinding', 'login_wall'],
    ['tidakada', 'not_found'],
    ['terkunci', 'private'],
  ])('reports @%s as %s, never as "no posts"', async (handle, status) => {
    const r = await src().collectAccount(ref(platform, handle), ctx());
    expect(r).toMatchObject({ status, posts: [], complete: false });
    expect(r.message).toBeTruthy();
  });

  it('waits out a 429 with Retry-After, then collects', async () => {
    const t0 = Date.now();
    const r = await src().collectAccount(ref(platform, 'sibuk'), ctx());
    expect(r.status).toBe('ok');
    expect(r.posts).toHaveLength(5);
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1000);
    expect(hitsFor(`/${platform}/${platform === 'tiktok' ? '@' : ''}sibuk`).map((h) => h.status).slice(0, 2)).toEqual([429, 200]);
  });

  it('retries after a 500 and collects', async () => {
    const r = await src().collectAccount(ref(platform, 'rapuh'), ctx());
    expect(r.status).toBe('ok');
    expect(hitsFor(`/${platform}/${platform === 'tiktok' ? '@' : ''}rapuh`).map((h) => h.status).slice(0, 2)).toEqual([500, 200]);
  });

  it('stores hostile text exactly and runs none of it', async () => {
    const r = await src().collectAccount(ref(platform, 'nakal'), ctx());
    expect(r.posts.map((p) => p.text)).toEqual(MALICIOUS_TEXTS);
    // The <script> would have called /steal; the <img onerror> would have loaded "x".
    expect(site.hits.filter((h) => h.path.startsWith('/steal') || /\/x$/.test(h.path))).toEqual([]);
  });

  it('captures a single post page (screenshot + MHTML) and recognises a removed post', async () => {
    const post = site.posts(platform, 'budi_guru')[1]!;
    const cap = await src().capturePost(site.postUrl(platform, 'budi_guru', post.id));
    expect(cap).toMatchObject({ status: 'ok', post: { externalId: post.id, text: post.text } });
    expect(cap.files.map((f) => f.kind)).toEqual(['screenshot', 'page-mhtml']);
    for (const f of cap.files) expect((await store.verify(f.file.path, f.file.sha256)).outcome).toBe('ok');
    site.removePost(platform, 'budi_guru', post.id);
    const gone = await src().capturePost(site.postUrl(platform, 'budi_guru', post.id));
    expect(gone).toMatchObject({ status: 'removed', post: null });
    expect(gone.files.map((f) => f.kind)).toEqual(['removal-page']);
  });
});

describe('slow pages and blocking', () => {
  it("X: a repost's evidence is the original post's page, by its author", async () => {
    site.reset();
    const rp = site.posts('x', 'budi_guru').find((p) => p.repostOf)!;
    const cap = await sources.get('x')!.capturePost(site.postUrl('x', rp.repostOf!.handle, rp.repostOf!.id));
    expect(cap).toMatchObject({ status: 'ok', post: { handle: 'akun_kampanye', text: rp.text, externalId: rp.repostOf!.id } });
  });

  it('collects a slow page within the timeout, and reports a timeout (not zero posts) beyond it', async () => {
    const ok = await sources.get('x')!.collectAccount(ref('x', 'lambat'), ctx());
    expect(ok).toMatchObject({ status: 'ok', complete: true });
    expect(ok.posts).toHaveLength(5);
    const impatient = await fixtureWebSource(site, 'x', { politeness: { timeoutMs: 300, maxRetries: 1 } });
    try {
      const r = await impatient.collectAccount(ref('x', 'lambat'), ctx());
      expect(r).toMatchObject({ status: 'error', posts: [] });
      expect(r.message).toMatch(/timed out/);
    } finally {
      await impatient.close();
    }
  });

  it('pauses a platform that keeps showing login walls, and says so', async () => {
    const s = await fixtureWebSource(site, 'instagram', { politeness: { breakerThreshold: 2, breakerCooldownMs: 60_000 } });
    try {
      const statuses = [];
      for (const h of ['dinding', 'dinding', 'budi_guru', 'sri_wahyuni']) statuses.push((await s.collectAccount(ref('instagram', h), ctx())).status);
      expect(statuses).toEqual(['login_wall', 'login_wall', 'blocked', 'blocked']);
      expect(s.health!().alerts.join()).toMatch(/circuit breaker opened 1 time\(s\).*login_wall x2.*instagram paused until/);
    } finally {
      await s.close();
    }
  });
});
