import { createHash } from 'node:crypto';

/** Kinds of interaction a post can be (the Bawaslu report names the interaction type). */
export const POST_KINDS = ['post', 'comment', 'reply', 'share', 'photo', 'video'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * Another account's post that this post shares: a quote (the account added words or media of its
 * own) or a plain repost. It is context and evidence, never the account's own words: the
 * classifier never scores it as theirs. Every field but `kind` is optional because pages do not
 * always show it (a quoted post's id is not in X's drawn page, only in its JSON).
 */
export interface SharedPost {
  kind: 'quote' | 'repost';
  /** The shared post's id on the platform. */
  externalId?: string;
  url?: string;
  /** Its author's handle, lowercase without `@`. */
  authorHandle?: string;
  authorName?: string;
  /** Its text, as shown. */
  text?: string;
}

/**
 * The post a reply or comment answers, as far as the source returns it (X API `referenced_tweets`
 * replied_to with its expansion, X's `in_reply_to_*` fields, "Replying to @" on X's page, a file's
 * `reply_to`). Absent when the source does not say.
 */
export interface ReplyTarget {
  externalId?: string;
  /** Lowercase without `@`. */
  authorHandle?: string;
  url?: string;
  /** Its text, when the source returns it (the X API expansion). */
  text?: string;
}

/** A post as a source delivers it, before storage. */
export interface RawPost {
  platform: string;
  /** The platform's id for the post (unique per platform). */
  externalId: string;
  /** Author handle, lowercase without `@`. */
  handle: string;
  url: string | null;
  kind: PostKind;
  /** The account's own words only: empty for a plain repost or a media-only quote. */
  text: string;
  postedAt: Date | null;
  /** The source's record as received, kept for evidence and re-parsing. */
  raw: unknown;
  /** Pinned to the top of a listing, out of time order: never moves the cursor. */
  pinned?: boolean;
  /** The post this one quotes or reposts (stored beside the own words, never in `text`). */
  shared?: SharedPost;
  /** The post this reply or comment answers, where the source returns it. */
  replyTo?: ReplyTarget;
  /** The post's images as the source names them: file paths (file exports) or URLs. */
  images?: string[];
}

/**
 * SHA-256 of a post's content: what decides whether a re-collected post is an edit.
 * Only the text counts today (media hashes would join here), NFC-normalised so that a
 * re-encoding by the platform is not mistaken for an edit.
 */
export function contentSha256(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
