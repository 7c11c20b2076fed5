import { createHash } from 'node:crypto';

/**
 * Which decided flags get a blind second review: a fixed hash of the flag id against the share
 * (`NETRA_SECOND_REVIEW_SHARE`), so the sample is stable and cannot be steered by anyone. The
 * database computes the same value (`secondReviewSampleSql` in the repositories) to filter
 * large sets; both read the first 32 bits of SHA-256(`netra-second-review:<id>`).
 */
export const SECOND_REVIEW_SALT = 'netra-second-review:';

/** The flag's position in [0, 1): sampled when below the share. */
export function secondReviewPosition(flagId: number): number {
  return createHash('sha256').update(`${SECOND_REVIEW_SALT}${flagId}`).digest().readUInt32BE(0) / 2 ** 32;
}

export function sampledForSecondReview(flagId: number, share: number): boolean {
  if (share <= 0) return false;
  if (share >= 1) return true;
  return secondReviewPosition(flagId) < share;
}
