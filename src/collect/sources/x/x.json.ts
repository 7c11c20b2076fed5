import type { PostKind, ReplyTarget, SharedPost } from '../../../domain/raw-post.ts';
import { barrierOfStatus, type FeedChunk, type FeedResponse, type ParsedPost } from '../../web/web-adapter.ts';
import { at, capRaw, obj, siteBase, str, tryJson } from '../../web/json-data.ts';

/**
 * X's web GraphQL (`UserTweets`): the timeline JSON the logged-out web app fetches for a
 * profile. Pure: a response in, posts out. Shapes as public scrapers describe them (see
 * test/fixtures/sites/x/README.md): `data.user.result.timeline.timeline.instructions[]` with
 * `TimelinePinEntry` (the pinned post) and `TimelineAddEntries` (`tweet-…` items,
 * `profile-conversation-…` modules, `cursor-bottom-…`); a tweet result carries `legacy`
 * (`full_text`, `display_text_range`, `created_at`, `retweeted_status_result`), `core`
 * (the author), `quoted_status_result`, `note_tweet` (long posts) and `edit_control`.
 */

export const X_FEED = /\/i\/api\/graphql\/[\w-]+\/(UserTweets|UserTweetsAndReplies)(?:\?|$)/;

type J = Record<string, unknown>;

function unwrap(r: unknown): J | undefined {
  const o = obj(r);
  if (o?.['__typename'] === 'TweetWithVisibilityResults') return obj(o['tweet']);
  return o?.['__typename'] === 'TweetTombstone' ? undefined : o;
}

function author(t: J): { handle: string; name: string } | undefined {
  const u = obj(at(t, 'core', 'user_results', 'result'));
  const handle = str(at(u, 'core', 'screen_name')) ?? str(at(u, 'legacy', 'screen_name'));
  return handle ? { handle: handle.toLowerCase(), name: str(at(u, 'core', 'name')) ?? str(at(u, 'legacy', 'name')) ?? '' } : undefined;
}

/** `full_text` escapes `&`, `<`, `>` as entities; posts store what was written. */
const unescape = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');

/**
 * The words shown: a long post's `note_tweet` text, else `full_text` (unescaped) cut to
 * `display_text_range` (code points), which leaves out a reply's leading mentions and a trailing
 * media link.
 */
export function visibleText(t: J): string {
  const note = str(at(t, 'note_tweet', 'note_tweet_results', 'result', 'text'));
  if (note !== undefined) return note.replace(/\u0000/g, '\uFFFD');
  // Indices count code points of the unescaped text (`&amp;` is one character).
  const full = unescape(str(at(t, 'legacy', 'full_text')) ?? '');
  const range = at(t, 'legacy', 'display_text_range');
  const cps = Array.from(full);
  const shown = Array.isArray(range) && range.length === 2 ? cps.slice(Number(range[0]), Number(range[1])).join('') : full;
  return shown.replace(/\u0000/g, '\uFFFD');
}

const dateOf = (t: J) => {
  const ms = Date.parse(str(at(t, 'legacy', 'created_at')) ?? '');
  return Number.isNaN(ms) ? null : new Date(ms);
};

function sharedOf(t: J, kind: SharedPost['kind'], base: string): SharedPost {
  const a = author(t);
  const id = str(t['rest_id']);
  return {
    kind,
    ...(id ? { externalId: id } : {}),
    ...(a && id ? { url: `${base}/${a.handle}/status/${id}` } : {}),
    ...(a ? { authorHandle: a.handle, authorName: a.name } : {}),
    text: visibleText(t),
  };
}

