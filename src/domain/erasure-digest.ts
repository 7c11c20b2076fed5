import { createHash } from 'node:crypto';

/**
 * The digests an erasure leaves behind so that the person is not collected again: a one-way
 * SHA-256 of each identifier, domain-separated by kind. Nothing in netra turns a digest back
 * into the identifier; the registry import and the scan compare digests of what they are about
 * to store with these.
 */
export type TombstoneKind = 'person_key' | 'nip' | 'account';

export function tombstoneDigest(kind: TombstoneKind, value: string): string {
  return createHash('sha256').update(`netra-erasure-v1\u0000${kind}\u0000${value.trim().toLowerCase()}`).digest('hex');
}

/** The digest of a platform handle (lowercase, without `@`). */
export function accountDigest(platform: string, handle: string): string {
  return tombstoneDigest('account', `${platform.toLowerCase()}:${handle.replace(/^@/, '').toLowerCase()}`);
}

/** What an erased person's rows are renamed to: no trace of the original. */
export const ERASED_NAME = '[dihapus]';
export const erasedHandle = (accountId: number) => `erased-${accountId}`;
export const erasedExternalId = (postId: number) => `erased-${postId}`;
export const erasedPersonKey = (personId: number) => `erased:${personId}`;
