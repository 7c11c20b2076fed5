import { describe, expect, it } from 'vitest';
import { parseFacebookEmbedded, parseFacebookFeed } from '../../../src/collect/sources/facebook/facebook.json.ts';
import { parseInstagramFeed } from '../../../src/collect/sources/instagram/instagram.json.ts';
import { parseTiktokFeed } from '../../../src/collect/sources/tiktok/tiktok.json.ts';
import { parseXTimeline } from '../../../src/collect/sources/x/x.json.ts';
import { fbEmbeddedPayload, fbRefetchBody } from '../../helpers/fixture-site/facebook-graphql.ts';
import { fixtureAccount, listingOrder, ownText, sharedOf, type FixturePlatform } from '../../helpers/fixture-site/fixture-data.ts';
import { scriptJson } from '../../helpers/fixture-site/fixture-render.ts';
import { IG_CHECKPOINT, IG_LOGIN_REQUIRED, igNode, igTimelineResponse } from '../../helpers/fixture-site/instagram-graphql.ts';
import { ttItemListResponse } from '../../helpers/fixture-site/tiktok-json.ts';
import { userTweetsResponse, xErrors, xRepostId, xShownId } from '../../helpers/fixture-site/x-graphql.ts';

/**
 * The feed JSON parsers, on responses shaped as the fixture site serves them (modelled on the
 * public descriptions listed in test/fixtures/sites/<platform>/README.md): pure, no browser.
 */
const account = (p: FixturePlatform, h = 'budi_guru') => fixtureAccount(p, h)!;
const res = (body: unknown, status = 200) => ({
  url: 'https://fixture/feed',
  status,
  body: typeof body === 'string' ? body : JSON.stringify(body),
});

describe("X's UserTweets timeline", () => {
  const a = account('x');
  const list = listingOrder('x', a.posts);
  const edited = list[3]!;
  const page = (from: number, n: number) =>
    userTweetsResponse(a, list.slice(from, from + n), {
      first: from === 0,
      top: 't',
      bottom: `b${from + n}`,
      isEdited: (p) => p === edited,
    });

  it('reads every post of a page: own words, shared posts, replies, pins, edits; not the replied-to post', () => {
    const r = parseXTimeline(res(page(0, list.length)), 'https://x.com/budi_guru', 'budi_guru');
    expect(r).toMatchObject({ end: false, recognised: true });
    expect(r.posts.map((p) => p.externalId)).toEqual(list.map((p) => (p.repostOf ? xRepostId(p) : p.id)));
    for (const [i, p] of r.posts.entries()) {
      const e = list[i]!;
      expect(p.text).toBe(ownText(e));
      expect(p.postedAt?.getTime()).toBe(Math.floor(e.postedAt.getTime() / 1000) * 1000);
      expect(p.pinned).toBe(Boolean(e.pinned));
      const s = sharedOf(e);
      if (s)
        expect(p.shared).toMatchObject({
          kind: s.kind,
          externalId: s.externalId,
          authorHandle: s.authorHandle,
          text: s.text,
          url: `https://x.com/${s.authorHandle}/status/${s.externalId}`,
        });
      else expect(p.shared).toBeUndefined();
      // The replied-to post from `in_reply_to_status_id_str` and `in_reply_to_screen_name` (issue 16).
      if (e.replyTo && !s)
        expect(p.replyTo).toEqual({
          externalId: e.replyTo.id,
          authorHandle: e.replyTo.handle,
          url: `https://x.com/${e.replyTo.handle}/status/${e.replyTo.id}`,
        });
      else expect(p.replyTo).toBeUndefined();
      expect(p.kind).toBe(s ? 'share' : e.replyTo ? 'reply' : !e.text && e.media ? 'photo' : 'post');
    }
    expect(r.posts.filter((p) => p.replyTo).length).toBeGreaterThan(0);
    // The edited post keeps its first id; its URL shows the new one.
    expect(r.posts.find((p) => p.externalId === edited.id)?.url).toBe(`https://x.com/budi_guru/status/${xShownId(edited, true)}`);
  });

  it('a page without tweets, or without a bottom cursor, is the end of the timeline', () => {
    expect(parseXTimeline(res(page(list.length, 10)), 'https://x.com/budi_guru', 'budi_guru')).toMatchObject({ posts: [], end: true });
  });

  it.each([
    [429, xErrors(88, 'Rate limit exceeded.'), 'rate_limited'],
    [401, xErrors(32, 'Could not authenticate you.'), 'login_wall'],
    [200, xErrors(88, 'Rate limit exceeded.'), 'rate_limited'],
    [200, xErrors(239, 'Bad guest token.'), 'login_wall'],
  ])('HTTP %i with X error codes is a refusal, never an empty page', (status, body, kind) => {
    expect(parseXTimeline(res(body, status), 'https://x.com/budi_guru', 'budi_guru')).toMatchObject({
      posts: [],
      end: false,
      barrier: { kind },
    });
  });
});

