import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fixtureAccount, fnv, type FixtureAccount } from './fixture-data.ts';

/** How the replayed API behaves. */
export interface XApiOptions {
  /** Bearer token the API accepts. @default 'fixture-token' */
  token?: string;
  /** Requests per rate-limit window per endpoint. @default 900 */
  limit?: number;
  /** Window length. @default 900000 */
  windowMs?: number;
  /** Posts the project may read (data + expanded) before X answers 429 usage-capped. @default unlimited */
  postCap?: number;
}

const DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'x-api');
function body(name: string, vars: Record<string, string> = {}): string {
  return readFileSync(path.join(DIR, `${name}.json`), 'utf8')
    .trim()
    .replace(/\{\{(\w+)\}\}/g, (_m, k: string) => JSON.stringify(vars[k] ?? '').slice(1, -1));
}

/** A stable numeric user id per handle. */
export function xUserId(handle: string): string {
  return String(1_000_000_000 + (fnv(`user:${handle}`) % 1_000_000_000));
}

const KNOWN = [
  'budi_guru',
  'sri_wahyuni',
  'kosong',
  'dinding',
  'terkunci',
  'sibuk',
  'rapuh',
  'lambat',
  'nakal',
  'pengedit',
  'pengutip',
  'pengikut',
  ...Array.from({ length: 50 }, (_, i) => `bench_${String(i).padStart(3, '0')}`),
  ...Array.from({ length: 250 }, (_, i) => `asn_${String(i).padStart(3, '0')}`),
];
const BY_ID = new Map(KNOWN.map((h) => [xUserId(h), h]));

/** X API v2 escapes these three characters in `text`. */
const apiEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Window {
  start: number;
  count: number;
}

/** Other accounts' posts that fixture accounts quote or repost (the API returns them in `includes`). */
const CAMPAIGN = { id: '1700000000000000001', username: 'akun_kampanye', name: 'Akun Kampanye 02' };
const QUOTED = { id: '1757000000000000077', text: 'Coblos nomor 2! Lanjutkan pembangunan #02Melanjutkan', author_id: CAMPAIGN.id };

/**
 * `pengutip` (API only): a quote with a comment of its own, a media-only quote (no words of its
 * own: the text is just the two t.co links), a repost, and an ordinary post. Shapes as X API v2
 * documents them: a quote's `text` ends with the t.co link to the quoted post (in `entities.urls`
 * with its `expanded_url`); attached media add a t.co link whose entity carries `media_key`.
 */
function quoterPosts(): { tweet: Record<string, unknown>; at: Date }[] {
  const at = (h: number) => new Date(Date.parse('2024-02-10T12:00:00Z') - h * 3_600_000);
  const q = 'https://x.com/akun_kampanye/status/' + QUOTED.id;
  return [
    {
      at: at(1),
      tweet: {
        id: '1756100000000000001',
        text: 'Setuju banget, ini baru pemimpin! https://t.co/qUoTe0001',
        referenced_tweets: [{ type: 'quoted', id: QUOTED.id }],
        entities: { urls: [{ start: 34, end: 57, url: 'https://t.co/qUoTe0001', expanded_url: q, display_url: 'x.com/akun_kampanye/…' }] },
      },
    },
    {
      at: at(2),
      tweet: {
        id: '1756100000000000002',
        text: 'https://t.co/mEdIa0002 https://t.co/qUoTe0002',
        referenced_tweets: [{ type: 'quoted', id: QUOTED.id }],
        attachments: { media_keys: ['3_1756100000000000002'] },
        entities: {
          urls: [
            {
              start: 0,
              end: 22,
              url: 'https://t.co/mEdIa0002',
              expanded_url: 'https://x.com/pengutip/status/1756100000000000002/photo/1',
              display_url: 'pic.x.com/mEdIa0002',
              media_key: '3_1756100000000000002',
            },
            { start: 23, end: 46, url: 'https://t.co/qUoTe0002', expanded_url: q, display_url: 'x.com/akun_kampanye/…' },
          ],
        },
      },
    },
    {
      at: at(3),
      tweet: {
        id: '1756100000000000003',
        text: `RT @akun_kampanye: ${QUOTED.text}`,
        referenced_tweets: [{ type: 'retweeted', id: QUOTED.id }],
      },
    },
    { at: at(4), tweet: { id: '1756100000000000004', text: 'Rapat koordinasi pelayanan publik hari ini.' } },
  ];
}

/**
 * `pengikut` (API only, issue 16): a reply to the campaign account's post, an ordinary post, and a
 * following list over two pages (1 account each when asked for 1) that includes the campaign account.
 */
