import type { PostKind, RawPost, ReplyTarget, SharedPost } from '../../../domain/raw-post.ts';

/**
 * X API v2 responses: JSON in, posts out. Pure. Field names and problem types as the API
 * documents them (`data`, `includes`, `meta.next_token`, `errors[].type` problem URIs).
 */

export interface XUser {
  id: string;
  username: string;
  name: string;
  protected: boolean;
}

/** A problem the API reported in a 200 response's `errors`. */
export interface XProblem {
  kind: 'not_found' | 'private' | 'suspended' | 'other';
  detail: string;
  /** The username or id it is about (`value` / `resource_id`). */
  value?: string;
}

interface XUrlEntity {
  url?: string;
  expanded_url?: string;
  media_key?: string;
}

interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  edit_history_tweet_ids?: string[];
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  note_tweet?: { text: string; entities?: { urls?: XUrlEntity[] } };
  entities?: { urls?: XUrlEntity[] };
  attachments?: { media_keys?: string[] };
}

interface XIncludes {
  tweets?: XTweet[];
  users?: { id: string; username?: string; name?: string }[];
  media?: { media_key: string; type?: string; url?: string; preview_image_url?: string; alt_text?: string }[];
}

function problemOf(e0: unknown): XProblem {
  const e = e0 as { type?: string; detail?: string; title?: string; value?: string; resource_id?: string };
  const type = String(e.type ?? '');
  const detail = String(e.detail ?? e.title ?? 'unknown problem');
  const value = e.value ?? e.resource_id;
  const base = value !== undefined ? { detail, value: String(value) } : { detail };
  if (/suspended/i.test(detail)) return { kind: 'suspended', ...base };
  if (type.endsWith('/resource-not-found')) return { kind: 'not_found', ...base };
  if (type.endsWith('/not-authorized-for-resource')) return { kind: 'private', ...base };
  if (type.endsWith('/resource-unavailable')) return { kind: 'suspended', ...base };
  return { kind: 'other', ...base };
}

function firstProblem(errors: unknown): XProblem | undefined {
  return Array.isArray(errors) && errors.length > 0 ? problemOf(errors[0]) : undefined;
}

const toUser = (d: Partial<XUser>): XUser => ({
  id: String(d.id),
  username: String(d.username).toLowerCase(),
  name: String(d.name ?? ''),
  protected: Boolean(d.protected),
});

/** `GET /2/users/by/username/:username` */
export function parseUserLookup(json: unknown): { user?: XUser; problem?: XProblem } {
  const j = json as { data?: Partial<XUser>; errors?: unknown };
  if (j?.data?.id && j.data.username) return { user: toUser(j.data) };
  return { problem: firstProblem(j?.errors) ?? { kind: 'other', detail: 'response has neither data nor errors' } };
}

/**
 * `GET /2/users/by?usernames=a,b,...` (up to 100): the users found, and a problem per username
 * the API could not return (not found, suspended). Usernames in neither are the caller's to report.
 */
export function parseUsersBy(json: unknown): { users: XUser[]; problems: XProblem[] } {
  const j = json as { data?: Partial<XUser>[]; errors?: unknown[] };
  const users = (Array.isArray(j?.data) ? j.data : []).filter((d) => d?.id && d.username).map(toUser);
  const problems = (Array.isArray(j?.errors) ? j.errors : []).map(problemOf);
  return { users, problems };
}

/** The API escapes `&`, `<` and `>` in post text as HTML entities; posts store what was written. */
export function unescapeApiText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

const clean = (s: string) => unescapeApiText(s).replace(/\u0000/g, '\uFFFD');
const fullText = (t: XTweet) => clean(t.note_tweet?.text ?? t.text ?? '');

function kindOf(t: XTweet): PostKind {
  const types = new Set((t.referenced_tweets ?? []).map((r) => r.type));
  if (types.has('retweeted') || types.has('quoted')) return 'share';
  if (types.has('replied_to')) return 'reply';
  return 'post';
}

/** A quote's own words: its text less the link to the quoted post and the links of attached media. */
function ownWordsOfQuote(t: XTweet, quotedId: string): string {
  let text = fullText(t);
  const urls = [...(t.entities?.urls ?? []), ...(t.note_tweet?.entities?.urls ?? [])];
  for (const u of urls) {
    if (!u.url) continue;
    const toQuoted = u.expanded_url !== undefined && new RegExp(`/status(?:es)?/${quotedId}(?:[/?#]|$)`).test(u.expanded_url);
    if (toQuoted || u.media_key) text = text.split(u.url).join('');
  }
  return text
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\s+$/u, '')
    .replace(/^\s+/u, '');
}

