import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureAccount, fnv, type FixturePlatform } from '../fixture-site/fixture-data.ts';

/**
 * A local replay of the sanctioned research APIs, on 127.0.0.1: the TikTok Research API under
 * `/tiktok/` and the Meta Content Library API under `/mcl/`, in the shapes their documentation
 * gives (test/fixtures/tiktok-research/README.md, test/fixtures/meta-content-library/README.md).
 * Accounts and posts are the fixture site's (fixture-data.ts): the same handles, scenarios and texts.
 */
export interface SanctionedReplay {
  readonly url: string;
  /** Every request served: method, path with query, and body. */
  readonly hits: { method: string; path: string; body: string; status: number }[];
  /** Requests the TikTok API still accepts today (daily quota); Infinity by default. */
  tiktokQuota: number;
  reset(): void;
  close(): Promise<void>;
}

export const TIKTOK_CLIENT = { key: 'fixture-client-key', secret: 'fixture-client-secret' };
export const MCL_TOKEN = 'fixture-mcl-token';

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures');
const body = (file: string, vars: Record<string, string> = {}) =>
  readFileSync(path.join(DIR, file), 'utf8')
    .trim()
    .replace(/\{\{(\w+)\}\}/g, (_m, k: string) => vars[k] ?? '');

/** A stable Content Library id per platform and handle. */
export const mclId = (platform: string, handle: string) => String(17_841_400_000_000_000n + BigInt(fnv(`mcl:${platform}:${handle}`)));

function pick(o: Record<string, unknown>, fields: Set<string>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([k]) => k === 'id' || fields.has(k)));
}

