import { z } from 'zod';
import type { PairFeatures } from './claim-index.ts';

/**
 * The precision gate of claim matching: a match must rest on enough specific, shared content,
 * however high its cosine. A short post that shares one or two everyday words with a claim
 * ("aku mau vaksin" and "Vaksin HPV dan Vaksin Covid-19 Sebabkan Kemandulan"; "lebaran😭" and
 * "Jokowi Berkunjung Ke Rumah Megawati Pada Lebaran 2024") is not a match.
 *
 * Evidence is counted in specific words: each word the post shares with the claim weighs its
 * specificity (claim-background.ts: 1 for an uncommon word, less for names and campaign words
 * that fill election talk, 0 for pronouns, laughter and general-register words such as kapan,
 * jelas, sendiri). A candidate claim passes when
 * - at least `minStrong` shared words are specific (specificity >= 0.5), and they make at least
 *   `minUnits` separate pieces of content (a run of shared words that follow each other in the
 *   post and in the claim, such as a name, is one piece: a post that shares only the claim's
 *   subject, "Siti Fadilah Supari", says nothing of what the claim says about her),
 * - the shared words weigh at least `minMass` in all,
 * - the post holds at least `minShare` of the claim title's distinctive content (its words
 *   weighted by idf² x specificity), and a short post (at most `shortWords` content words that
 *   carry any specificity) at least `shortShare` of it: with so few words, what it shares is
 *   nearly all it says, so only a strong overlap with the claim says it repeats the claim.
 */
export const evidenceGateSchema = z.strictObject({
  minStrong: z.number().int().min(0).default(0),
  minUnits: z.number().int().min(0).default(0),
  minMass: z.number().min(0).default(0),
  minShare: z.number().min(0).max(1).default(0),
  shortWords: z.number().int().min(0).default(0),
  shortShare: z.number().min(0).max(1).default(0),
});
export type EvidenceGate = z.infer<typeof evidenceGateSchema>;

/** No gate (every candidate passes). */
export const NO_GATE: EvidenceGate = { minStrong: 0, minUnits: 0, minMass: 0, minShare: 0, shortWords: 0, shortShare: 0 };

/** Whether a (text, claim) pair rests on enough specific shared content (see {@link evidenceGateSchema}). */
export function passesEvidenceGate(
  f: Pick<PairFeatures, 'strong' | 'units' | 'mass' | 'specific' | 'postWords'>,
  g: EvidenceGate,
): boolean {
  if (f.strong < g.minStrong || f.units < g.minUnits || f.mass < g.minMass) return false;
  return f.specific >= (f.postWords <= g.shortWords ? Math.max(g.shortShare, g.minShare) : g.minShare);
}
