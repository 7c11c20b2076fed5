import type { MatchedClaim } from '../domain/classification.ts';
import type { AnalysedText } from '../nlp/types.ts';

/**
 * The seam for hoax claim matching. The rule layer only sees how a claim is pushed; whether it
 * is a KNOWN debunked claim is a lookup in a claim database (TurnBackHoax and others), which a
 * claim matcher does. Plug one into `createRuleClassifier({ claimMatcher })`: its matches become
 * `claim` evidence, the finding's `claim`, and raise the hoax score to the match's similarity
 * (still suppressed when the post warns about or debunks the claim).
 */
export interface ClaimMatch extends MatchedClaim {
  /** Similarity in [0, 1], calibrated by the matcher so that it can serve as a hoax score. */
  similarity: number;
}

export interface ClaimMatcher {
  /** Name and version, recorded in `versions.models` (e.g. `claims: 'tbh-2024.1'`). */
  readonly name: string;
  readonly version: string;
  /** Best match per text, or null; one entry per item, in order. */
  match(items: readonly { text: string; analysed: AnalysedText }[]): Promise<(ClaimMatch | null)[]>;
}