describe("Instagram's profile GraphQL", () => {
  const a = account('instagram');
  it('reads captions (never the image description), reels, pins, and where the feed ends', () => {
    const first = parseInstagramFeed(
      res(igTimelineResponse(a, a.posts.slice(0, 12), { endCursor: 'c12' })),
      'https://www.instagram.com/budi_guru/',
      'budi_guru',
    )!;
    expect(first).toMatchObject({ end: false, recognised: true });
    expect(first.posts.map((p) => p.text)).toEqual(a.posts.slice(0, 12).map((p) => p.text));
    expect(first.posts.map((p) => p.pinned)).toEqual(a.posts.slice(0, 12).map((p) => Boolean(p.pinned)));
    const reels = first.posts.filter((p) => p.url?.includes('/reel/'));
    expect(reels.map((p) => p.kind)).toEqual(['video', 'video']);
    const last = parseInstagramFeed(
      res(igTimelineResponse(a, a.posts.slice(36), { endCursor: null })),
      'https://www.instagram.com/budi_guru/',
      'budi_guru',
    )!;
    expect(last.end).toBe(true);
  });

  it('also reads the older edge_owner_to_timeline_media shape', () => {
    const p = a.posts[3]!;
    const n = igNode(a, p);
    const node = {
      __typename: 'GraphImage',
      id: n['pk'],
      shortcode: p.id,
      taken_at_timestamp: n['taken_at'],
      edge_media_to_caption: { edges: [{ node: { text: p.text } }] },
      owner: { id: '1', username: 'budi_guru' },
      is_video: false,
      accessibility_caption: 'Mungkin gambar 2 orang',
    };
    const body = {
      data: {
        user: { edge_owner_to_timeline_media: { count: 1, page_info: { has_next_page: false, end_cursor: null }, edges: [{ node }] } },
      },
      status: 'ok',
    };
    expect(parseInstagramFeed(res(body), 'https://www.instagram.com/budi_guru/', 'budi_guru')).toMatchObject({
      end: true,
      posts: [{ externalId: p.id, text: p.text, kind: 'photo' }],
    });
  });

  it('login_required and checkpoint answers are a login wall and a challenge; other GraphQL answers are not the feed', () => {
    expect(parseInstagramFeed(res(IG_LOGIN_REQUIRED, 401), 'https://www.instagram.com/b/', 'b')).toMatchObject({
      barrier: { kind: 'login_wall' },
    });
    expect(parseInstagramFeed(res(IG_CHECKPOINT, 400), 'https://www.instagram.com/b/', 'b')).toMatchObject({
      barrier: { kind: 'challenge' },
    });
    expect(parseInstagramFeed(res({ data: { xdt_viewer: {} } }), 'https://www.instagram.com/b/', 'b')).toBeNull();
  });
});

describe("TikTok's item_list", () => {
  const a = account('tiktok');
  it('reads videos and photo posts with their captions, pins and the end of the list', () => {
    const r = parseTiktokFeed(
      res(ttItemListResponse(a, a.posts.slice(0, 15), { cursor: '15', hasMore: true })),
      'https://www.tiktok.com/@budi_guru',
      'budi_guru',
    );
    expect(r.posts.map((p) => p.text)).toEqual(a.posts.slice(0, 15).map((p) => p.text));
    const photo = a.posts.find((p) => p.media === 'photo')!;
    expect(r.posts.find((p) => p.externalId === photo.id)).toMatchObject({
      kind: 'photo',
      url: `https://www.tiktok.com/@budi_guru/photo/${photo.id}`,
    });
    expect(r.end).toBe(false);
    expect(
      parseTiktokFeed(res(ttItemListResponse(a, [], { cursor: '48', hasMore: false })), 'https://www.tiktok.com/@budi_guru', 'budi_guru')
        .end,
    ).toBe(true);
  });

  it('an empty answer is a captcha, not "no videos"', () => {
    expect(parseTiktokFeed(res(''), 'https://www.tiktok.com/@b', 'b')).toMatchObject({
      posts: [],
      end: false,
      barrier: { kind: 'challenge' },
    });
  });
});

describe("Facebook's timeline data", () => {
  const a = account('facebook');
  it('reads the streamed refetch answer, shares with their shared post, and photo-only posts', () => {
    const r = parseFacebookFeed(
      res(fbRefetchBody(a, a.posts.slice(0, 8), { endCursor: 'c8', baseUrl: 'https://www.facebook.com' })),
      'https://www.facebook.com/budi_guru',
      'budi_guru',
    )!;
    expect(r.posts.map((p) => p.externalId)).toEqual(a.posts.slice(0, 8).map((p) => p.id));
    expect(r.posts.map((p) => p.text)).toEqual(a.posts.slice(0, 8).map(ownText));
    const share = a.posts.find((p) => p.quoteOf)!;
    expect(r.posts.find((p) => p.externalId === share.id)).toMatchObject({
      kind: 'share',
      shared: { kind: 'quote', externalId: share.quoteOf!.id, authorHandle: 'akun_kampanye', text: share.quoteOf!.text },
    });
    expect(r.posts.find((p) => p.externalId === a.posts.find((q) => q.media === 'photo')!.id)).toMatchObject({ kind: 'photo', text: '' });
    expect(r.end).toBe(false);
  });

  it('reads the first posts embedded in the page', () => {
    const html = `<html><body><script type="application/json" data-content-len="9" data-sjs>${scriptJson(fbEmbeddedPayload(a, a.posts.slice(0, 3), { endCursor: null, baseUrl: 'https://www.facebook.com' }))}</script></body></html>`;
    expect(parseFacebookEmbedded(html, 'https://www.facebook.com/budi_guru', 'budi_guru')).toMatchObject({
      end: true,
      posts: a.posts.slice(0, 3).map((p) => ({ externalId: p.id })),
    });
  });

  it('"not logged in" behind the for (;;); prefix is a login wall', () => {
    const body = 'for (;;);{"__ar":1,"error":1357001,"errorSummary":"Anda tidak masuk","payload":null}';
    expect(parseFacebookFeed(res(body), 'https://www.facebook.com/b', 'b')).toMatchObject({ barrier: { kind: 'login_wall' } });
  });
});
