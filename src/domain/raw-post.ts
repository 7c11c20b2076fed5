import { createHash } from 'node:crypto';

/** Kinds of interaction a post can be (the Bawaslu report names the interaction type). */
export const POST_KINDS = ['post', 'comment', 'reply', 'share', 'photo', 'video'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/**
 * Another account's post that this post shares: a quote (the account added words of its own)
 * or a repost (it added none). Never the account's own words: `RawPost.text` holds only those.
 */
export interface SharedPost {
  kind: 'quote' | 'repost';
  /** The shared post's id on the platform, when known. */
  externalId?: string;
  url?: string;
  /** Its author's handle, lowercase without `@`. */
  authorHandle?: string;
  authorName?: string;
  /** Its text, as its author wrote it. */
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
  text: string;
  postedAt: Date | null;
  /** The source's record as received, kept for evidence and re-parsing. */
  raw: unknown;
  /** Pinned to the top of a listing, out of time order: never moves the cursor. */
  pinned?: boolean;
  /** The post this one quotes or reposts; `text` is then only the account's own words (may be empty). */
  shared?: SharedPost;
}

/**
 * SHA-256 of a post's content: what decides whether a re-collected post is an edit.
 * Only the text counts today (media hashes would join here), NFC-normalised so that a
 * re-encoding by the platform is not mistaken for an edit.
 */
export function contentSha256(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
