import { fnv, popularity, type FixtureAccount, type FixturePost } from './fixture-data.ts';

/**
 * X's web GraphQL, as the logged-out web app receives it: the `UserTweets` timeline of a profile
 * and the tweet results inside it. Shapes follow the public reverse-engineered descriptions in
 * the-convocation/twitter-scraper (src/timeline-v2.ts, src/timeline-v1.ts) and
 * ragaeeb/wawa (TWITTER_GRAPHQL_API_GUIDE.md); see test/fixtures/sites/x/README.md.
 */

/** The numeric user id X gives a handle (`rest_id`). */
export const xUserId = (handle: string) => String(1_000_000 + (fnv(`user:${handle}`) % 900_000_000));

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** `Wed Oct 10 20:19:24 +0000 2018`: X's `created_at` (seconds, UTC). */
export function xDate(d: Date): string {
  return `${DAYS[d.getUTCDay()]} ${MONTHS[d.getUTCMonth()]} ${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())} +0000 ${d.getUTCFullYear()}`;
}

/** `legacy.full_text` escapes these three characters, as the v1.1 API did. */
const escapeText = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The id a post shows now: an edited post gets a new id, its first id stays in `edit_tweet_ids`. */
export function xShownId(p: FixturePost, edited: boolean): string {
  return edited ? (BigInt(p.id) + 4_194_304_000n).toString() : p.id;
}

/** A repost has an id of its own (the reposting); its `retweeted_status_result` is the original. */
export const xRepostId = (p: FixturePost) => (BigInt(p.id) + 1n).toString();

function userResult(handle: string, name: string) {
  return {
    __typename: 'User',
    id: Buffer.from(`User:${xUserId(handle)}`).toString('base64'),
    rest_id: xUserId(handle),
    is_blue_verified: false,
    core: { created_at: 'Tue Mar 03 02:00:00 +0000 2015', name, screen_name: handle },
    legacy: { name, screen_name: handle, followers_count: fnv(handle) % 3000, description: '' },
  };
}

interface TweetParts {
  id: string;
  editIds: string[];
  handle: string;
  name: string;
  text: string;
  postedAt: Date;
  media?: 'photo' | 'video' | undefined;
  replyTo?: { handle: string; id: string } | undefined;
  quote?: object | undefined;
  quotedId?: string | undefined;
  retweeted?: object | undefined;
  likes: number;
}

