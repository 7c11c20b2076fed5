import { createHash } from 'node:crypto';

/** Kinds of interaction a post can be (the Bawaslu report names the interaction type). */
export const POST_KINDS = ['post', 'comment', 'reply', 'share', 'photo', 'video'] as const;
export type PostKind = (typeof POST_KINDS)[number];

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
}

/**
 * SHA-256 of a post's content: what decides whether a re-collected post is an edit.
 * Only the text counts today (media hashes would join here), NFC-normalised so that a
 * re-encoding by the platform is not mistaken for an edit.
 */
export function contentSha256(text: string): string {
  return createHash('sha256').update(text.normalize('NFC'), 'utf8').digest('hex');
}