export async function startSanctionedReplay(): Promise<SanctionedReplay> {
  const hits: SanctionedReplay['hits'] = [];
  const once = new Set<string>();
  const state = { tiktokQuota: Infinity, used: 0 };

  const send = (res: ServerResponse, status: number, json: string) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
    res.end(json);
  };

  function tiktok(req: IncomingMessage, res: ServerResponse, u: URL, raw: string) {
    const p = u.pathname.replace(/^\/tiktok/, '');
    if (p === '/v2/oauth/token/') {
      const f = new URLSearchParams(raw);
      if (
        f.get('grant_type') !== 'client_credentials' ||
        f.get('client_key') !== TIKTOK_CLIENT.key ||
        f.get('client_secret') !== TIKTOK_CLIENT.secret
      )
        return send(res, 401, body('tiktok-research/invalid-client.json'));
      return send(res, 200, body('tiktok-research/token.json'));
    }
    if (req.headers.authorization !== 'Bearer clt.fixture0123456789abcdef')
      return send(res, 401, body('tiktok-research/access-token-invalid.json'));
    if (state.used >= state.tiktokQuota) return send(res, 429, body('tiktok-research/daily-quota.json'));
    state.used++;
    const fields = new Set((u.searchParams.get('fields') ?? '').split(',').map((s) => s.trim()));
    const b = JSON.parse(raw || '{}') as Record<string, unknown>;
    const ok = (data: unknown) =>
      send(res, 200, JSON.stringify({ data, error: { code: 'ok', message: '', log_id: '202402101200000000000000FIXTURE' } }));
    if (p === '/v2/research/video/query/') {
      const cond = ((b.query as { and?: { field_name: string; field_values: string[] }[] })?.and ?? []).find(
        (c) => c.field_name === 'username',
      );
      const handle = cond?.field_values[0] ?? '';
      const start = String(b.start_date ?? '');
      const end = String(b.end_date ?? '');
      const t = (d: string) => Date.parse(`${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6, 8)}T00:00:00Z`);
      if (!/^\d{8}$/.test(start) || !/^\d{8}$/.test(end) || t(end) < t(start) || t(end) - t(start) > 30 * 86_400_000)
        return send(
          res,
          400,
          body('tiktok-research/invalid-params.json', { message: 'end_date must be no more than 30 days after start_date' }),
        );
      const a = fixtureAccount('tiktok', handle);
      if (a?.scenario === 'rate_limit_once' && !once.has(handle)) {
        once.add(handle);
        return send(res, 429, body('tiktok-research/rate-limit-exceeded.json'));
      }
      const videos = (a && a.scenario !== 'private' ? a.posts : [])
        .filter((v) => v.postedAt.getTime() >= t(start) && v.postedAt.getTime() < t(end) + 86_400_000)
        .map((v, i) =>
          pick(
            {
              id: v.id,
              username: handle,
              create_time: Math.floor(v.postedAt.getTime() / 1000),
              video_description: v.text,
              region_code: 'ID',
              comment_count: i === 0 ? 3 : 0,
              like_count: 10,
              share_count: 1,
              view_count: 100,
              voice_to_text: 'halo semua',
            },
            fields,
          ),
        );
      const max = Math.min(100, Number(b.max_count ?? 20));
      const cursor = Number(b.cursor ?? 0);
      const page = videos.slice(cursor, cursor + max);
      // Written as JSON numbers, as TikTok's examples show them: 19 digits, more than a double holds.
      const json = JSON.stringify({
        videos: page,
        cursor: cursor + page.length,
        has_more: cursor + page.length < videos.length,
        search_id: `s${handle}${start}`,
      }).replace(/"id":"(\d+)"/g, '"id":$1');
      return send(res, 200, `{"data":${json},"error":{"code":"ok","message":"","log_id":"202402101200000000000000FIXTURE"}}`);
    }
    if (p === '/v2/research/video/comment/list/') {
      const vid = String(raw.match(/"video_id"\s*:\s*"?(\d+)/)?.[1] ?? '');
      const comments = [1, 2, 3].map((n) =>
        pick(
          {
            id: `7335${n}00000000000000`,
            video_id: vid,
            text: `Komentar warga nomor ${n}: mantap pak!`,
            create_time: 1707560000 + n,
            like_count: n,
            reply_count: 0,
            parent_comment_id: vid,
          },
          fields,
        ),
      );
      const max = Math.min(100, Number(b.max_count ?? 10));
      return ok({ comments: comments.slice(0, max), cursor: Math.min(max, comments.length), has_more: max < comments.length });
    }
    if (p === '/v2/research/user/info/') {
      const handle = String(b.username ?? '');
      const a = fixtureAccount('tiktok', handle);
      if (!a || a.scenario === 'not_found')
        return send(res, 200, body('tiktok-research/invalid-params.json', { message: `User ${handle} does not exist` }));
      return ok(
        pick(
          {
            display_name: a.name,
            is_private: a.scenario === 'private',
            video_count: a.posts.length,
            bio_description: 'ASN',
            is_verified: false,
            follower_count: 10,
            following_count: 5,
            likes_count: 20,
          },
          fields,
        ),
      );
    }
    return send(res, 404, '{"error":{"code":"not_found","message":"no such endpoint"}}');
  }

  function mcl(req: IncomingMessage, res: ServerResponse, u: URL) {
    if (req.headers.authorization !== `Bearer ${MCL_TOKEN}`)
      return send(res, 401, body('meta-content-library/error.json', { message: 'Invalid OAuth access token.', code: '190' }));
    const p = u.pathname.replace(/^\/mcl\//, '');
    const fields = new Set((u.searchParams.get('fields') ?? '').split(','));
    const page = (items: Record<string, unknown>[]) => {
      const limit = Math.min(100, Number(u.searchParams.get('limit') ?? '10'));
      const from = Number(Buffer.from(u.searchParams.get('after') ?? '', 'base64url').toString() || '0');
      const data = items.slice(from, from + limit);
      const next = from + limit < items.length ? Buffer.from(String(from + limit)).toString('base64url') : null;
      return send(
        res,
        200,
        JSON.stringify({
          data,
          paging: {
            cursors: { before: Buffer.from(String(from)).toString('base64url'), ...(next ? { after: next } : {}) },
            ...(next ? { next: `${u.origin}${u.pathname}?after=${next}` } : {}),
          },
        }),
      );
    };
    const accountSearch = (platform: FixturePlatform, kind: string) => {
      const q = (u.searchParams.get('q') ?? '').toLowerCase();
      const a = fixtureAccount(platform, q);
      // Search matches names and biographies too: a second account mentions the handle in its bio.
      const hits: Record<string, unknown>[] = [{ id: '999', name: `Penggemar ${q}`, username: `fans_${q}` }];
      if (a && a.scenario !== 'private' && a.scenario !== 'not_found')
        hits.push({
          id: mclId(platform, q),
          name: a.name,
          username: q,
          ...(kind === 'page' ? { category: 'Government organization' } : {}),
        });
      return page(hits.map((h) => pick(h, fields)));
    };
    if (p === 'instagram/accounts/preview') return accountSearch('instagram', 'account');
    if (p === 'facebook/pages/preview') return page([]);
    if (p === 'facebook/profiles/preview') return accountSearch('facebook', 'profile');
    if (p === 'instagram/posts/preview' || p === 'facebook/posts/preview') {
      const platform: FixturePlatform = p.startsWith('instagram') ? 'instagram' : 'facebook';
      const id = u.searchParams.get(platform === 'instagram' ? 'account_ids' : 'surface_ids');
      if (!id)
        return send(
          res,
          400,
          body('meta-content-library/error.json', {
            message: 'Missing required parameters. Input at least one parameter [q, post_ids, account_ids]',
            code: '100',
          }),
        );
      const handle = ['budi_guru', 'sri_wahyuni', 'kosong', 'nakal', 'pengedit'].find((h) => mclId(platform, h) === id);
      const a = handle ? fixtureAccount(platform, handle) : undefined;
      const since = Date.parse(`${u.searchParams.get('since') ?? '1970-01-01'}T00:00:00Z`);
      const posts = (a?.posts ?? [])
        .filter((x) => !x.pinned && x.postedAt.getTime() >= since)
        .sort((x, y) => y.postedAt.getTime() - x.postedAt.getTime())
        .map((x) =>
          pick(
            {
              id: String(BigInt(fnv(`${platform}:${x.id}`)) + 10_000_000_000n),
              creation_time: x.postedAt.toISOString().replace(/\.\d{3}Z$/, '+0000'),
              modified_time: x.postedAt.toISOString().replace(/\.\d{3}Z$/, '+0000'),
              text: x.text,
              content_type: platform === 'instagram' ? 'photo' : 'status',
              post_owner: { id, name: a!.name, username: handle, type: platform === 'instagram' ? 'instagram_account' : 'profile' },
              mcl_url: `https://www.facebook.com/content_library/${platform}/post/${x.id}`,
            },
            fields,
          ),
        );
      return page(posts);
    }
    return send(res, 404, body('meta-content-library/error.json', { message: `Unknown path ${p}`, code: '803' }));
  }

  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const u = new URL(req.url ?? '/', `http://${req.headers.host}`);
      res.on('finish', () =>
        hits.push({ method: req.method ?? 'GET', path: `${u.pathname}${u.search}`, body: raw, status: res.statusCode }),
      );
      if (u.pathname.startsWith('/tiktok/')) return tiktok(req, res, u, raw);
      if (u.pathname.startsWith('/mcl/')) return mcl(req, res, u);
      return send(res, 404, '{}');
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    hits,
    get tiktokQuota() {
      return state.tiktokQuota;
    },
    set tiktokQuota(n: number) {
      state.tiktokQuota = n;
      state.used = 0;
    },
    reset() {
      hits.length = 0;
      once.clear();
      state.tiktokQuota = Infinity;
      state.used = 0;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}
