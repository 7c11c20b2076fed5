import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { EDITED_SUFFIX, FIXTURE_PLATFORMS, fixtureAccount, type FixtureAccount, type FixturePlatform, type FixturePost } from './fixture-data.ts';
import { postVars, render, renderItem, scriptJson, tiktokItem } from './fixture-render.ts';
import { handleXApi, type XApiOptions } from './x-api-replay.ts';

/**
 * A local replica of the four platforms' public pages (and of the X API v2), served on
 * 127.0.0.1 at a random port. Collectors are tested against it, never against live sites.
 *
 * Scenario accounts (same handle on every platform): see fixture-data.ts.
 * Routes, under `/<platform>` prefixes mirroring the real paths:
 *   /x/:handle, /x/:handle/status/:id, /x/i/api/graphql/UserTweets?handle&cursor
 *   /instagram/:handle/, /instagram/p/:code/, /instagram/api/v1/feed/user/:handle/?max_id
 *   /facebook/:handle, /facebook/:handle/posts/:id, /facebook/ajax/profile/timeline/?handle&cursor
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
  /** The posts an account shows now (after removals and edits), in listing order. */
  posts(platform: FixturePlatform, handle: string): FixturePost[];
  removePost(platform: FixturePlatform, handle: string, id: string): void;
  editPost(platform: FixturePlatform, handle: string, id: string, text: string): void;
  /** Delay every response (ms), or only one handle's profile pages. */
  setDelay(ms: number, handle?: string): void;
  /** Forget visits, removals and edits. */
  reset(): void;
  close(): Promise<void>;
}

export interface FixtureSiteOptions {
  /** Posts per page or per load-more, per platform. */
  pageSize?: Partial<Record<FixturePlatform, number>>;
  /** How long the `lambat` account's profile takes. @default 1500 */
  slowMs?: number;
  xApi?: XApiOptions;
}

const DEFAULT_PAGE: Record<FixturePlatform, number> = { x: 10, instagram: 12, facebook: 8, tiktok: 15 };

const encodeCursor = (offset: number) => Buffer.from(`cursor:${offset}`).toString('base64url');
const decodeCursor = (c: string | null) => {
  const m = /^cursor:(\d+)$/.exec(Buffer.from(c ?? '', 'base64url').toString());
  return m ? Number(m[1]) : 0;
};

