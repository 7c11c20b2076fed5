import { createHmac, randomBytes } from 'node:crypto';

/** What a pseudonym stands for: the prefix tells a reader which kind of thing it is. */
export type PseudonymKind = 'post' | 'account' | 'person' | 'reviewer' | 'annotator';

const PREFIX: Record<PseudonymKind, string> = { post: 'p', account: 'a', person: 'u', reviewer: 'r', annotator: 'n' };

/**
 * Keyed pseudonyms for one release: HMAC-SHA256 of `<kind>:<internal id>` under a fresh random
 * key. Within a release the same thing always gets the same pseudonym (so posts of one account
 * can be grouped); across releases they differ, so two releases cannot be joined, and without
 * the key nobody can test a guessed account against a pseudonym. The key is never written into
 * an export.
 */
export class Pseudonymiser {
  readonly #key: Buffer;

  constructor(key: Buffer = randomBytes(32)) {
    if (key.length < 32) throw new Error('a pseudonym key needs at least 32 bytes');
    this.#key = Buffer.from(key);
  }

  /** `<prefix>_<20 hex digits>` (80 bits: collisions are negligible at any dataset size). */
  of(kind: PseudonymKind, id: string | number): string {
    const mac = createHmac('sha256', this.#key).update(`${kind}:${id}`).digest('hex');
    return `${PREFIX[kind]}_${mac.slice(0, 20)}`;
  }

  /** The key as hex, only for a user who asked to keep it (outside the export folder). */
  keyHex(): string {
    return this.#key.toString('hex');
  }
}
