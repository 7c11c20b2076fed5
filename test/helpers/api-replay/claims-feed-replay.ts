import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { WpPost } from '../../../src/claims/feeds/wordpress.feed.ts';

/**
 * A fact-checker's WordPress REST API and an RSS feed, replayed on 127.0.0.1 from saved responses
 * (test/fixtures/claims-feeds/README.md): `modified_after` (exclusive), `orderby=modified`,
 * `order`, `per_page`, `page`, `X-WP-Total`/`X-WP-TotalPages`, and 400
 * `rest_post_invalid_page_number` past the last page, as WordPress answers.
 */
export interface ClaimsFeedReplay {
  readonly url: string;
  readonly hits: { path: string; status: number; userAgent: string }[];
  posts: WpPost[];
  /** Answer the next `n` requests with this status (503, or 429 with Retry-After: 1). */
  failNext(status: number, n?: number): void;
  reset(): void;
  close(): Promise<void>;
}

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'claims-feeds');
export const savedPosts = (): WpPost[] => JSON.parse(readFileSync(path.join(DIR, 'turnbackhoax-posts.json'), 'utf8')) as WpPost[];
const rss = () => readFileSync(path.join(DIR, 'cekfakta-style.rss.xml'), 'utf8');

export async function startClaimsFeedReplay(): Promise<ClaimsFeedReplay> {
  const hits: ClaimsFeedReplay['hits'] = [];
  let failing: { status: number; n: number } | null = null;
  const st = { posts: savedPosts() };
  const server = createServer((req, res) => {
    const u = new URL(req.url ?? '/', 'http://replay');
    res.on('finish', () =>
      hits.push({ path: `${u.pathname}${u.search}`, status: res.statusCode, userAgent: String(req.headers['user-agent'] ?? '') }),
    );
    if (failing && failing.n > 0) {
      failing.n--;
      res.writeHead(failing.status, { 'content-type': 'text/html', ...(failing.status === 429 ? { 'retry-after': '1' } : {}) });
      return res.end(`<h1>${failing.status}</h1>`);
    }
    if (u.pathname === '/feed/') {
      res.writeHead(200, { 'content-type': 'application/rss+xml; charset=UTF-8' });
      return res.end(rss());
    }
    if (u.pathname !== '/wp-json/wp/v2/posts') {
      res.writeHead(404, { 'content-type': 'application/json' });
      return res.end('{"code":"rest_no_route","message":"No route was found matching the URL and request method.","data":{"status":404}}');
    }
    const after = u.searchParams.get('modified_after');
    const perPage = Math.min(100, Number(u.searchParams.get('per_page') ?? 10));
    const page = Number(u.searchParams.get('page') ?? 1);
    const t = (s: string | undefined) => Date.parse(`${s}Z`);
    const all = st.posts
      .filter((p) => !after || t(p.modified_gmt) > Date.parse(`${after}Z`))
      .sort(
        (a, b) =>
          (u.searchParams.get('orderby') === 'modified' ? t(a.modified_gmt) - t(b.modified_gmt) : b.id - a.id) *
          (u.searchParams.get('order') === 'desc' ? -1 : 1),
      );
    const pages = Math.max(1, Math.ceil(all.length / perPage));
    if (page > pages) {
      res.writeHead(400, { 'content-type': 'application/json' });
      return res.end(
        '{"code":"rest_post_invalid_page_number","message":"The page number requested is larger than the number of pages available.","data":{"status":400}}',
      );
    }
    const fields = (u.searchParams.get('_fields') ?? '').split(',').filter(Boolean);
    const out = all
      .slice((page - 1) * perPage, page * perPage)
      .map((p) => (fields.length ? Object.fromEntries(Object.entries(p).filter(([k]) => fields.includes(k))) : p));
    res.writeHead(200, {
      'content-type': 'application/json; charset=UTF-8',
      'x-wp-total': String(all.length),
      'x-wp-totalpages': String(pages),
    });
    res.end(JSON.stringify(out));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    hits,
    get posts() {
      return st.posts;
    },
    set posts(p: WpPost[]) {
      st.posts = p;
    },
    failNext(status, n = 1) {
      failing = { status, n };
    },
    reset() {
      hits.length = 0;
      failing = null;
      st.posts = savedPosts();
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
