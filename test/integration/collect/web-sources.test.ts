import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WebSource } from '../../../src/collect/web/web.source.ts';
import { FIXTURE_PLATFORMS, MALICIOUS_TEXTS, ownText, type FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';
import { igAlt } from '../../helpers/fixture-site/instagram-graphql.ts';
import type { WebAdapter } from '../../../src/collect/web/web-adapter.ts';
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

  it('reads a profile across pages from the feed JSON, in listing order, and says when the listing is complete', async () => {
    const r = await src().collectAccount(ref(platform, 'budi_guru'), ctx());
    const expected = site.listing(platform, 'budi_guru');
    expect(r.status).toBe('ok');
    expect(r.posts.map((p) => p.text)).toEqual(expected.map(ownText));
    expect(r.posts.map((p) => Boolean(p.pinned))).toEqual(expected.map((p) => Boolean(p.pinned)));
    // The platform's own JSON, not the drawn page, is what was read.
    expect(r.posts.every((p) => (p.raw as { via: string }).via === 'web-json')).toBe(true);
    // Logged-out X lists by popularity: never a complete listing. The others end their feed.
    if (platform === 'x') expect(r.complete).toBe(false);
    else expect(r).toMatchObject({ complete: true, coveredFrom: null });
    expect(new Set(r.posts.map((p) => p.externalId)).size).toBe(r.posts.length);
  });

  it.skipIf(platform === 'x')('stops loading at the cursor: a re-scan reads only what is newer than the bound', async () => {
    const all = site.posts(platform, 'budi_guru').filter((p) => !p.pinned);
    const bound = all[5]!.postedAt;
    const before = site.hits.length;
    const r = await src().collectAccount(ref(platform, 'budi_guru'), { ...ctx(), stopBefore: bound });
    const requests =
      site.hits.filter((h) => h.path !== '/favicon.ico').length -
      site.hits.slice(0, before).filter((h) => h.path !== '/favicon.ico').length;
    expect(r).toMatchObject({ status: 'ok', complete: true });
    expect(r.coveredFrom).toBeUndefined();
    // Every post at or after the bound is there; the listing stopped within a page of it.
    for (const p of all.filter((q) => q.postedAt >= bound)) expect(r.posts.some((x) => x.text === ownText(p))).toBe(true);
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
    expect(
      hitsFor(`/${platform}/${platform === 'tiktok' ? '@' : ''}sibuk`)
        .map((h) => h.status)
        .slice(0, 2),
    ).toEqual([429, 200]);
  });

  it('retries after a 500 and collects', async () => {
    const r = await src().collectAccount(ref(platform, 'rapuh'), ctx());
    expect(r.status).toBe('ok');
    expect(
      hitsFor(`/${platform}/${platform === 'tiktok' ? '@' : ''}rapuh`)
        .map((h) => h.status)
        .slice(0, 2),
    ).toEqual([500, 200]);
  });

  it('stores hostile text exactly and runs none of it', async () => {
    const r = await src().collectAccount(ref(platform, 'nakal'), ctx());
    const texts = r.posts.map((p) => p.text);
    // (Logged-out X lists by popularity: compare as sets there.)
    expect(platform === 'x' ? texts.sort() : texts).toEqual(platform === 'x' ? [...MALICIOUS_TEXTS].sort() : MALICIOUS_TEXTS);
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

describe('real page shapes', () => {
  it('Instagram: the text is the caption (never the image description), and reels are read', async () => {
    const r = await sources.get('instagram')!.collectAccount(ref('instagram', 'budi_guru'), ctx());
    const a = { handle: 'budi_guru', name: 'Budi Guru', scenario: 'normal' as const, posts: [] };
    for (const p of site.listing('instagram', 'budi_guru')) {
      const got = r.posts.find((x) => x.externalId === p.id)!;
      expect(got.text).toBe(p.text);
      expect(got.text).not.toBe(igAlt(a, p));
    }
    const reels = r.posts.filter((p) => /\/reel\//.test(p.url ?? ''));
    expect(reels.map((p) => p.kind)).toEqual(['video', 'video']);
    expect(reels.map((p) => p.text)).toContain('');
  });

  it('X: replies, photo-only posts and edits are read from the timeline JSON', async () => {
    site.reset();
    const all = site.posts('x', 'budi_guru');
    const edited = all[2]!;
    site.editPost('x', 'budi_guru', edited.id, `${edited.text} (ralat)`);
    const r = await sources.get('x')!.collectAccount(ref('x', 'budi_guru'), ctx());
    // An edited post keeps its first id, so the edit becomes a new version of the same post.
    expect(r.posts.find((p) => p.externalId === edited.id)?.text).toBe(`${edited.text} (ralat)`);
    const reply = all.find((p) => p.replyTo)!;
    expect(r.posts.find((p) => p.externalId === reply.id)).toMatchObject({ kind: 'reply', text: reply.text });
    // The post it answers is by someone else and is not the civil servant's post.
    expect(r.posts.some((p) => p.externalId === reply.replyTo!.id)).toBe(false);
    expect(r.posts.find((p) => p.externalId === all.find((q) => q.media === 'photo' && !q.quoteOf)!.id)).toMatchObject({
      kind: 'photo',
      text: '',
    });
    site.reset();
  });

  it('falls back to the drawn page when the feed JSON is not there, and then never calls the listing complete', async () => {
    const a = sources.get('tiktok')!.adapter;
    const blind: WebAdapter = { ...a, isFeedRequest: () => false, parseEmbedded: undefined };
    const s = await fixtureWebSource(site, 'tiktok', { adapter: blind });
    try {
      const r = await s.collectAccount(ref('tiktok', 'budi_guru'), ctx());
      expect(r.status).toBe('ok');
      expect(r.posts.map((p) => p.text)).toEqual(site.listing('tiktok', 'budi_guru').map(ownText));
      expect(r.posts.every((p) => (p.raw as { via: string }).via === 'web')).toBe(true);
      expect(r.complete).toBe(false);
      expect(r.message).toMatch(/feed JSON/);
    } finally {
      await s.close();
    }
  });
});

describe('slow pages and blocking', () => {
  it("X: a repost's evidence is the original post's page, by its author", async () => {
    site.reset();
    const rp = site.posts('x', 'budi_guru').find((p) => p.repostOf)!;
    // (A repost's own page is the original's, by its author.)
    const cap = await sources.get('x')!.capturePost(site.postUrl('x', rp.repostOf!.handle, rp.repostOf!.id));
    expect(cap).toMatchObject({ status: 'ok', post: { handle: 'akun_kampanye', text: rp.text, externalId: rp.repostOf!.id } });
  });

  it('collects a slow page within the timeout, and reports a timeout (not zero posts) beyond it', async () => {
    const ok = await sources.get('x')!.collectAccount(ref('x', 'lambat'), ctx());
    expect(ok).toMatchObject({ status: 'ok' });
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
      for (const h of ['dinding', 'dinding', 'budi_guru', 'sri_wahyuni'])
        statuses.push((await s.collectAccount(ref('instagram', h), ctx())).status);
      expect(statuses).toEqual(['login_wall', 'login_wall', 'blocked', 'blocked']);
      expect(s.health!().alerts.join()).toMatch(/circuit breaker opened 1 time\(s\).*login_wall x2.*instagram paused until/);
    } finally {
      await s.close();
    }
  });
});