function followerPosts(): { tweet: Record<string, unknown>; at: Date }[] {
  const at = (h: number) => new Date(Date.parse('2024-02-10T12:00:00Z') - h * 3_600_000);
  return [
    {
      at: at(1),
      tweet: { id: '1756200000000000001', text: '@akun_kampanye Siap, hadir!', referenced_tweets: [{ type: 'replied_to', id: QUOTED.id }] },
    },
    { at: at(2), tweet: { id: '1756200000000000002', text: 'Apel pagi di kantor kecamatan.' } },
  ];
}
const FOLLOWING: Record<string, { id: string; username: string; name: string }[]> = {
  pengikut: [
    { id: '1700000000000000009', username: 'info_cuaca', name: 'Info Cuaca' },
    { id: CAMPAIGN.id, username: CAMPAIGN.username, name: CAMPAIGN.name },
  ],
};

export interface XApiState {
  account(handle: string): FixtureAccount | undefined;
  visits: Map<string, number>;
}

const windows = new WeakMap<XApiOptions, Map<string, Window>>();
const once = new WeakMap<XApiOptions, Set<string>>();
const postsRead = new WeakMap<XApiOptions, number>();

/** The `includes` X adds for the requested expansions. */
function includesFor(tweets: Record<string, unknown>[], expansions: Set<string>): Record<string, unknown> | undefined {
  const refs = tweets.flatMap((t) => (t.referenced_tweets as { id: string }[] | undefined) ?? []);
  const out: Record<string, unknown> = {};
  if (expansions.has('referenced_tweets.id') && refs.some((r) => r.id === QUOTED.id)) out.tweets = [{ ...QUOTED, author_id: CAMPAIGN.id }];
  if (expansions.has('referenced_tweets.id.author_id') && out.tweets)
    out.users = [{ id: CAMPAIGN.id, name: CAMPAIGN.name, username: CAMPAIGN.username }];
  const keys = tweets.flatMap((t) => (t.attachments as { media_keys?: string[] } | undefined)?.media_keys ?? []);
  if (expansions.has('attachments.media_keys') && keys.length > 0)
    out.media = keys.map((k) => ({ media_key: k, type: 'photo', url: `https://pbs.twimg.com/media/${k}.jpg` }));
  return Object.keys(out).length > 0 ? out : undefined;
}

