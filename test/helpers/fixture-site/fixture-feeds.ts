import type { ServerResponse } from 'node:http';
import { listingOrder, type FixtureAccount, type FixturePlatform, type FixturePost } from './fixture-data.ts';
import { fbArticle, postVars, render, scriptJson, xArticle } from './fixture-render.ts';
import { fbEmbeddedPayload, fbRefetchBody, fbStory, fbUserId } from './facebook-graphql.ts';
import { IG_CHECKPOINT, IG_LOGIN_REQUIRED, igTimelineResponse } from './instagram-graphql.ts';
import { ttItemListResponse, ttRehydration } from './tiktok-json.ts';
import { userTweetsResponse, xErrors, xRepostId, xShownId, xUserId } from './x-graphql.ts';

/**
 * The four platforms' profile pages and the JSON feeds their web apps fetch while scrolling,
 * served from the fixture data. Pages hold no posts in their HTML (except Facebook's embedded
 * first page): the page's script fetches the feed and draws the posts, as the real apps do.
 */

/** What stops a listing after some pages: a login dialog drawn by the page, or a refused feed request. */
export interface Barrier {
  /** Pages that load before it. */
  afterPages: number;
  kind: 'login_dialog' | 'http_401' | 'http_429' | 'challenge';
}

export interface FeedContext {
  url: string;
  pageSize: Record<FixturePlatform, number>;
  send(res: ServerResponse, status: number, body: string, type?: string, headers?: Record<string, string>): void;
  /** The account as shown now (removals and edits applied), timeline order. */
  account(platform: FixturePlatform, handle: string): FixtureAccount | undefined;
  /** Whether this post's text differs from what was first posted. */
  edited(platform: FixturePlatform, handle: string, p: FixturePost): boolean;
  barrier(platform: FixturePlatform, handle: string): Barrier | undefined;
}

export const encodeCursor = (offset: number) => Buffer.from(`cursor:${offset}`).toString('base64url');
export const decodeCursor = (c: string | null | undefined) => {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c ?? '', 'base64url').toString());
  return m ? Number(m[1]) : 0;
};

/** The barrier that answers the feed request for the page starting at `offset`, if any. */
function refusal(ctx: FeedContext, platform: FixturePlatform, handle: string, offset: number): Barrier['kind'] | null {
  const b = ctx.barrier(platform, handle);
  if (!b || b.kind === 'login_dialog') return null;
  return Math.floor(offset / ctx.pageSize[platform]) >= b.afterPages ? b.kind : null;
}

const wallAfter = (ctx: FeedContext, platform: FixturePlatform, handle: string) => {
  const b = ctx.barrier(platform, handle);
  return b?.kind === 'login_dialog' ? b.afterPages : -1;
};

// ---- profile pages ----

export function profilePage(ctx: FeedContext, platform: FixturePlatform, a: FixtureAccount): string {
  const canonical = `${ctx.url}/${platform}/${platform === 'tiktok' ? '@' : ''}${a.handle}`;
  const base = {
    handle: a.handle,
    name: a.name,
    canonical,
    wallAfter: wallAfter(ctx, platform, a.handle),
    about: 'ASN. Akun pribadi.',
    postCount: a.posts.length,
  };
  switch (platform) {
    case 'x':
      return render('x', 'profile', { ...base, userId: xUserId(a.handle) });
    case 'instagram':
      return render('instagram', 'profile', base);
    case 'tiktok':
      return render('tiktok', 'profile', { ...base, state: scriptJson(ttRehydration(a, a.handle)) });
    case 'facebook': {
      const size = ctx.pageSize.facebook;
      const sjs = scriptJson(
        fbEmbeddedPayload(a, a.posts.slice(0, size), {
          endCursor: a.posts.length > size ? encodeCursor(size) : null,
          baseUrl: `${ctx.url}/facebook`,
        }),
      );
      return render('facebook', 'profile', { ...base, sjs, sjsLength: sjs.length });
    }
  }
}

