import type { InputProblem } from '../../../domain/errors.ts';
import type { ReplyTarget, SharedPost } from '../../../domain/raw-post.ts';

/**
 * The optional `shared` and `reply_to` objects of a JSON Lines post: the post it quotes or
 * reposts, and the post it replies to, as an export or another tool recorded them.
 *   "shared": {"kind": "repost"|"quote", "external_id", "url", "author_handle", "author_name", "text"}
 *   "reply_to": {"external_id", "url", "author_handle", "text"}
 * Every field but `shared.kind` is optional; a wrong type is a problem naming the field.
 */
export const POST_LINK_FIELDS = {
  shared: 'JSON only: the post this one quotes or reposts, {kind: quote|repost, external_id, url, author_handle, author_name, text}.',
  reply_to: 'JSON only: the post this one replies to, {external_id, url, author_handle, text}.',
} as const;

type Problem = Omit<InputProblem, 'file' | 'line'>;

function strings(o: Record<string, unknown>, field: string, keys: readonly string[], problems: Problem[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || v === null || v === '') continue;
    if (typeof v === 'string' || typeof v === 'number') out[k] = String(v);
    else problems.push({ field: `${field}.${k}`, message: 'must be a string' });
  }
  for (const k of Object.keys(o))
    if (!keys.includes(k) && k !== 'kind') problems.push({ field: `${field}.${k}`, message: `unknown key; expected ${keys.join(', ')}` });
  return out;
}

const handleOf = (h: string | undefined) => h?.trim().replace(/^@/, '').toLowerCase();
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The `shared` object of a record, or problems. */
export function parseSharedField(v: unknown): { shared?: SharedPost; problems: Problem[] } {
  if (v === undefined || v === null) return { problems: [] };
  if (!isObject(v)) return { problems: [{ field: 'shared', message: 'must be an object' }] };
  const problems: Problem[] = [];
  if (v.kind !== 'quote' && v.kind !== 'repost')
    problems.push({ field: 'shared.kind', message: `${JSON.stringify(v.kind)} must be "quote" or "repost"` });
  const s = strings(v, 'shared', ['external_id', 'url', 'author_handle', 'author_name', 'text'], problems);
  if (problems.length > 0) return { problems };
  const author = handleOf(s.author_handle);
  return {
    problems,
    shared: {
      kind: v.kind as SharedPost['kind'],
      ...(s.external_id ? { externalId: s.external_id } : {}),
      ...(s.url ? { url: s.url } : {}),
      ...(author ? { authorHandle: author } : {}),
      ...(s.author_name ? { authorName: s.author_name } : {}),
      ...(s.text !== undefined ? { text: s.text } : {}),
    },
  };
}

/** The `reply_to` object of a record, or problems. */
export function parseReplyToField(v: unknown): { replyTo?: ReplyTarget; problems: Problem[] } {
  if (v === undefined || v === null) return { problems: [] };
  if (!isObject(v)) return { problems: [{ field: 'reply_to', message: 'must be an object' }] };
  const problems: Problem[] = [];
  const s = strings(v, 'reply_to', ['external_id', 'url', 'author_handle', 'text'], problems);
  if ('kind' in v) problems.push({ field: 'reply_to.kind', message: 'unknown key; expected external_id, url, author_handle, text' });
  if (problems.length > 0) return { problems };
  const author = handleOf(s.author_handle);
  return {
    problems,
    replyTo: {
      ...(s.external_id ? { externalId: s.external_id } : {}),
      ...(author ? { authorHandle: author } : {}),
      ...(s.url ? { url: s.url } : {}),
      ...(s.text !== undefined ? { text: s.text } : {}),
    },
  };
}
