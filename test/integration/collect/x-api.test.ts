import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openXApiSource } from '../../../src/collect/sources/x-api/x-api.source.ts';
import { EDITED_SUFFIX, MALICIOUS_TEXTS } from '../../helpers/fixture-site/fixture-data.ts';
import { startFixtureSite, type FixtureSite } from '../../helpers/fixture-site/fixture-site.ts';
import { ctx, FAST, ref } from '../../helpers/collect-helpers.ts';

/** The X API v2 source against a local server replaying responses in the documented format. */
let site: FixtureSite;
let limited: FixtureSite;
beforeAll(async () => {
  site = await startFixtureSite();
  // A tight rate limit: 2 requests per endpoint per 1.5 s window.
  limited = await startFixtureSite({ xApi: { limit: 2, windowMs: 1000 } });
});
afterAll(async () => {
  await site?.close();
  await limited?.close();
});

const open = (s: FixtureSite, o: Partial<Parameters<typeof openXApiSource>[0]> = {}) =>
  openXApiSource({ bearerToken: 'fixture-token', baseUrl: `${s.url}/x-api`, postUrlBase: s.baseUrl('x'), politeness: FAST, ...o });

describe('x-api source', () => {
  it('follows pagination tokens through the whole timeline, newest first', async () => {
    const r = await open(site, { maxResults: 10 }).collectAccount(ref('x', 'budi_guru'), ctx());
    const expected = site
      .posts('x', 'budi_guru')
      .slice()
      .sort((a, b) => b.postedAt.getTime() - a.postedAt.getTime());
    expect(r).toMatchObject({ status: 'ok', complete: true, coveredFrom: null });
    expect(r.posts).toHaveLength(expected.length);
    expect(r.requests).toBe(1 + Math.ceil(expected.length / 10));
    const rt = r.posts.find((p) => p.kind === 'share')!;
    // A repost has no words of its own: the other account's post is in `shared`.
    expect(rt.text).toBe('');
    expect(rt.shared).toMatchObject({ kind: 'repost', authorHandle: 'akun_kampanye', text: 'Coblos nomor 2! #02Melanjutkan' });
    expect(r.posts.filter((p) => p.kind === 'post').map((p) => p.text)).toEqual(expected.filter((p) => !p.repostOf).map((p) => p.text));
    expect(r.posts[0]!.url).toBe(`${site.baseUrl('x')}/budi_guru/status/${r.posts[0]!.externalId}`);
  });

  it('asks only for what is new (start_time) on a re-scan', async () => {
    const all = site.posts('x', 'budi_guru').filter((p) => !p.pinned);
    const bound = all[4]!.postedAt;
    const r = await open(site).collectAccount(ref('x', 'budi_guru'), { ...ctx(), stopBefore: bound });
    expect(r).toMatchObject({ status: 'ok', complete: true });
    expect(r.posts.every((p) => p.postedAt! >= new Date(Math.floor(bound.getTime() / 1000) * 1000))).toBe(true);
    expect(r.posts.length).toBeLessThan(10);
    expect(site.hits.some((h) => h.path.includes('start_time='))).toBe(true);
  });

  it('keeps text exactly: entities unescaped, long posts from note_tweet', async () => {
    const r = await open(site).collectAccount(ref('x', 'nakal'), ctx());
    expect(r.posts.map((p) => p.text)).toEqual(MALICIOUS_TEXTS);
  });

  it('keys an edited post by its original id, so the edit is a new version of the same post', async () => {
    const s = open(site);
    const first = await s.collectAccount(ref('x', 'pengedit'), ctx());
    const second = await s.collectAccount(ref('x', 'pengedit'), ctx());
    expect(second.posts.map((p) => p.externalId)).toEqual(first.posts.map((p) => p.externalId));
    expect(second.posts[1]!.text).toBe(first.posts[1]!.text + EDITED_SUFFIX);
    expect(second.posts[1]!.url).not.toBe(first.posts[1]!.url);
  });

  it.each([
    ['terkunci', 'private'],
    ['tidakada', 'not_found'],
  ])('reports @%s as %s', async (handle, status) => {
    const r = await open(site).collectAccount(ref('x', handle), ctx());
    expect(r).toMatchObject({ status, posts: [] });
    expect(r.message).toMatch(/X API/);
  });

  it('waits out a 429 and retries a 503', async () => {
    const s = open(site);
    expect((await s.collectAccount(ref('x', 'sibuk'), ctx())).status).toBe('ok');
    expect((await s.collectAccount(ref('x', 'rapuh'), ctx())).status).toBe('ok');
    const statuses = site.hits.filter((h) => h.path.includes('/tweets')).map((h) => h.status);
    expect(statuses).toContain(429);
    expect(statuses).toContain(503);
  });

  it('honours x-rate-limit headers: waits for the window to reset instead of drawing 429s', async () => {
    const t0 = Date.now();
    const r = await open(limited, { maxResults: 10 }).collectAccount(ref('x', 'budi_guru'), ctx());
    expect(r.status).toBe('ok');
    expect(r.posts).toHaveLength(site.posts('x', 'budi_guru').length);
    // 5 timeline pages at 2 per window: at least two resets waited out, and not one 429.
    expect(Date.now() - t0).toBeGreaterThanOrEqual(1500);
    expect(limited.hits.filter((h) => h.status === 429)).toEqual([]);
  });

  it('says a bad token is a configuration problem', async () => {
    const r = await open(site, { bearerToken: 'wrong' }).collectAccount(ref('x', 'budi_guru'), ctx());
    expect(r).toMatchObject({ status: 'error', posts: [] });
    expect(r.message).toMatch(/bearer token/);
  });
});