function tweet(t: TweetParts): Record<string, unknown> {
  const chars = Array.from(t.text);
  const long = chars.length > 280;
  const shown = long ? `${chars.slice(0, 275).join('')}…` : t.text;
  const prefix = t.replyTo ? `@${t.replyTo.handle} ` : '';
  const mediaUrl = t.media ? ` https://t.co/${fnv(t.id).toString(36)}` : '';
  const full = `${prefix}${shown}${mediaUrl}`;
  const start = Array.from(prefix).length;
  const media = t.media
    ? [
        {
          id_str: `${t.id}9`,
          type: t.media,
          media_url_https: `https://pbs.twimg.com/media/${fnv(t.id).toString(36)}.jpg`,
          url: mediaUrl.trim(),
          display_url: 'pic.x.com/abc',
          ext_alt_text: null,
        },
      ]
    : undefined;
  const legacy: Record<string, unknown> = {
    id_str: t.id,
    full_text: escapeText(full),
    // Code points, as X counts them: the visible text, without the reply's leading mention or the media link.
    display_text_range: [start, start + Array.from(shown).length],
    created_at: xDate(t.postedAt),
    conversation_id_str: t.replyTo?.id ?? t.id,
    user_id_str: xUserId(t.handle),
    lang: 'in',
    favorite_count: t.likes,
    retweet_count: t.likes % 97,
    reply_count: t.likes % 31,
    quote_count: t.likes % 7,
    bookmark_count: 0,
    is_quote_status: Boolean(t.quote || t.quotedId),
    entities: {
      hashtags: [],
      symbols: [],
      urls: [],
      user_mentions: t.replyTo
        ? [{ screen_name: t.replyTo.handle, name: t.replyTo.handle, id_str: xUserId(t.replyTo.handle), indices: [0, start - 1] }]
        : [],
      ...(media ? { media } : {}),
    },
    ...(media ? { extended_entities: { media } } : {}),
    ...(t.replyTo
      ? {
          in_reply_to_status_id_str: t.replyTo.id,
          in_reply_to_screen_name: t.replyTo.handle,
          in_reply_to_user_id_str: xUserId(t.replyTo.handle),
        }
      : {}),
    ...(t.quotedId ? { quoted_status_id_str: t.quotedId } : {}),
    ...(t.retweeted ? { retweeted_status_result: { result: t.retweeted } } : {}),
  };
  return {
    __typename: 'Tweet',
    rest_id: t.id,
    core: { user_results: { result: userResult(t.handle, t.name) } },
    edit_control: {
      edit_tweet_ids: t.editIds,
      editable_until_msecs: String(t.postedAt.getTime() + 3_600_000),
      is_edit_eligible: true,
      edits_remaining: String(5 - t.editIds.length),
    },
    is_translatable: false,
    views: { count: String(t.likes * 13), state: 'EnabledWithCount' },
    source: '<a href="https://mobile.twitter.com" rel="nofollow">Twitter Web App</a>',
    ...(long
      ? {
          note_tweet: {
            is_expandable: true,
            note_tweet_results: {
              result: {
                id: Buffer.from(`NoteTweetResults:${t.id}`).toString('base64'),
                text: t.text,
                entity_set: { hashtags: [], urls: [], user_mentions: [] },
              },
            },
          },
        }
      : {}),
    ...(t.quote ? { quoted_status_result: { result: t.quote } } : {}),
    legacy,
  };
}

/**
 * One of the account's posts as a tweet result. `edited`: the post was edited since it was first
 * posted (it shows a new id). A repost is the account's retweet wrapping the original.
 */
export function xTweetResult(a: FixtureAccount, p: FixturePost, edited: boolean): Record<string, unknown> {
  const likes = popularity(p);
  if (p.repostOf) {
    const original = tweet({
      id: p.repostOf.id,
      editIds: [p.repostOf.id],
      handle: p.repostOf.handle,
      name: p.repostOf.name ?? p.repostOf.handle,
      text: p.text,
      postedAt: p.postedAt,
      likes: likes * 3,
    });
    const rt = xRepostId(p);
    return tweet({
      id: rt,
      editIds: [rt],
      handle: a.handle,
      name: a.name,
      text: `RT @${p.repostOf.handle}: ${p.text}`,
      postedAt: p.postedAt,
      retweeted: original,
      likes: 0,
    });
  }
  const shown = xShownId(p, edited);
  const quote = p.quoteOf
    ? tweet({
        id: p.quoteOf.id,
        editIds: [p.quoteOf.id],
        handle: p.quoteOf.handle,
        name: p.quoteOf.name,
        text: p.quoteOf.text,
        postedAt: new Date(p.postedAt.getTime() - 3_600_000),
        likes: likes * 2,
      })
    : undefined;
  const media = p.media === 'photo' || p.media === 'video' ? p.media : undefined;
  return tweet({
    id: shown,
    editIds: edited ? [p.id, shown] : [p.id],
    handle: a.handle,
    name: a.name,
    text: p.text,
    postedAt: p.postedAt,
    media,
    replyTo: p.replyTo,
    quote,
    quotedId: p.quoteOf?.id,
    likes,
  });
}

function itemEntry(entryId: string, result: unknown, extra: Record<string, unknown> = {}) {
  return {
    entryId,
    sortIndex: entryId.replace(/\D/g, '').slice(-19) || '0',
    content: {
      entryType: 'TimelineTimelineItem',
      __typename: 'TimelineTimelineItem',
      itemContent: {
        itemType: 'TimelineTweet',
        __typename: 'TimelineTweet',
        tweet_results: { result },
        tweetDisplayType: 'Tweet',
        ...extra,
      },
    },
  };
}