/** One tweet result as the profile owner's post, or a reason it is not one. */
export function tweetToPost(raw: unknown, handle: string, pageUrl: string, pinned: boolean): ParsedPost | string {
  const t = unwrap(raw);
  if (!t || !obj(t['legacy'])) return 'tweet result without legacy data (tombstone?)';
  const a = author(t);
  if (!a) return 'tweet result without an author';
  if (a.handle !== handle) return `post by @${a.handle} on @${handle}'s timeline`;
  const base = siteBase(pageUrl);
  const id = str(t['rest_id']) ?? str(at(t, 'legacy', 'id_str'));
  if (!id) return 'tweet result without an id';
  const edits = (at(t, 'edit_control', 'edit_tweet_ids') ?? at(t, 'edit_control', 'edit_control_initial', 'edit_tweet_ids')) as unknown;
  // An edited post shows a new id; its first id is its identity, so an edit becomes a new version.
  const externalId = Array.isArray(edits) && typeof edits[0] === 'string' ? edits[0] : id;
  const retweeted = unwrap(at(t, 'legacy', 'retweeted_status_result', 'result'));
  let shared: SharedPost | undefined;
  let text = visibleText(t);
  if (retweeted) {
    shared = sharedOf(retweeted, 'repost', base);
    text = '';
  } else {
    const quoted = unwrap(at(t, 'quoted_status_result', 'result'));
    const quotedId = str(at(t, 'legacy', 'quoted_status_id_str'));
    if (quoted && obj(quoted['legacy'])) shared = sharedOf(quoted, 'quote', base);
    else if (quotedId) shared = { kind: 'quote', externalId: quotedId }; // the quoted post is unavailable
  }
  // The replied-to post: X's `in_reply_to_status_id_str` and `in_reply_to_screen_name` (no text).
  const replyId = str(at(t, 'legacy', 'in_reply_to_status_id_str'));
  const replyAuthor = str(at(t, 'legacy', 'in_reply_to_screen_name'))?.toLowerCase();
  const replyTo: ReplyTarget | undefined = replyId
    ? { externalId: replyId, ...(replyAuthor ? { authorHandle: replyAuthor, url: `${base}/${replyAuthor}/status/${replyId}` } : {}) }
    : undefined;
  const media = (at(t, 'legacy', 'extended_entities', 'media') ?? at(t, 'legacy', 'entities', 'media')) as unknown;
  const mediaType = Array.isArray(media) ? str(at(media[0], 'type')) : undefined;
  const kind: PostKind = shared
    ? 'share'
    : at(t, 'legacy', 'in_reply_to_status_id_str')
      ? 'reply'
      : !text && mediaType
        ? mediaType === 'photo'
          ? 'photo'
          : 'video'
        : 'post';
  return {
    platform: 'x',
    externalId,
    handle,
    url: `${base}/${handle}/status/${id}`,
    kind,
    text,
    postedAt: dateOf(t),
    pinned,
    ...(shared ? { shared } : {}),
    ...(replyTo && !shared ? { replyTo } : {}),
    raw: { via: 'web-json', pageUrl, endpoint: 'UserTweets', tweet: capRaw(t) },
  };
}

/** The refusal an X error code means (88: rate limit; 32, 215, 239: not authenticated / guest token refused). */
function errorBarrier(errors: unknown): FeedChunk['barrier'] {
  if (!Array.isArray(errors) || errors.length === 0) return null;
  const code = Number(at(errors[0], 'code'));
  const msg = str(at(errors[0], 'message')) ?? 'error';
  if (code === 88) return { kind: 'rate_limited', detail: `X answered "${msg}" (code 88) to the timeline request` };
  if ([32, 215, 239, 200].includes(code))
    return { kind: 'login_wall', detail: `X answered "${msg}" (code ${code}) to the timeline request: login required` };
  return { kind: 'blocked', detail: `X answered "${msg}" (code ${code}) to the timeline request` };
}

/** One `UserTweets` response. A page with no tweets, or without a bottom cursor, is the end of the timeline. */
export function parseXTimeline(res: FeedResponse, pageUrl: string, handle: string): FeedChunk {
  const json = tryJson(res.body);
  const byStatus = barrierOfStatus(res.status, 'the timeline request');
  if (byStatus || res.status >= 400) {
    const fromBody = obj(json) ? errorBarrier(obj(json)!['errors']) : null;
    return {
      posts: [],
      end: false,
      barrier: byStatus ?? fromBody ?? { kind: 'blocked', detail: `HTTP ${res.status} on the timeline request` },
      recognised: true,
    };
  }
  const j = obj(json);
  const result = obj(at(j, 'data', 'user', 'result'));
  const instructions = (at(result, 'timeline', 'timeline', 'instructions') ??
    at(result, 'timeline_v2', 'timeline', 'instructions')) as unknown;
  if (!Array.isArray(instructions)) {
    const barrier = errorBarrier(j?.['errors']);
    return { posts: [], end: false, barrier, recognised: Boolean(barrier) };
  }
  const h = handle.toLowerCase();
  const posts: ParsedPost[] = [];
  let tweets = 0;
  let bottom: string | undefined;
  const take = (raw: unknown, pinned: boolean) => {
    tweets++;
    const p = tweetToPost(raw, h, pageUrl, pinned);
    if (typeof p !== 'string') posts.push(p);
  };
  for (const ins of instructions) {
    const type = str(at(ins, 'type'));
    const entries =
      type === 'TimelinePinEntry' ? [at(ins, 'entry')] : type === 'TimelineAddEntries' ? ((at(ins, 'entries') as unknown[]) ?? []) : [];
    for (const e of entries) {
      const entryId = str(at(e, 'entryId')) ?? '';
      const content = obj(at(e, 'content'));
      if (str(content?.['cursorType']) === 'Bottom') bottom = str(content?.['value']);
      if (entryId.startsWith('promoted-')) continue;
      if (entryId.startsWith('tweet-')) take(at(content, 'itemContent', 'tweet_results', 'result'), type === 'TimelinePinEntry');
      else if (entryId.startsWith('profile-conversation-'))
        for (const it of (content?.['items'] as unknown[]) ?? []) take(at(it, 'item', 'itemContent', 'tweet_results', 'result'), false);
    }
  }
  return { posts, end: tweets === 0 || !bottom, recognised: true };
}
