import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  EDITED_SUFFIX,
  FIXTURE_PLATFORMS,
  fixtureAccount,
  listingOrder,
  type FixtureAccount,
  type FixturePlatform,
  type FixturePost,
} from './fixture-data.ts';
import { render, scriptJson } from './fixture-render.ts';
import {
  fbGraphql,
  fbHandleOf,
  igGraphql,
  postPage,
  profilePage,
  ttItemList,
  xHandleOf,
  xUserTweets,
  type Barrier,
  type FeedContext,
} from './fixture-feeds.ts';
import { ttRehydration } from './tiktok-json.ts';
import { handleXApi, type XApiOptions } from './x-api-replay.ts';

/**
 * A local replica of the four platforms' public pages, the JSON their web apps fetch (and of
 * the X API v2), served on 127.0.0.1 at a random port. Collectors are tested against it, never
 * against live sites. What each platform's pages and responses are modelled on:
 * test/fixtures/sites/<platform>/README.md.
 *
 * Scenario accounts (same handle on every platform): see fixture-data.ts.
 * Routes, under `/<platform>` prefixes mirroring the real paths:
 *   /x/:handle, /x/:handle/status/:id, /x/i/api/graphql/:queryId/UserTweets?variables
 *   /instagram/:handle/, /instagram/p/:code/, /instagram/reel/:code/, POST /instagram/api/graphql
 *   /facebook/:handle, /facebook/:handle/posts/:id, POST /facebook/api/graphql/
 *   /tiktok/@:handle, /tiktok/@:handle/video/:id, /tiktok/api/post/item_list/?secUid&cursor
 *   /x-api/2/... (x-api-replay.ts)
 */
export interface FixtureSite {
  /** `http://127.0.0.1:PORT` */
  readonly url: string;
  /** Base URL a web source uses for a platform, e.g. `http://127.0.0.1:PORT/x`. */
  baseUrl(platform: FixturePlatform): string;
  profileUrl(platform: FixturePlatform, handle: string): string;
  postUrl(platform: FixturePlatform, handle: string, id: string): string;
  /** Every request served, in order. */
  readonly hits: { path: string; status: number }[];
  /** The posts an account has now (after removals and edits), newest first (pinned first). */
  posts(platform: FixturePlatform, handle: string): FixturePost[];
  /** The same posts in the order a logged-out visitor's profile page lists them (X: by popularity). */
  listing(platform: FixturePlatform, handle: string): FixturePost[];
  removePost(platform: FixturePlatform, handle: string, id: string): void;
  /** Leave a post out of the profile's listing while its own page still shows it (a listing that misses a post). */
  hideFromListing(platform: FixturePlatform, handle: string, id: string): void;
  editPost(platform: FixturePlatform, handle: string, id: string, text: string): void;
  /** From now on, stop this account's listing after some pages (null: no more barrier). */
  setBarrier(platform: FixturePlatform, handle: string, barrier: Barrier | null): void;
  /** Delay every response (ms), or only one handle's profile pages. */
  setDelay(ms: number, handle?: string): void;
  /** Forget visits, removals, edits and barriers. */
  reset(): void;
  close(): Promise<void>;
}

export type { Barrier };

export interface FixtureSiteOptions {
  /** Posts per page or per load-more, per platform. */
  pageSize?: Partial<Record<FixturePlatform, number>>;
  /** How long the `lambat` account's profile takes. @default 1500 */
  slowMs?: number;
  xApi?: XApiOptions;
}

const DEFAULT_PAGE: Record<FixturePlatform, number> = { x: 10, instagram: 12, facebook: 8, tiktok: 15 };

/** Handles whose posts a post URL can belong to (Instagram post URLs name no handle). */
const KNOWN = [
  'budi_guru',
  'sri_wahyuni',
  'kosong',
  'sibuk',
  'rapuh',
  'lambat',
  'nakal',
  'pengedit',
  'tantangan',
  'peringatan',
  'banyak',
  ...Array.from({ length: 10 }, (_, i) => `kecil_${i}`),
  ...Array.from({ length: 50 }, (_, i) => `bench_${String(i).padStart(3, '0')}`),
];

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const c of req) s += String(c);
  return s;
}