export async function handleXApi(req: IncomingMessage, res: ServerResponse, u: URL, o: XApiOptions, st: XApiState): Promise<void> {
  const send = (status: number, json: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(json);
  };
  if (req.headers.authorization !== `Bearer ${o.token ?? 'fixture-token'}`) return send(401, body('unauthorized'));

  const p = u.pathname.replace(/^\/x-api/, '');
  const endpoint = p.startsWith('/2/users/by/username/')
    ? 'users/by/username'
    : p === '/2/users/by'
      ? 'users/by'
      : p.endsWith('/tweets')
        ? 'users/tweets'
        : p.endsWith('/following')
          ? 'users/following'
          : 'other';
  // Rate limit per endpoint, as X does, reported in the x-rate-limit-* headers.
  const limit = o.limit ?? 900;
  const windowMs = o.windowMs ?? 900_000;
  let ws = windows.get(o);
  if (!ws) windows.set(o, (ws = new Map()));
  const now = Date.now();
  let w = ws.get(endpoint);
  if (!w || now - w.start >= windowMs) ws.set(endpoint, (w = { start: now, count: 0 }));
  w.count++;
  const rl = {
    'x-rate-limit-limit': String(limit),
    'x-rate-limit-remaining': String(Math.max(0, limit - w.count)),
    'x-rate-limit-reset': String(Math.ceil((w.start + windowMs) / 1000)),
  };
  if (w.count > limit) return send(429, body('too-many-requests'), rl);

  let m: RegExpExecArray | null;
  const userOf = (handle: string) => {
    const a = fixtureAccount('x', handle);
    if (a) return { id: xUserId(handle), name: a.name, username: a.handle, protected: a.scenario === 'private' };
    if (handle === 'pengutip' || handle === 'pengikut' || /^asn_\d{3}$/.test(handle))
      return { id: xUserId(handle), name: handle, username: handle, protected: false };
    return undefined;
  };
  if (p === '/2/users/by') {
    // Up to 100 usernames; found users in `data`, the others as partial errors (documented shape).
    const names = (u.searchParams.get('usernames') ?? '').split(',').filter(Boolean);
    if (names.length === 0 || names.length > 100)
      return send(400, body('invalid-request', { parameter: 'usernames', value: String(names.length) }), rl);
    const fields = new Set((u.searchParams.get('user.fields') ?? '').split(','));
    const data = names.flatMap((n) => {
      const usr = userOf(n.toLowerCase());
      if (!usr) return [];
      const { protected: prot, ...rest } = usr;
      return [fields.has('protected') ? { ...rest, protected: prot } : rest];
    });
    const errors = names
      .filter((n) => !userOf(n.toLowerCase()))
      .map((n) => JSON.parse(body('users-by-problem', { username: n })) as unknown);
    return send(200, JSON.stringify({ ...(data.length > 0 ? { data } : {}), ...(errors.length > 0 ? { errors } : {}) }), rl);
  }
  if ((m = /^\/2\/users\/by\/username\/([A-Za-z0-9_]{1,15})$/.exec(p))) {
    const handle = m[1]!.toLowerCase();
    const a = fixtureAccount('x', handle);
    if (!a) return send(200, body('user-not-found', { username: m[1]! }), rl);
    return send(
      200,
      JSON.stringify({ data: { id: xUserId(handle), name: a.name, username: a.handle, protected: a.scenario === 'private' } }),
      rl,
    );
  }
  if ((m = /^\/2\/users\/(\d+)\/tweets$/.exec(p))) {
    const id = m[1]!;
    const handle = BY_ID.get(id);
    const expansions = new Set((u.searchParams.get('expansions') ?? '').split(',').filter(Boolean));
    const count = (json: Record<string, unknown>) => {
      const j = json as { data?: unknown[]; includes?: { tweets?: unknown[] } };
      const n = (j.data?.length ?? 0) + (j.includes?.tweets?.length ?? 0);
      postsRead.set(o, (postsRead.get(o) ?? 0) + n);
      return json;
    };
    if (o.postCap !== undefined && (postsRead.get(o) ?? 0) >= o.postCap) return send(429, body('usage-capped'), rl);
    if (handle === 'pengutip' || handle === 'pengikut' || (handle && /^asn_\d{3}$/.test(handle))) {
      const start = u.searchParams.get('start_time');
      const all = handle === 'pengutip' ? quoterPosts() : handle === 'pengikut' ? followerPosts() : [];
      const page = all
        .filter((t) => !start || t.at.getTime() >= Date.parse(start))
        .map((t) => ({ ...t.tweet, created_at: t.at.toISOString(), author_id: id, edit_history_tweet_ids: [t.tweet.id] }));
      const inc = includesFor(page, expansions);
      return send(
        200,
        JSON.stringify(
          count(
            page.length > 0
              ? { data: page, ...(inc ? { includes: inc } : {}), meta: { result_count: page.length } }
              : { meta: { result_count: 0 } },
          ),
        ),
        rl,
      );
    }
    const a0 = handle ? fixtureAccount('x', handle) : undefined;
    if (!handle || !a0) return send(200, body('user-not-found', { username: id }), rl);
    const max = Number(u.searchParams.get('max_results') ?? '10');
    if (!Number.isInteger(max) || max < 5 || max > 100)
      return send(400, body('invalid-request', { parameter: 'max_results', value: String(u.searchParams.get('max_results')) }), rl);
    const token = u.searchParams.get('pagination_token');
    let done = once.get(o);
    if (!done) once.set(o, (done = new Set()));
    if (a0.scenario === 'rate_limit_once' && !done.has(handle)) {
      done.add(handle);
      return send(429, body('too-many-requests'), {
        ...rl,
        'x-rate-limit-remaining': '0',
        'x-rate-limit-reset': String(Math.ceil(now / 1000) + 1),
      });
    }
    if (a0.scenario === 'error_once' && !done.has(handle)) {
      done.add(handle);
      return send(503, body('service-unavailable'), rl);
    }
    if (a0.scenario === 'slow') await new Promise((r) => setTimeout(r, 1500));
    if (a0.scenario === 'private') return send(200, body('not-authorized', { id }), rl);
    const a = st.account(handle)!;
    if (!token) st.visits.set(`x:${handle}`, (st.visits.get(`x:${handle}`) ?? 0) + 1);
    const fields = new Set((u.searchParams.get('tweet.fields') ?? '').split(',').filter(Boolean));
    const start = u.searchParams.get('start_time');
    const sinceId = u.searchParams.get('since_id');
    const original = new Map(a0.posts.map((p) => [p.id, p.text]));
    const repostTexts = new Map<string, { text: string; handle: string }>();
    let tweets = a.posts
      .sort((x, y) => y.postedAt.getTime() - x.postedAt.getTime())
      .map((t) => {
        // An edited post is a new post id whose edit history starts at the original id.
        const edited = original.get(t.id) !== undefined && original.get(t.id) !== t.text;
        const tid = t.repostOf ? (BigInt(t.id) + 1n).toString() : edited ? (BigInt(t.id) + 4_194_304_000n).toString() : t.id;
        const text = t.repostOf ? `RT @${t.repostOf.handle}: ${t.text}` : t.text;
        const tw: Record<string, unknown> = {
          id: tid,
          text: apiEscape(text.length > 280 ? `${text.slice(0, 277)}…` : text),
          edit_history_tweet_ids: edited ? [t.id, tid] : [tid],
        };
        if (fields.has('created_at')) tw.created_at = t.postedAt.toISOString();
        if (fields.has('author_id')) tw.author_id = id;
        if (fields.has('lang')) tw.lang = 'in';
        if (fields.has('conversation_id')) tw.conversation_id = tid;
        if (fields.has('referenced_tweets') && t.repostOf) tw.referenced_tweets = [{ type: 'retweeted', id: t.repostOf.id }];
        if (t.repostOf) repostTexts.set(t.repostOf.id, { text: t.text, handle: t.repostOf.handle });
        if (fields.has('note_tweet') && text.length > 280) tw.note_tweet = { text: apiEscape(text) };
        return { tw, at: t.postedAt, id: tid };
      });
    if (start) tweets = tweets.filter((t) => t.at.getTime() >= Date.parse(start));
    if (sinceId) tweets = tweets.filter((t) => BigInt(t.id) > BigInt(sinceId));
    const offset = token ? Number(Buffer.from(token, 'base64url').toString().replace(/^o:/, '')) : 0;
    const page = tweets.slice(offset, offset + max);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length > 0) {
      meta.newest_id = page[0]!.id;
      meta.oldest_id = page[page.length - 1]!.id;
    }
    if (offset + max < tweets.length) meta.next_token = Buffer.from(`o:${offset + max}`).toString('base64url');
    const data = page.map((t) => t.tw);
    const inc = includesFor(data, expansions) ?? {};
    // Reposted posts of other fixture accounts, expanded as X does.
    const reposted = data.flatMap((t) =>
      ((t.referenced_tweets as { type: string; id: string }[] | undefined) ?? []).filter(
        (r) => r.type === 'retweeted' && repostTexts.has(r.id),
      ),
    );
    if (expansions.has('referenced_tweets.id') && reposted.length > 0) {
      inc.tweets = [
        ...((inc.tweets as unknown[]) ?? []),
        ...reposted.map((r) => ({ id: r.id, text: apiEscape(repostTexts.get(r.id)!.text), author_id: CAMPAIGN.id })),
      ];
      if (expansions.has('referenced_tweets.id.author_id'))
        inc.users = [{ id: CAMPAIGN.id, name: CAMPAIGN.name, username: CAMPAIGN.username }];
    }
    return send(
      200,
      JSON.stringify(count(page.length > 0 ? { data, ...(Object.keys(inc).length > 0 ? { includes: inc } : {}), meta } : { meta })),
      rl,
    );
  }
  if ((m = /^\/2\/users\/(\d+)\/following$/.exec(p))) {
    // GET /2/users/:id/following: users (id, name, username), paginated by next_token (documented shape).
    const handle = BY_ID.get(m[1]!);
    if (!handle) return send(200, body('user-not-found', { username: m[1]! }), rl);
    if (fixtureAccount('x', handle)?.scenario === 'private') return send(200, body('not-authorized', { id: m[1]! }), rl);
    const max = Number(u.searchParams.get('max_results') ?? '100');
    if (!Number.isInteger(max) || max < 1 || max > 1000)
      return send(400, body('invalid-request', { parameter: 'max_results', value: String(u.searchParams.get('max_results')) }), rl);
    const all = FOLLOWING[handle] ?? [];
    const token = u.searchParams.get('pagination_token');
    const offset = token ? Number(Buffer.from(token, 'base64url').toString().replace(/^f:/, '')) : 0;
    const page = all.slice(offset, offset + max);
    const meta: Record<string, unknown> = { result_count: page.length };
    if (offset + max < all.length) meta.next_token = Buffer.from(`f:${offset + max}`).toString('base64url');
    return send(200, JSON.stringify(page.length > 0 ? { data: page, meta } : { meta }), rl);
  }
  return send(404, JSON.stringify({ title: 'Not Found', type: 'about:blank', status: 404, detail: 'Not Found' }));
}
