import { shippedNlpResources } from '../nlp/analyse.ts';
import { stem } from '../nlp/stem.ts';

/**
 * How ordinary each stem is in election-period talk, from the corpus counts of the shipped
 * vocabulary (`data/lexicons/vocab-id.tsv`, counted over public election-period posts, hate and
 * hoax datasets; see its header). Candidate names, "presiden", "dukung", "pilih" or "menang"
 * are in most posts about an election and in many debunked claims; sharing only such words with
 * a claim says that a post is about the same people, not that it repeats the claim.
 *
 * `rarity(stem)` is 1 for a stem seen fewer than {@link COMMON_COUNT} times, and
 * sqrt(COMMON_COUNT / count) above that (presiden 0.10, prabowo 0.13, dukung 0.18, suara 0.43,
 * korupsi 0.61).
 */
export const COMMON_COUNT = 300;

export type Rarity = (stem: string) => number;

/** Stem -> summed corpus count, for stems of words seen at least {@link COMMON_COUNT} times. */
export function commonStemCounts(vocab: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [word, count] of vocab) {
    if (count < COMMON_COUNT) continue;
    const s = stem(word);
    out.set(s, (out.get(s) ?? 0) + count);
  }
  return out;
}

export function rarityOf(common: ReadonlyMap<string, number>): Rarity {
  return (s) => {
    const c = common.get(s);
    return c === undefined || c < COMMON_COUNT ? 1 : Math.sqrt(COMMON_COUNT / c);
  };
}

let shipped: Rarity | undefined;

/** Rarity from the shipped vocabulary (read on first use). */
export function shippedRarity(): Rarity {
  shipped ??= rarityOf(commonStemCounts(shippedNlpResources().vocab));
  return shipped;
}