export async function startFixtureSite(o: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const pageSize = { ...DEFAULT_PAGE, ...o.pageSize };
  // One options object per site: the replayed API keeps its rate-limit windows and one-off failures per site.
  const xApiOptions: XApiOptions = { ...o.xApi };
  const hits: { path: string; status: number }[] = [];
  let visits = new Map<string, number>();
  let removed = new Set<string>();
  let hidden = new Set<string>();
  let edits = new Map<string, string>();
  let barriers = new Map<string, Barrier>();
  let delayAll = 0;
  let delays = new Map<string, number>();
  let url = '';

  /**
   * The account as its listing shows it now; `withHidden`: as its post pages do. `feed`: for a
   * feed request of the profile visit already counted.
   */
  const account = (platform: FixturePlatform, handle: string, withHidden = false, feed = false): FixtureAccount | undefined => {
    const a = fixtureAccount(platform, handle);
    if (!a) return undefined;
    // Visits before the current one: the second visit sees the edit.
    const seen = Math.max(0, (visits.get(`${platform}:${handle}`) ?? 0) - (feed ? 1 : 0));
    const posts = a.posts
      .filter((p) => !removed.has(`${platform}:${p.id}`) && (withHidden || !hidden.has(`${platform}:${p.id}`)))
      .map((p, i) => {
        let text = edits.get(`${platform}:${p.id}`) ?? p.text;
        if (a.scenario === 'edit_on_second_visit' && i === 1 && seen >= 1) text = `${p.text}${EDITED_SUFFIX}`;
        return text === p.text ? p : { ...p, text };
      });
    return { ...a, posts };
  };
  const edited = (platform: FixturePlatform, handle: string, p: FixturePost) =>
    fixtureAccount(platform, handle)?.posts.find((q) => q.id === p.id)?.text !== p.text;

  const send = (
    res: ServerResponse,
    status: number,
    body: string,
    type = 'text/html; charset=utf-8',
    headers: Record<string, string> = {},
  ) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };
  const ctx: FeedContext = {
    get url() {
      return url;
    },
    pageSize,
    send,
    account,
    edited,
    barrier: (p, h) => barriers.get(`${p}:${h}`),
  };

  /** Scenario effects on a profile request; true when it already answered. */
  const scenario = async (platform: FixturePlatform, a: FixtureAccount, res: ServerResponse): Promise<boolean> => {
    const key = `${platform}:${a.handle}`;
    const n = (visits.get(key) ?? 0) + 1;
    visits.set(key, n);
    const d = delays.get(a.handle) ?? (a.scenario === 'slow' ? (o.slowMs ?? 1500) : 0);
    if (d > 0) await new Promise((r) => setTimeout(r, d));
    if (a.scenario === 'rate_limit_once' && n === 1) {
      send(
        res,
        429,
        '<!DOCTYPE html><html><body><h1>429 Too Many Requests</h1><p>Terlalu banyak permintaan. Coba lagi nanti.</p></body></html>',
        undefined,
        { 'retry-after': '1' },
      );
      return true;
    }
    if (a.scenario === 'error_once' && n === 1) {
      send(res, 500, '<!DOCTYPE html><html><body><h1>Ada yang salah</h1><p>Coba lagi sebentar lagi.</p></body></html>');
      return true;
    }
    const redirect = (to: string) => {
      res.writeHead(302, { location: to });
      res.end();
    };
    if (a.scenario === 'login_wall') {
      if (platform === 'instagram') redirect(`/instagram/accounts/login/?next=%2F${encodeURIComponent(a.handle)}%2F`);
      else send(res, 200, render(platform, 'login-wall', { handle: a.handle }));
      return true;
    }
    if (a.scenario === 'challenge' && platform !== 'tiktok') {
      // TikTok shows its profile header and a captcha where the grid should be (see ttItemList).
      if (platform === 'instagram') redirect(`/instagram/challenge/?next=%2F${encodeURIComponent(a.handle)}%2F`);
      else if (platform === 'facebook') redirect(`/facebook/checkpoint/?next=${encodeURIComponent(a.handle)}`);
      else send(res, 200, render('x', 'challenge', { handle: a.handle }));
      return true;
    }
    if (a.scenario === 'interstitial' && platform === 'x') {
      send(res, 200, render('x', 'interstitial', { handle: a.handle, name: a.name }));
      return true;
    }
    if (a.scenario === 'private') {
      send(
        res,
        200,
        render(platform, 'private', { handle: a.handle, name: a.name, state: scriptJson(ttRehydration(a, a.handle, { private: true })) }),
      );
      return true;
    }
    return false;
  };

  const notFound = (platform: FixturePlatform, res: ServerResponse, handle: string) =>
    send(
      res,
      platform === 'instagram' || platform === 'facebook' ? 404 : 200,
      render(platform, 'not-found', { handle, state: scriptJson(ttRehydration(undefined, handle)) }),
    );
  const removedPage = (platform: FixturePlatform, res: ServerResponse) =>
    send(res, platform === 'instagram' ? 404 : 200, render(platform, 'removed', {}));

  async function profile(platform: FixturePlatform, handle: string, res: ServerResponse) {
    const a = account(platform, handle);
    if (!a) return notFound(platform, res, handle);
    if (await scenario(platform, a, res)) return;
    send(res, 200, profilePage(ctx, platform, a));
  }

  function post(platform: FixturePlatform, handle: string | null, id: string, res: ServerResponse) {
    // Post pages count as visits too, so an edit shown "on the second visit" shows here as well.
    for (const h of handle ? [handle, ...KNOWN] : KNOWN) {
      const a = account(platform, h, true);
      for (const p of a?.posts ?? []) {
        const page = postPage(ctx, platform, a!, p, id);
        if (page) return send(res, 200, page);
      }
    }
    return removedPage(platform, res);
  }

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const u = new URL(req.url ?? '/', 'http://fixture');
    const p = decodeURIComponent(u.pathname);
    res.on('finish', () => hits.push({ path: `${u.pathname}${u.search}`, status: res.statusCode }));
    void (async () => {
      if (delayAll > 0) await new Promise((r) => setTimeout(r, delayAll));
      let m: RegExpExecArray | null;
      if (p.startsWith('/x-api/')) return handleXApi(req, res, u, xApiOptions, { account: (h) => account('x', h), visits });
      if (/^\/x\/i\/api\/graphql\/[\w-]+\/UserTweets$/.test(p)) {
        const v = JSON.parse(u.searchParams.get('variables') ?? '{}') as { userId?: string; cursor?: string };
        const a = account('x', xHandleOf(v.userId ?? '', KNOWN) ?? '', false, true);
        return a
          ? xUserTweets(ctx, a, v.cursor, res)
          : send(res, 404, '{"errors":[{"code":50,"message":"User not found."}]}', 'application/json');
      }
      if ((m = /^\/x\/([A-Za-z0-9_]+)\/status\/(\d+)$/.exec(p))) return post('x', m[1]!.toLowerCase(), m[2]!, res);
      if ((m = /^\/x\/([A-Za-z0-9_]+)$/.exec(p))) return profile('x', m[1]!.toLowerCase(), res);
      if (p === '/instagram/accounts/login/')
        return send(res, 200, render('instagram', 'login-wall', { handle: (u.searchParams.get('next') ?? '').replace(/\//g, '') }));
      if (p === '/instagram/challenge/') return send(res, 200, render('instagram', 'challenge', {}));
      if (p === '/instagram/api/graphql' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const v = JSON.parse(form.get('variables') ?? '{}') as { username?: string; after?: string };
        const a = account('instagram', v.username ?? '', false, true);
        return a
          ? igGraphql(ctx, a, v.after, res)
          : send(res, 200, '{"data":{"xdt_api__v1__feed__user_timeline_graphql_connection":null},"status":"ok"}', 'application/json');
      }
      if ((m = /^\/instagram\/(?:p|reel)\/([A-Za-z0-9_-]+)\/$/.exec(p))) return post('instagram', null, m[1]!, res);
      if ((m = /^\/instagram\/([a-z0-9_.]+)\/?$/.exec(p))) return profile('instagram', m[1]!, res);
      if (p === '/facebook/checkpoint/') return send(res, 200, render('facebook', 'challenge', {}));
      if (p === '/facebook/api/graphql/' && req.method === 'POST') {
        const form = new URLSearchParams(await readBody(req));
        const v = JSON.parse(form.get('variables') ?? '{}') as { id?: string; cursor?: string };
        const a = account('facebook', fbHandleOf(v.id ?? '', KNOWN) ?? '', false, true);
        return a
          ? fbGraphql(ctx, a, v.cursor, res)
          : send(res, 200, 'for (;;);{"__ar":1,"error":1357004,"payload":null}', 'application/json');
      }
      if ((m = /^\/facebook\/([a-z0-9_.]+)\/posts\/([A-Za-z0-9]+)$/.exec(p))) return post('facebook', m[1]!, m[2]!, res);
      if ((m = /^\/facebook\/([a-z0-9_.]+)$/.exec(p))) return profile('facebook', m[1]!, res);
      if (p === '/tiktok/api/post/item_list/') {
        const a = account('tiktok', (u.searchParams.get('secUid') ?? '').replace(/^MS4wLjABAAAA/, ''), false, true);
        return a
          ? ttItemList(ctx, a, u.searchParams.get('cursor') ?? undefined, res)
          : send(res, 200, '{"statusCode":10201,"itemList":[],"hasMore":false}', 'application/json');
      }
      if ((m = /^\/tiktok\/@([a-z0-9_.]+)\/(?:video|photo)\/(\d+)$/.exec(p))) return post('tiktok', m[1]!, m[2]!, res);
      if ((m = /^\/tiktok\/@([a-z0-9_.]+)$/.exec(p))) return profile('tiktok', m[1]!, res);
      if (p === '/favicon.ico') return send(res, 204, '');
      return send(res, 404, '<!DOCTYPE html><title>404</title><h1>Not found</h1>');
    })().catch((e: unknown) => {
      if (!res.headersSent) send(res, 500, String((e as Error).stack));
      else res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    hits,
    baseUrl: (platform) => `${url}/${platform}`,
    profileUrl: (platform, handle) =>
      `${url}/${platform}/${platform === 'tiktok' ? '@' : ''}${handle}${platform === 'instagram' ? '/' : ''}`,
    postUrl: (platform, handle, id) =>
      `${url}/${platform}/${platform === 'instagram' ? `p/${id}/` : platform === 'tiktok' ? `@${handle}/video/${id}` : platform === 'x' ? `${handle}/status/${id}` : `${handle}/posts/${id}`}`,
    posts: (platform, handle) => account(platform, handle)?.posts ?? [],
    listing: (platform, handle) => listingOrder(platform, account(platform, handle)?.posts ?? []),
    removePost: (platform, _handle, id) => void removed.add(`${platform}:${id}`),
    hideFromListing: (platform, _handle, id) => void hidden.add(`${platform}:${id}`),
    editPost: (platform, _handle, id, text) => void edits.set(`${platform}:${id}`, text),
    setBarrier: (platform, handle, b) => void (b ? barriers.set(`${platform}:${handle}`, b) : barriers.delete(`${platform}:${handle}`)),
    setDelay(ms, handle) {
      if (handle) delays.set(handle, ms);
      else delayAll = ms;
    },
    reset() {
      visits = new Map();
      removed = new Set();
      hidden = new Set();
      edits = new Map();
      barriers = new Map();
      delays = new Map();
      delayAll = 0;
      hits.length = 0;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export { FIXTURE_PLATFORMS };