export async function startFixtureSite(o: FixtureSiteOptions = {}): Promise<FixtureSite> {
  const pageSize = { ...DEFAULT_PAGE, ...o.pageSize };
  // One options object per site: the replayed API keeps its rate-limit windows and one-off failures per site.
  const xApiOptions: XApiOptions = { ...o.xApi };
  const hits: { path: string; status: number }[] = [];
  let visits = new Map<string, number>();
  let removed = new Set<string>();
  let edits = new Map<string, string>();
  let delayAll = 0;
  let delays = new Map<string, number>();
  let url = '';

  const account = (platform: FixturePlatform, handle: string): FixtureAccount | undefined => {
    const a = fixtureAccount(platform, handle);
    if (!a) return undefined;
    // Visits before the current one: the second visit sees the edit.
    const seen = visits.get(`${platform}:${handle}`) ?? 0;
    const posts = a.posts
      .filter((p) => !removed.has(`${platform}:${p.id}`))
      .map((p, i) => {
        let text = edits.get(`${platform}:${p.id}`) ?? p.text;
        if (a.scenario === 'edit_on_second_visit' && i === 1 && seen >= 1) text = `${p.text}${EDITED_SUFFIX}`;
        return text === p.text ? p : { ...p, text };
      });
    return { ...a, posts };
  };

  const send = (res: ServerResponse, status: number, body: string, type = 'text/html; charset=utf-8', headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store', ...headers });
    res.end(body);
  };

  /** Scenario effects on a profile request; true when it already answered. */
  const scenario = async (platform: FixturePlatform, a: FixtureAccount, res: ServerResponse): Promise<boolean> => {
    const key = `${platform}:${a.handle}`;
    const n = (visits.get(key) ?? 0) + 1;
    visits.set(key, n);
    const d = delays.get(a.handle) ?? (a.scenario === 'slow' ? (o.slowMs ?? 1500) : 0);
    if (d > 0) await new Promise((r) => setTimeout(r, d));
    if (a.scenario === 'rate_limit_once' && n === 1) {
      send(res, 429, '<!DOCTYPE html><html><body><h1>429 Too Many Requests</h1><p>Terlalu banyak permintaan. Coba lagi nanti.</p></body></html>', undefined, { 'retry-after': '1' });
      return true;
    }
    if (a.scenario === 'error_once' && n === 1) {
      send(res, 500, '<!DOCTYPE html><html><body><h1>Ada yang salah</h1><p>Coba lagi sebentar lagi.</p></body></html>');
      return true;
    }
    if (a.scenario === 'login_wall') {
      if (platform === 'instagram') {
        res.writeHead(302, { location: `/instagram/accounts/login/?next=%2F${encodeURIComponent(a.handle)}%2F` });
        res.end();
      } else send(res, 200, render(platform, 'login-wall', { handle: a.handle }));
      return true;
    }
    if (a.scenario === 'private') {
      send(res, 200, render(platform, 'private', { handle: a.handle, name: a.name }));
      return true;
    }
    return false;
  };

  const notFound = (platform: FixturePlatform, res: ServerResponse, handle: string) =>
    send(res, platform === 'instagram' || platform === 'facebook' ? 404 : 200, render(platform, 'not-found', { handle }));
  const removedPage = (platform: FixturePlatform, res: ServerResponse) => send(res, platform === 'instagram' ? 404 : 200, render(platform, 'removed', {}));

  const items = (platform: FixturePlatform, a: FixtureAccount, from: number, canonical: string) =>
    a.posts
      .slice(from, from + pageSize[platform])
      .map((p, i) => renderItem(platform, a, p, from + i + 1, canonical))
      .join('\n');
  const nextOf = (platform: FixturePlatform, a: FixtureAccount, from: number) => (from + pageSize[platform] < a.posts.length ? encodeCursor(from + pageSize[platform]) : '');

  async function profile(platform: FixturePlatform, handle: string, res: ServerResponse) {
    const a = account(platform, handle);
    if (!a) return notFound(platform, res, handle);
    if (await scenario(platform, a, res)) return;
    const canonical = `${url}/${platform}/${platform === 'tiktok' ? '@' : ''}${handle}`;
    if (platform === 'tiktok') {
      const first = a.posts.slice(0, pageSize.tiktok);
      const state = {
        __DEFAULT_SCOPE__: {
          'webapp.user-detail': {
            userInfo: { user: { uniqueId: a.handle, nickname: a.name, secUid: `MS4wLjABAAAA${a.handle}`, privateAccount: false }, stats: { videoCount: a.posts.length } },
            itemList: { items: first.map((p) => tiktokItem(a, p)), cursor: String(pageSize.tiktok), hasMore: a.posts.length > pageSize.tiktok },
          },
        },
      };
      return send(res, 200, render('tiktok', 'profile', { handle, name: a.name, canonical, state: scriptJson(state) }));
    }
    const next = nextOf(platform, a, 0);
    const moreButton = platform === 'facebook' && next ? '<div role="button" tabindex="0" aria-label="Lihat postingan lainnya">Lihat postingan lainnya</div>' : '';
    return send(
      res,
      200,
      render(platform, 'profile', { handle, name: a.name, canonical, next, items: items(platform, a, 0, canonical), postCount: a.posts.length, about: 'ASN. Akun pribadi.', moreButton }),
    );
  }

  function more(platform: FixturePlatform, handle: string, cursor: string | null, res: ServerResponse) {
    const a = account(platform, handle);
    if (!a) return send(res, 404, '{"error":"not found"}', 'application/json');
    const from = decodeCursor(cursor);
    if (platform === 'tiktok') {
      const list = a.posts.slice(from, from + pageSize.tiktok).map((p) => tiktokItem(a, p));
      return send(res, 200, JSON.stringify({ itemList: list, cursor: String(from + list.length), hasMore: from + list.length < a.posts.length, statusCode: 0 }), 'application/json');
    }
    const html = items(platform, a, from, '');
    const next = nextOf(platform, a, from);
    if (platform === 'instagram') return send(res, 200, JSON.stringify({ html, next_max_id: next, more_available: next !== '' }), 'application/json');
    return send(res, 200, JSON.stringify({ html, next }), 'application/json');
  }

  function post(platform: FixturePlatform, handle: string | null, id: string, res: ServerResponse) {
    // Instagram post URLs carry no handle: look the shortcode up among the known accounts.
    const candidates = handle ? [handle] : ['budi_guru', 'sri_wahyuni', 'nakal', 'pengedit', ...Array.from({ length: 50 }, (_, i) => `bench_${String(i).padStart(3, '0')}`)];
    for (const h of candidates) {
      const a = account(platform, h);
      const p = a?.posts.find((x) => x.id === id);
      if (a && p) {
        // Post pages count as visits too, so an edit shown "on the second visit" shows here as well.
        const canonical = `${url}/${platform}/${platform === 'instagram' ? `p/${id}/` : platform === 'tiktok' ? `@${h}/video/${id}` : platform === 'x' ? `${h}/status/${id}` : `${h}/posts/${id}`}`;
        return send(res, 200, render(platform, 'post', postVars(a, p, 1, canonical)));
      }
    }
    // A reposted post lives on its author's page, who is not otherwise a fixture account.
    for (const h of ['budi_guru']) {
      const a = account(platform, h);
      const p = a?.posts.find((x) => x.repostOf && x.repostOf.id === id && x.repostOf.handle === handle);
      if (a && p) return send(res, 200, render(platform, 'post', postVars(a, p, 1, `${url}/${platform}/${handle}/status/${id}`)));
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
      if ((m = /^\/x\/i\/api\/graphql\/UserTweets$/.exec(p))) return more('x', u.searchParams.get('handle') ?? '', u.searchParams.get('cursor'), res);
      if ((m = /^\/x\/([A-Za-z0-9_]+)\/status\/(\d+)$/.exec(p))) return post('x', m[1]!.toLowerCase(), m[2]!, res);
      if ((m = /^\/x\/([A-Za-z0-9_]+)$/.exec(p))) return profile('x', m[1]!.toLowerCase(), res);
      if ((m = /^\/instagram\/accounts\/login\/$/.exec(p))) return send(res, 200, render('instagram', 'login-wall', { handle: (u.searchParams.get('next') ?? '').replace(/\//g, '') }));
      if ((m = /^\/instagram\/api\/v1\/feed\/user\/([a-z0-9_.]+)\/$/.exec(p))) return more('instagram', m[1]!, u.searchParams.get('max_id'), res);
      if ((m = /^\/instagram\/p\/([A-Za-z0-9_-]+)\/$/.exec(p))) return post('instagram', null, m[1]!, res);
      if ((m = /^\/instagram\/([a-z0-9_.]+)\/?$/.exec(p))) return profile('instagram', m[1]!, res);
      if ((m = /^\/facebook\/ajax\/profile\/timeline\/$/.exec(p))) return more('facebook', u.searchParams.get('handle') ?? '', u.searchParams.get('cursor'), res);
      if ((m = /^\/facebook\/([a-z0-9_.]+)\/posts\/([A-Za-z0-9]+)$/.exec(p))) return post('facebook', m[1]!, m[2]!, res);
      if ((m = /^\/facebook\/([a-z0-9_.]+)$/.exec(p))) return profile('facebook', m[1]!, res);
      if ((m = /^\/tiktok\/api\/post\/item_list\/$/.exec(p))) return more('tiktok', (u.searchParams.get('secUid') ?? '').replace(/^MS4wLjABAAAA/, ''), u.searchParams.get('cursor') ? Buffer.from(`cursor:${u.searchParams.get('cursor')}`).toString('base64url') : null, res);
      if ((m = /^\/tiktok\/@([a-z0-9_.]+)\/video\/(\d+)$/.exec(p))) return post('tiktok', m[1]!, m[2]!, res);
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
    profileUrl: (platform, handle) => `${url}/${platform}/${platform === 'tiktok' ? '@' : ''}${handle}${platform === 'instagram' ? '/' : ''}`,
    postUrl: (platform, handle, id) =>
      `${url}/${platform}/${platform === 'instagram' ? `p/${id}/` : platform === 'tiktok' ? `@${handle}/video/${id}` : platform === 'x' ? `${handle}/status/${id}` : `${handle}/posts/${id}`}`,
    posts: (platform, handle) => account(platform, handle)?.posts ?? [],
    removePost: (platform, _handle, id) => void removed.add(`${platform}:${id}`),
    editPost: (platform, _handle, id, text) => void edits.set(`${platform}:${id}`, text),
    setDelay(ms, handle) {
      if (handle) delays.set(handle, ms);
      else delayAll = ms;
    },
    reset() {
      visits = new Map();
      removed = new Set();
      edits = new Map();
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
