import type { PostKind, RawPost } from '../../../domain/raw-post.ts';

/**
 * X API v2 responses: JSON in, posts out. Pure. Field names and problem types as the API
 * documents them (`data`, `meta.next_token`, `errors[].type` problem URIs).
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
}

interface XTweet {
  id: string;
  text: string;
  created_at?: string;
  edit_history_tweet_ids?: string[];
  referenced_tweets?: { type: 'retweeted' | 'quoted' | 'replied_to'; id: string }[];
  note_tweet?: { text: string };
}

function problemOf(errors: unknown): XProblem | undefined {
  if (!Array.isArray(errors) || errors.length === 0) return undefined;
  const e = errors[0] as { type?: string; detail?: string; title?: string };
  const type = String(e.type ?? '');
  const detail = String(e.detail ?? e.title ?? 'unknown problem');
  if (type.endsWith('/resource-not-found')) return { kind: 'not_found', detail };
  if (type.endsWith('/not-authorized-for-resource')) return { kind: 'private', detail };
  if (type.endsWith('/resource-unavailable')) return { kind: 'suspended', detail };
  return { kind: 'other', detail };
}

/** `GET /2/users/by/username/:username` */
export function parseUserLookup(json: unknown): { user?: XUser; problem?: XProblem } {
  const j = json as { data?: Partial<XUser>; errors?: unknown };
  if (j?.data?.id && j.data.username) {
    return { user: { id: String(j.data.id), username: j.data.username.toLowerCase(), name: String(j.data.name ?? ''), protected: Boolean(j.data.protected) } };
  }
  return { problem: problemOf(j?.errors) ?? { kind: 'other', detail: 'response has neither data nor errors' } };
}

/** The API escapes `&`, `<` and `>` in post text as HTML entities; posts store what was written. */
export function unescapeApiText(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

function kindOf(t: XTweet): PostKind {
  const types = new Set((t.referenced_tweets ?? []).map((r) => r.type));
  if (types.has('retweeted')) return 'share';
  if (types.has('replied_to')) return 'reply';
  return 'post';
}

/**
 * `GET /2/users/:id/tweets`: one page. An edited post has a new id whose
 * `edit_history_tweet_ids` starts with the original: the original id is the post's identity,
 * so an edit becomes a new version of the same post, as on the web.
 */
export function parseTimelinePage(json: unknown, handle: string, postUrlBase: string): { posts: RawPost[]; nextToken: string | null; problem?: XProblem } {
  const j = json as { data?: XTweet[]; meta?: { next_token?: string; result_count?: number }; errors?: unknown };
  if (!j || typeof j !== 'object') return { posts: [], nextToken: null, problem: { kind: 'other', detail: 'not a JSON object' } };
  if (!j.data && j.errors) return { posts: [], nextToken: null, problem: problemOf(j.errors)! };
  const posts: RawPost[] = (j.data ?? []).map((t) => {
    const originalId = t.edit_history_tweet_ids?.[0] ?? t.id;
    const postedAt = t.created_at ? new Date(t.created_at) : null;
    return {
      platform: 'x',
      externalId: String(originalId),
      handle,
      url: `${postUrlBase.replace(/\/$/, '')}/${handle}/status/${t.id}`,
      kind: kindOf(t),
      text: unescapeApiText(t.note_tweet?.text ?? t.text ?? '').replace(/\u0000/g, '\uFFFD'),
      postedAt: postedAt && !Number.isNaN(postedAt.getTime()) ? postedAt : null,
      raw: { via: 'x-api', ...t },
    };
  });
  return { posts, nextToken: j.meta?.next_token ?? null };
}
