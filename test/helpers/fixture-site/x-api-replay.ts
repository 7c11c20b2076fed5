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

const KNOWN = ['budi_guru', 'sri_wahyuni', 'kosong', 'dinding', 'terkunci', 'sibuk', 'rapuh', 'lambat', 'nakal', 'pengedit', ...Array.from({ length: 50 }, (_, i) => `bench_${String(i).padStart(3, '0')}`)];
const BY_ID = new Map(KNOWN.map((h) => [xUserId(h), h]));

/** X API v2 escapes these three characters in `text`. */
const apiEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

interface Window {
  start: number;
  count: number;
}

export interface XApiState {
  account(handle: string): FixtureAccount | undefined;
  visits: Map<string, number>;
}

const windows = new WeakMap<XApiOptions, Map<string, Window>>();
const once = new WeakMap<XApiOptions, Set<string>>();

export async function handleXApi(req: IncomingMessage, res: ServerResponse, u: URL, o: XApiOptions, st: XApiState): Promise<void> {
  const send = (status: number, json: string, headers: Record<string, string> = {}) => {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(json);
  };
  if (req.headers.authorization !== `Bearer ${o.token ?? 'fixture-token'}`) return send(401, body('unauthorized'));

  const p = u.pathname.replace(/^\/x-api/, '');
  const endpoint = p.startsWith('/2/users/by/username/') ? 'users/by/username' : p.endsWith('/tweets') ? 'users/tweets' : 'other';
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
  if ((m = /^\/2\/users\/by\/username\/([A-Za-z0-9_]{1,15})$/.exec(p))) {
    const handle = m[1]!.toLowerCase();
    const a = fixtureAccount('x', handle);
    if (!a) return send(200, body('user-not-found', { username: m[1]! }), rl);
    return send(200, JSON.stringify({ data: { id: xUserId(handle), name: a.name, username: a.handle, protected: a.scenario === 'private' } }), rl);
  }
  if ((m = /^\/2\/users\/(\d+)\/tweets$/.exec(p))) {
    const id = m[1]!;
    const handle = BY_ID.get(id);
    const a0 = handle ? fixtureAccount('x', handle) : undefined;
    if (!handle || !a0) return send(200, body('user-not-found', { username: id }), rl);
    const max = Number(u.searchParams.get('max_results') ?? '10');
    if (!Number.isInteger(max) || max < 5 || max > 100) return send(400, body('invalid-request', { parameter: 'max_results', value: String(u.searchParams.get('max_results')) }), rl);
    const token = u.searchParams.get('pagination_token');
    let done = once.get(o);
    if (!done) once.set(o, (done = new Set()));
    if (a0.scenario === 'rate_limit_once' && !done.has(handle)) {
      done.add(handle);
      return send(429, body('too-many-requests'), { ...rl, 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(Math.ceil(now / 1000) + 1) });
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
    return send(200, JSON.stringify(page.length > 0 ? { data: page.map((t) => t.tw), meta } : { meta }), rl);
  }
  return send(404, JSON.stringify({ title: 'Not Found', type: 'about:blank', status: 404, detail: 'Not Found' }));
}