// ---- feeds ----

export function xUserTweets(ctx: FeedContext, a: FixtureAccount, cursor: string | undefined, res: ServerResponse): void {
  const offset = decodeCursor(cursor);
  const r = refusal(ctx, 'x', a.handle, offset);
  if (r === 'http_401' || r === 'challenge')
    return ctx.send(res, 401, JSON.stringify(xErrors(32, 'Could not authenticate you.')), 'application/json');
  if (r === 'http_429')
    return ctx.send(res, 429, JSON.stringify(xErrors(88, 'Rate limit exceeded.')), 'application/json', {
      'x-rate-limit-remaining': '0',
      'x-rate-limit-reset': String(Math.floor(Date.now() / 1000) + 900),
    });
  const list = listingOrder('x', a.posts);
  const page = list.slice(offset, offset + ctx.pageSize.x);
  const body = userTweetsResponse(a, page, {
    first: offset === 0,
    top: `DAABCgABGTop${offset}`,
    bottom: encodeCursor(offset + page.length),
    isEdited: (p) => ctx.edited('x', a.handle, p),
  });
  ctx.send(res, 200, JSON.stringify(body), 'application/json');
}

export function igGraphql(ctx: FeedContext, a: FixtureAccount, after: string | undefined, res: ServerResponse): void {
  const offset = decodeCursor(after);
  const r = refusal(ctx, 'instagram', a.handle, offset);
  if (r === 'http_401') return ctx.send(res, 401, JSON.stringify(IG_LOGIN_REQUIRED), 'application/json');
  if (r === 'challenge') return ctx.send(res, 400, JSON.stringify(IG_CHECKPOINT), 'application/json');
  if (r === 'http_429')
    return ctx.send(
      res,
      429,
      JSON.stringify({ message: 'Harap tunggu beberapa menit sebelum mencoba lagi.', status: 'fail' }),
      'application/json',
    );
  const page = a.posts.slice(offset, offset + ctx.pageSize.instagram);
  const next = offset + page.length < a.posts.length ? encodeCursor(offset + page.length) : null;
  ctx.send(res, 200, JSON.stringify(igTimelineResponse(a, page, { endCursor: next })), 'application/json');
}

export function ttItemList(ctx: FeedContext, a: FixtureAccount, cursor: string | undefined, res: ServerResponse): void {
  const offset = Number(cursor ?? '0') || 0;
  const r = a.scenario === 'challenge' ? 'challenge' : refusal(ctx, 'tiktok', a.handle, offset);
  // TikTok answers an empty body (HTTP 200) when it wants a human check first.
  if (r === 'challenge' || r === 'http_401') return ctx.send(res, 200, '', 'application/json');
  if (r === 'http_429') return ctx.send(res, 429, '', 'application/json');
  const page = a.posts.slice(offset, offset + ctx.pageSize.tiktok);
  ctx.send(
    res,
    200,
    JSON.stringify(ttItemListResponse(a, page, { cursor: String(offset + page.length), hasMore: offset + page.length < a.posts.length })),
    'application/json',
  );
}

export function fbGraphql(ctx: FeedContext, a: FixtureAccount, cursor: string | undefined, res: ServerResponse): void {
  const offset = decodeCursor(cursor);
  const r = refusal(ctx, 'facebook', a.handle, offset);
  // Facebook's web endpoints prefix JSON with `for (;;);` and answer "not logged in" with error 1357001.
  if (r === 'http_401' || r === 'challenge')
    return ctx.send(
      res,
      200,
      'for (;;);{"__ar":1,"error":1357001,"errorSummary":"Anda tidak masuk","errorDescription":"Silakan masuk untuk melanjutkan.","payload":null}',
      'application/json',
    );
  if (r === 'http_429')
    return ctx.send(
      res,
      429,
      'for (;;);{"__ar":1,"error":1675004,"errorSummary":"Terlalu banyak permintaan","payload":null}',
      'application/json',
    );
  const page = a.posts.slice(offset, offset + ctx.pageSize.facebook);
  const next = offset + page.length < a.posts.length ? encodeCursor(offset + page.length) : null;
  ctx.send(res, 200, fbRefetchBody(a, page, { endCursor: next, baseUrl: `${ctx.url}/facebook` }), 'application/json');
}

