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
import {
  FIXTURE_NOW,
  fixtureAccount,
  listingOrder,
  MALICIOUS_TEXTS,
  ownText,
  postId,
  type FixturePlatform,
} from '../../helpers/fixture-site/fixture-data.ts';

/**
 * The drawn-page (DOM) parsers, on saved pages: the fixture site's pages as Chromium rendered
 * them (test/helpers/fixture-site/save-pages.ts). The feed JSON parsers: json-parsers.test.ts.
 */
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
/** Platforms whose drawn profile shows each post's words (Instagram's grid shows only image descriptions). */
const DRAWN: [FixturePlatform, WebAdapter][] = ADAPTERS.filter(([p]) => p !== 'instagram');

describe.each(DRAWN)('%s drawn page', (platform, adapter) => {
  it('reads the first page of a profile: ids, own words, shared posts, pinned, in listing order', () => {
    const { html, url } = saved(platform, 'profile-budi_guru');
    const page = adapter.parseProfile(html, url, 'budi_guru');
    expect(page).toMatchObject({ state: 'ok', recognised: true, loadFailed: false, skipped: [], barrier: null });
    expect(page.more).not.toBeNull();
    const expected = listingOrder(platform, fixtureAccount(platform, 'budi_guru')!.posts).slice(0, page.posts.length);
    expect(page.posts.length).toBeGreaterThanOrEqual(8);
    expect(page.containers).toBe(page.posts.length);
    page.posts.forEach((p, i) => {
      const e = expected[i]!;
      expect(p.externalId).toBe(e.repostOf ? `rt:budi_guru:${e.repostOf.id}` : e.id);
      expect(p.text).toBe(ownText(e));
      // The drawn page carries a time on X and TikTok (in the id); Facebook only labels a date.
      if (platform === 'facebook') expect(p.postedAt).toBeNull();
      else
        expect(p.postedAt?.getTime()).toBe(platform === 'tiktok' ? Math.floor(e.postedAt.getTime() / 1000) * 1000 : e.postedAt.getTime());
      expect(p.pinned).toBe(Boolean(e.pinned));
      expect(p.handle).toBe('budi_guru');
      expect(p.platform).toBe(platform);
      expect(p.url).toMatch(/^http:\/\/127\.0\.0\.1:8080\//);
      const shared = e.repostOf ?? e.quoteOf;
      if (shared) expect(p.shared).toMatchObject({ kind: e.repostOf ? 'repost' : 'quote', authorHandle: shared.handle });
      else expect(p.shared).toBeUndefined();
      // X's page names the replied-to account ("Membalas @akun"), not the replied-to post (issue 16).
      if (platform === 'x' && e.replyTo && !shared) expect(p.replyTo).toEqual({ authorHandle: e.replyTo.handle });
      else expect(p.replyTo).toBeUndefined();
    });
    if (platform === 'x') expect(page.posts.filter((p) => p.replyTo).length).toBeGreaterThan(0);
  });

  it('stores hostile text exactly as shown, markup and all, and never runs it', () => {
    const { html, url } = saved(platform, 'profile-nakal');
    const page = adapter.parseProfile(html, url, 'nakal');
    expect(page.posts.map((p) => p.text)).toEqual(listingOrder(platform, fixtureAccount(platform, 'nakal')!.posts).map((p) => p.text));
    expect(new Set(page.posts.map((p) => contentSha256(p.text))).size).toBe(MALICIOUS_TEXTS.length);
  });
});

describe.each(ADAPTERS)('%s page states', (platform, adapter) => {
  it('says "ok, no posts" for an empty account, not an error', () => {
    const { html, url } = saved(platform, 'profile-kosong');
    expect(adapter.parseProfile(html, url, 'kosong')).toMatchObject({ state: 'ok', posts: [], recognised: true, containers: 0 });
  });

  it.each([
    ['login-wall', 'login_wall', 'dinding'],
    ['not-found', 'not_found', 'tidakada'],
    ['private', 'private', 'terkunci'],
    ['challenge', 'challenge', 'tantangan'],
  ])('recognises a %s page', (name, state, handle) => {
    const { html, url } = saved(platform, name);
    expect(adapter.parseProfile(html, url, handle)).toMatchObject({ state, posts: [] });
  });

  it('finds a login dialog drawn over a profile that already shows posts', () => {
    const { html, url } = saved(platform, 'login-dialog');
    const page = adapter.parseProfile(html, url, 'banyak');
    expect(page.state).toBe('ok');
    expect(page.containers).toBeGreaterThan(0);
    expect(page.barrier).toMatchObject({ kind: 'login_wall' });
  });

  it('reads a post page and recognises a removed post', () => {
    const e = fixtureAccount(platform, 'budi_guru')!.posts[1]!;
    const { html, url } = saved(platform, 'post');
    const page = adapter.parsePost(html, url);
    expect(page.state).toBe('ok');
    expect(page.posts).toHaveLength(1);
    expect(page.posts[0]).toMatchObject({ externalId: e.id, text: e.text, handle: 'budi_guru' });
    expect(page.posts[0]!.postedAt?.getTime()).toBe(
      platform === 'facebook' || platform === 'tiktok' ? Math.floor(e.postedAt.getTime() / 1000) * 1000 : e.postedAt.getTime(),
    );
    const gone = saved(platform, 'removed');
    expect(adapter.parsePost(gone.html, gone.url).state).toBe('removed');
  });

  it('reports a changed layout instead of returning zero posts', () => {
    const { html, url } = saved(platform, 'profile-budi_guru');
    // Simulate a redesign: the markers the parser relies on are renamed.
    const redesigned = html.replace(
      /data-testid|data-e2e|role="article"|\/status\/|\/posts\/|\/video\/|\/p\/|\/reel\//g,
      (m) => `${m.replace(/[/"]/g, '')}2`,
    );
    const page = adapter.parseProfile(redesigned, url, 'budi_guru');
    expect(page.posts).toHaveLength(0);
    expect(page.recognised && page.containers === 0).toBe(false);
  });

  it('builds profile URLs the way the platform does', () => {
    expect(adapter.profileUrl(adapter.defaultBaseUrl, 'budi_guru')).toBe(
      {
        x: 'https://x.com/budi_guru',
        instagram: 'https://www.instagram.com/budi_guru/',
        facebook: 'https://www.facebook.com/budi_guru',
        tiktok: 'https://www.tiktok.com/@budi_guru',
      }[platform],
    );
  });
});

describe('platform details', () => {
  it('X: a sensitive-content warning in front of a profile is an interstitial', () => {
    const { html, url } = saved('x', 'interstitial');
    expect(x.parseProfile(html, url, 'peringatan')).toMatchObject({ state: 'interstitial', posts: [] });
  });

  it("Instagram: the grid is counted but yields no words: an image description is never a post's text", () => {
    const { html, url } = saved('instagram', 'profile-budi_guru');
    const page = instagram.parseProfile(html, url, 'budi_guru');
    expect(page.posts).toEqual([]);
    expect(page.containers).toBeGreaterThan(0);
    expect(page.skipped[0]).toMatch(/no captions/);
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