function sharedOf(t: XTweet, includes: XIncludes, postUrlBase: string): { shared: SharedPost; own: string } | undefined {
  const ref =
    (t.referenced_tweets ?? []).find((r) => r.type === 'retweeted') ?? (t.referenced_tweets ?? []).find((r) => r.type === 'quoted');
  if (!ref) return undefined;
  const kind = ref.type === 'retweeted' ? 'repost' : 'quote';
  const orig = includes.tweets?.find((x) => x.id === ref.id);
  const author = orig?.author_id ? includes.users?.find((u) => u.id === orig.author_id) : undefined;
  const shared: SharedPost = { kind, externalId: ref.id };
  let authorHandle = author?.username?.toLowerCase();
  let text = orig ? fullText(orig) : undefined;
  if (kind === 'repost' && !orig) {
    // The original is not in `includes` (deleted or withheld): its author and the start of its text are in "RT @user: ...".
    const m = /^RT @([A-Za-z0-9_]{1,15}): ([\s\S]*)$/.exec(fullText(t));
    if (m) {
      authorHandle = m[1]!.toLowerCase();
      text = m[2]!;
    }
  }
  if (authorHandle) {
    shared.authorHandle = authorHandle;
    shared.url = `${postUrlBase.replace(/\/$/, '')}/${authorHandle}/status/${ref.id}`;
  }
  if (author?.name) shared.authorName = author.name;
  if (text !== undefined) shared.text = text;
  return { shared, own: kind === 'repost' ? '' : ownWordsOfQuote(t, ref.id) };
}

/** The post a reply answers: `referenced_tweets` replied_to, with its author and text from the expansion when returned. */
function replyTargetOf(t: XTweet, includes: XIncludes, base: string): ReplyTarget | undefined {
  const ref = (t.referenced_tweets ?? []).find((r) => r.type === 'replied_to');
  if (!ref) return undefined;
  const orig = includes.tweets?.find((x) => x.id === ref.id);
  const author = orig?.author_id ? includes.users?.find((u) => u.id === orig.author_id)?.username?.toLowerCase() : undefined;
  return {
    externalId: ref.id,
    ...(author ? { authorHandle: author, url: `${base}/${author}/status/${ref.id}` } : {}),
    ...(orig ? { text: fullText(orig) } : {}),
  };
}

/**
 * `GET /2/users/:id/tweets`: one page. An edited post has a new id whose
 * `edit_history_tweet_ids` starts with the original: the original id is the post's identity,
 * so an edit becomes a new version of the same post, as on the web. A repost or a quote carries
 * the other account's post in `shared` (from the `referenced_tweets.id` expansion); its `text`
 * is only the account's own words: empty for a repost, the comment for a quote.
 */
export function parseTimelinePage(
  json: unknown,
  handle: string,
  postUrlBase: string,
): { posts: RawPost[]; nextToken: string | null; problem?: XProblem; reads: number } {
  const j = json as { data?: XTweet[]; includes?: XIncludes; meta?: { next_token?: string; result_count?: number }; errors?: unknown };
  if (!j || typeof j !== 'object') return { posts: [], nextToken: null, problem: { kind: 'other', detail: 'not a JSON object' }, reads: 0 };
  if (!j.data && j.errors) return { posts: [], nextToken: null, problem: firstProblem(j.errors)!, reads: 0 };
  const includes = j.includes ?? {};
  const base = postUrlBase.replace(/\/$/, '');
  const posts: RawPost[] = (j.data ?? []).map((t) => {
    const originalId = t.edit_history_tweet_ids?.[0] ?? t.id;
    const postedAt = t.created_at ? new Date(t.created_at) : null;
    const share = sharedOf(t, includes, base);
    const replyTo = replyTargetOf(t, includes, base);
    const media = (t.attachments?.media_keys ?? []).map((k) => includes.media?.find((m) => m.media_key === k) ?? { media_key: k });
    return {
      platform: 'x',
      externalId: String(originalId),
      handle,
      url: `${base}/${handle}/status/${t.id}`,
      kind: kindOf(t),
      text: share ? share.own : fullText(t),
      postedAt: postedAt && !Number.isNaN(postedAt.getTime()) ? postedAt : null,
      raw: { via: 'x-api', ...t, ...(media.length > 0 ? { media } : {}), ...(share ? { shared: share.shared } : {}) },
      ...(share ? { shared: share.shared } : {}),
      ...(replyTo ? { replyTo } : {}),
    };
  });
  // Posts read (X's monthly cap counts every Post returned, expanded ones included).
  const reads = (j.data?.length ?? 0) + (includes.tweets?.length ?? 0);
  return { posts, nextToken: j.meta?.next_token ?? null, reads };
}

/** `GET /2/users/:id/following`: one page of the accounts a user follows. */
export function parseFollowingPage(json: unknown): { users: XUser[]; nextToken: string | null; problem?: XProblem } {
  const j = json as { data?: Partial<XUser>[]; meta?: { next_token?: string }; errors?: unknown };
  if (!j || typeof j !== 'object') return { users: [], nextToken: null, problem: { kind: 'other', detail: 'not a JSON object' } };
  if (!j.data && j.errors) return { users: [], nextToken: null, problem: firstProblem(j.errors)! };
  const users = (Array.isArray(j.data) ? j.data : []).filter((d) => d?.id && d.username).map(toUser);
  return { users, nextToken: j.meta?.next_token ?? null };
}
