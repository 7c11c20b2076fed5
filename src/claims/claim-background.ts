import path from 'node:path';
import { shippedNlpResources } from '../nlp/analyse.ts';
import { DEFAULT_LEXICON_DIR } from '../config/paths.ts';
import { readTsv, VOCAB_FILE } from '../nlp/resources.ts';
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

/**
 * Stems of conversation rather than content, which two texts share by chance whatever they are
 * about: first- and second-person pronouns in their casual forms, laughter and interjections.
 * (Function words and fillers are already dropped before matching: `CLAIM_STOPWORDS`.)
 */
export const CHAT_STEMS: ReadonlySet<string> = new Set(
  'aku saya kamu gue lu lo elu ente anda kalian kita kami km kmu ak aq sy gw gua haha hehe hihi wkwk wkwkwk awokwok anjay anjir ajg wow yuk ayo oke ok okay sip mantap mantul'.split(
    ' ',
  ),
);

/**
 * Root words of the general Indonesian stopword list (`stopwords-iso`, marked `stopwords` in the
 * sources column of the shipped vocabulary): kapan, jelas, sendiri, tanya, naik, tambah, siap ...
 * Words of every register, not of one topic. Only words that are their own stem count
 * ("bekerja" is listed; its stem "kerja" is not made ordinary by it).
 */
export function stopwordRoots(lexiconDir: string = DEFAULT_LEXICON_DIR): Set<string> {
  const out = new Set<string>();
  for (const { cols } of readTsv(path.join(lexiconDir, VOCAB_FILE), 3)) {
    const w = cols[0]!;
    if (/(^|\+)stopwords(\+|$)/.test(cols[2] ?? '') && stem(w) === w) out.add(w);
  }
  return out;
}

/**
 * How much a shared stem says that a post repeats a claim, in [0, 1]: its {@link Rarity} in
 * election talk, and 0 for conversation ({@link CHAT_STEMS}) and general-register words
 * ({@link stopwordRoots}). Evidence of a claim match is counted in these units (claim-evidence.ts).
 */
export function specificityOf(rarity: Rarity, ordinary: ReadonlySet<string>): Rarity {
  return (s) => (ordinary.has(s) || CHAT_STEMS.has(s) ? 0 : rarity(s));
}

let shipped: Rarity | undefined;
let shippedSpec: Rarity | undefined;

/** Rarity from the shipped vocabulary (read on first use). */
export function shippedRarity(): Rarity {
  shipped ??= rarityOf(commonStemCounts(shippedNlpResources().vocab));
  return shipped;
}

/** Specificity from the shipped vocabulary (read on first use). */
export function shippedSpecificity(): Rarity {
  shippedSpec ??= specificityOf(shippedRarity(), stopwordRoots());
  return shippedSpec;
}
