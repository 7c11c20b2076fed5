import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { contentSha256 } from '../../../src/domain/raw-post.ts';
import { adapter as facebook } from '../../../src/collect/sources/facebook/facebook.web-source.ts';
import { adapter as instagram } from '../../../src/collect/sources/instagram/instagram.web-source.ts';
import { shortcodeTime } from '../../../src/collect/sources/instagram/instagram.parse.ts';
import { adapter as tiktok } from '../../../src/collect/sources/tiktok/tiktok.web-source.ts';
import { videoIdTime } from '../../../src/collect/sources/tiktok/tiktok.parse.ts';
import { adapter as x } from '../../../src/collect/sources/x/x.web-source.ts';
import type { WebAdapter } from '../../../src/collect/web/web-adapter.ts';
import { FIXTURE_NOW, fixtureAccount, MALICIOUS_TEXTS, postId, type FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';

/** Saved pages: the fixture site's pages as Chromium rendered them (test/helpers/fixture-site/save-pages.ts). */
function saved(platform: FixturePlatform, name: string): { html: string; url: string } {
  const dir = `test/fixtures/sites/${platform}/saved`;
  const urls = JSON.parse(readFileSync(`${dir}/pages.json`, 'utf8')) as Record<string, string>;
  return { html: readFileSync(`${dir}/${name}.html`, 'utf8'), url: urls[name]! };
}

const ADAPTERS: [FixturePlatform, WebAdapter][] = [
  ['x', x],
  ['instagram', instagram],
  ['facebook', facebook],
  ['tiktok', tiktok],
];
/** Posted times the platform shows: X and Instagram to the millisecond, Facebook and TikTok to the second. */
const precision = (p: FixturePlatform, d: Date) => (p === 'facebook' || p === 'tiktok' ? Math.floor(d.getTime() / 1000) * 1000 : d.getTime());

describe.each(ADAPTERS)('%s parser', (platform, adapter) => {
  it('reads the first page of a profile: ids, exact text, time, pinned, in listing order', () => {
    const { html, url } = saved(platform, 'profile-budi_guru');
    const page = adapter.parseProfile(html, url, 'budi_guru');
    expect(page).toMatchObject({ state: 'ok', recognised: true, loadFailed: false, skipped: [] });
    expect(page.more).not.toBeNull();
    const expected = fixtureAccount(platform, 'budi_guru')!.posts.slice(0, page.posts.length);
    expect(page.posts.length).toBeGreaterThanOrEqual(8);
    expect(page.containers).toBe(page.posts.length);
    page.posts.forEach((p, i) => {
      const e = expected[i]!;
      expect(p.externalId).toBe(e.repostOf ? `rt:budi_guru:${e.repostOf.id}` : e.id);
      expect(p.text).toBe(e.repostOf ? e.text : e.text);
      expect(p.postedAt?.getTime()).toBe(precision(platform, e.postedAt));
      expect(p.pinned).toBe(Boolean(e.pinned) && platform !== 'facebook');
      expect(p.handle).toBe('budi_guru');
      expect(p.platform).toBe(platform);
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\//);
      expect((p.raw as { html: string }).html).toContain(platform === 'instagram' ? e.id : p.externalId.replace(/^rt:budi_guru:/, ''));
    });
  });

  it('stores hostile text exactly as shown, markup and all, and never runs it', () => {
    const { html, url } = saved(platform, 'profile-nakal');
    const page = adapter.parseProfile(html, url, 'nakal');
    expect(page.posts.map((p) => p.text)).toEqual(MALICIOUS_TEXTS);
    // A hash of the exact text: the same on every re-scan, so nothing here looks like an edit.
    expect(new Set(page.posts.map((p) => contentSha256(p.text))).size).toBe(MALICIOUS_TEXTS.length);
  });

  it('says "ok, no posts" for an empty account, not an error', () => {
    const { html, url } = saved(platform, 'profile-kosong');
    expect(adapter.parseProfile(html, url, 'kosong')).toMatchObject({ state: 'ok', posts: [], recognised: true, containers: 0 });
  });

  it.each([
    ['login-wall', 'login_wall', 'dinding'],
    ['not-found', 'not_found', 'tidakada'],
    ['private', 'private', 'terkunci'],
  ])('recognises a %s page', (name, state, handle) => {
    const { html, url } = saved(platform, name);
    expect(adapter.parseProfile(html, url, handle)).toMatchObject({ state, posts: [] });
  });

  it('reads a post page and recognises a removed post', () => {
    const e = fixtureAccount(platform, 'budi_guru')!.posts[1]!;
    const { html, url } = saved(platform, 'post');
    const page = adapter.parsePost(html, url);
    expect(page.state).toBe('ok');
    expect(page.posts).toHaveLength(1);
    expect(page.posts[0]).toMatchObject({ externalId: e.id, text: e.text, handle: 'budi_guru' });
    expect(page.posts[0]!.postedAt?.getTime()).toBe(precision(platform, e.postedAt));
    const gone = saved(platform, 'removed');
    expect(adapter.parsePost(gone.html, gone.url).state).toBe('removed');
  });

  it('reports a changed layout instead of returning zero posts', () => {
    const { html, url } = saved(platform, 'profile-budi_guru');
    // Simulate a redesign: the markers the parser relies on are renamed.
    const redesigned = html.replace(/data-testid|data-e2e|role="article"|\/status\/|\/posts\/|\/video\/|\/p\//g, (m) => `${m.replace(/[/"]/g, '')}2`);
    const page = adapter.parseProfile(redesigned, url, 'budi_guru');
    expect(page.posts).toHaveLength(0);
    expect(page.recognised && page.containers === 0).toBe(false);
  });

  it('builds profile URLs the way the platform does', () => {
    expect(adapter.profileUrl(adapter.defaultBaseUrl, 'budi_guru')).toBe(
      { x: 'https://x.com/budi_guru', instagram: 'https://www.instagram.com/budi_guru/', facebook: 'https://www.facebook.com/budi_guru', tiktok: 'https://www.tiktok.com/@budi_guru' }[platform],
    );
  });
});

describe('platform details', () => {
  it('X: a repost is a share by the profile owner, keyed by who reposted what', () => {
    const { html, url } = saved('x', 'profile-budi_guru');
    const rt = x.parseProfile(html, url, 'budi_guru').posts.find((p) => p.kind === 'share')!;
    expect(rt.externalId).toMatch(/^rt:budi_guru:\d+$/);
    expect(rt.raw).toMatchObject({ repostOf: { handle: 'akun_kampanye' } });
  });

  it('Instagram: the posting time is read from the shortcode', () => {
    const at = new Date(FIXTURE_NOW - 5 * 3_600_000);
    expect(shortcodeTime(postId('instagram', 'siapa', 3, at))?.getTime()).toBe(at.getTime());
    expect(shortcodeTime('C!!')).toBeNull();
  });

  it('TikTok: the upload time is read from the video id', () => {
    const at = new Date(Math.floor((FIXTURE_NOW - 9 * 3_600_000) / 1000) * 1000);
    expect(videoIdTime(postId('tiktok', 'siapa', 3, at))?.getTime()).toBe(at.getTime());
    expect(videoIdTime('123')).toBeNull();
  });
});