export const fbHandleOf = (id: string, handles: readonly string[]) => handles.find((h) => fbUserId(h) === id);
export const xHandleOf = (id: string, handles: readonly string[]) => handles.find((h) => xUserId(h) === id);

// ---- post pages ----

/** A post's own page, or null when the id is not this post's. */
export function postPage(ctx: FeedContext, platform: FixturePlatform, a: FixtureAccount, p: FixturePost, id: string): string | null {
  const edited = ctx.edited(platform, a.handle, p);
  const canonical = `${ctx.url}/${platform}/${platform === 'instagram' ? `p/${id}/` : platform === 'tiktok' ? `@${a.handle}/video/${id}` : platform === 'x' ? `${a.handle}/status/${id}` : `${a.handle}/posts/${id}`}`;
  const vars = postVars(a, p, canonical);
  if (platform === 'x') {
    if (p.repostOf) {
      // The reposted post's own page, by its author.
      if (id !== p.repostOf.id && id !== xRepostId(p)) return null;
      return render('x', 'post', {
        ...vars,
        article: xArticle({
          id: p.repostOf.id,
          handle: p.repostOf.handle,
          name: p.repostOf.name ?? p.repostOf.handle,
          text: p.text,
          postedAt: p.postedAt,
          focused: true,
        }),
      });
    }
    if (p.quoteOf && id === p.quoteOf.id)
      return render('x', 'post', {
        ...vars,
        article: xArticle({
          id,
          handle: p.quoteOf.handle,
          name: p.quoteOf.name,
          text: p.quoteOf.text,
          postedAt: new Date(p.postedAt.getTime() - 3_600_000),
          focused: true,
        }),
      });
    if (id !== p.id && id !== xShownId(p, edited)) return null;
    const article = xArticle({
      id: xShownId(p, edited),
      handle: a.handle,
      name: a.name,
      text: p.text,
      postedAt: p.postedAt,
      media: p.media,
      replyTo: p.replyTo,
      quote: p.quoteOf
        ? { handle: p.quoteOf.handle, name: p.quoteOf.name, text: p.quoteOf.text, postedAt: new Date(p.postedAt.getTime() - 3_600_000) }
        : undefined,
      focused: true,
    });
    return render('x', 'post', { ...vars, id: xShownId(p, edited), article });
  }
  if (id !== p.id) return null;
  if (platform === 'facebook') {
    const attached = p.quoteOf
      ? {
          handle: p.quoteOf.handle,
          name: p.quoteOf.name,
          id: p.quoteOf.id,
          text: p.quoteOf.text,
          postedAt: new Date(p.postedAt.getTime() - 3_600_000),
        }
      : undefined;
    const story = fbStory(a, p, `${ctx.url}/facebook`);
    const sjs = scriptJson({
      require: [
        [
          'ScheduledServerJS',
          'handle',
          null,
          [
            {
              __bbox: {
                require: [
                  [
                    'RelayPrefetchedStreamCache',
                    'next',
                    [],
                    ['adp_CometSinglePostContentQueryRelayPreloader', { __bbox: { complete: true, result: { data: { node: story } } } }],
                  ],
                ],
              },
            },
          ],
        ],
      ],
    });
    return render('facebook', 'post', {
      ...vars,
      sjs,
      article: fbArticle({
        handle: a.handle,
        name: a.name,
        id: p.id,
        text: p.text,
        postedAt: p.postedAt,
        photo: p.media === 'photo',
        attached,
      }),
    });
  }
  return render(platform, 'post', vars);
}