const cursorEntry = (type: 'Top' | 'Bottom', value: string) => ({
  entryId: `cursor-${type.toLowerCase()}-${fnv(value)}`,
  sortIndex: String(fnv(value)),
  content: { entryType: 'TimelineTimelineCursor', __typename: 'TimelineTimelineCursor', value, cursorType: type },
});

/**
 * A `UserTweets` response: one page of the profile's timeline. The first page starts with
 * `TimelineClearCache` and a `TimelinePinEntry` for the pinned post; a reply is a
 * `profile-conversation-` module holding the post it answers (by someone else) and the reply.
 * `bottom` is the cursor for older posts; a page after the last one holds only cursors.
 */
export function userTweetsResponse(
  a: FixtureAccount,
  page: readonly FixturePost[],
  o: { first: boolean; bottom: string; top: string; isEdited: (p: FixturePost) => boolean },
): unknown {
  const pinned = o.first ? page.find((p) => p.pinned) : undefined;
  const entries: unknown[] = [];
  for (const p of page) {
    if (p === pinned) continue;
    const result = xTweetResult(a, p, o.isEdited(p));
    const id = (result as { rest_id: string }).rest_id;
    if (p.replyTo) {
      const parent = tweet({
        id: p.replyTo.id,
        editIds: [p.replyTo.id],
        handle: p.replyTo.handle,
        name: 'Dinas Pendidikan',
        text: 'Jadwal ujian semester sudah diumumkan di laman resmi.',
        postedAt: new Date(p.postedAt.getTime() - 7_200_000),
        likes: 40,
      });
      entries.push({
        entryId: `profile-conversation-${id}`,
        sortIndex: id,
        content: {
          entryType: 'TimelineTimelineModule',
          __typename: 'TimelineTimelineModule',
          displayType: 'VerticalConversation',
          items: [
            {
              entryId: `profile-conversation-${id}-tweet-${p.replyTo.id}`,
              item: {
                itemContent: {
                  itemType: 'TimelineTweet',
                  __typename: 'TimelineTweet',
                  tweet_results: { result: parent },
                  tweetDisplayType: 'Tweet',
                },
              },
            },
            {
              entryId: `profile-conversation-${id}-tweet-${id}`,
              item: {
                itemContent: {
                  itemType: 'TimelineTweet',
                  __typename: 'TimelineTweet',
                  tweet_results: { result },
                  tweetDisplayType: 'Tweet',
                },
              },
            },
          ],
        },
      });
    } else entries.push(itemEntry(`tweet-${id}`, result));
  }
  entries.push(cursorEntry('Top', o.top), cursorEntry('Bottom', o.bottom));
  const instructions: unknown[] = [];
  if (o.first) instructions.push({ type: 'TimelineClearCache' });
  if (pinned) {
    const result = xTweetResult(a, pinned, o.isEdited(pinned));
    instructions.push({
      type: 'TimelinePinEntry',
      entry: itemEntry(`tweet-${(result as { rest_id: string }).rest_id}`, result, {
        socialContext: { type: 'TimelineGeneralContext', contextType: 'Pin', text: 'Postingan yang disematkan' },
      }),
    });
  }
  instructions.push({ type: 'TimelineAddEntries', entries });
  return {
    data: {
      user: { result: { __typename: 'User', timeline: { timeline: { instructions, metadata: { scribeConfig: { page: 'profile' } } } } } },
    },
  };
}

/** What X answers a timeline request it refuses: `errors` with a code (88 rate limit, 32 not authenticated). */
export function xErrors(code: number, message: string): unknown {
  return {
    errors: [{ code, message, kind: 'Permissions', name: 'AuthorizationError', source: 'Client', tracing: { trace_id: 'fixture' } }],
  };
}
