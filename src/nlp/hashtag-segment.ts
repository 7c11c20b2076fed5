/**
 * Hashtag segmentation: `#GanjarMahfud2024` -> `ganjar mahfud 2024`, `#AMINajaDulu` -> `amin aja
 * dulu`, `#02Melanjutkan` -> `02 melanjutkan`, `#prabowogemoy` -> `prabowo gemoy`.
 *
 * Digits/letters and `_` always split. Inside a run of letters a Viterbi search over a unigram
 * word model picks the most probable split; letter case guides it: a lower->Upper change is a
 * boundary a word should not cross, and in a mixed-case tag splitting where the case gives no
 * hint costs extra. An all-lowercase or all-uppercase run is segmented by the word model alone.
 */

/** Unigram costs: -ln P(word). */
export interface WordModel {
  /** Cost of a known word, or undefined. */
  cost(word: string): number | undefined;
}

/** A part of a hashtag body, offsets relative to the body (the text after `#`). */
export interface HashtagPart {
  text: string;
  start: number;
  end: number;
}

/** Tuning of the search (costs are in nats, like the word costs). */
const UNKNOWN_BASE = 12;
const UNKNOWN_PER_CHAR = 2.2;
const CROSS_STRONG = 25;
const SPLIT_WITHOUT_CASE_HINT = 7;
const MAX_KNOWN_LEN = 24;
/** Longer letter runs are kept whole: no real hashtag needs it, and the search is quadratic. */
const MAX_RUN = 64;

const CHUNK = /[\p{L}\p{M}]+|\p{N}+/gu;
const UPPER = /\p{Lu}/u;
const LOWER = /\p{Ll}/u;

function unknownCost(len: number): number {
  return UNKNOWN_BASE + UNKNOWN_PER_CHAR * len;
}

const NUMBER_COST = 8;

/** Segment one run of letters; returns [start, end) pairs relative to the run, and the cost. */
function segmentLetters(run: string, model: WordModel): { cuts: [number, number][]; cost: number } {
  const n = run.length;
  if (n <= 3 || n > MAX_RUN) return { cuts: [[0, n]], cost: model.cost(run.toLowerCase()) ?? unknownCost(n) };
  const lower = run.toLowerCase();
  const mixed = UPPER.test(run) && LOWER.test(run);
  // strong[k]: lower->Upper change before k; hint[k]: any case change at k (a split there is free).
  const strong = new Uint8Array(n + 1);
  const hint = new Uint8Array(n + 1);
  if (mixed) {
    for (let k = 1; k < n; k++) {
      const pu = UPPER.test(run[k - 1]!);
      const cu = UPPER.test(run[k]!);
      if (!pu && cu) strong[k] = hint[k] = 1;
      // End of an upper-case run followed by lower case: `AMINaja` may split at `AMI|Naja` or `AMIN|aja`.
      if (pu && !cu && k >= 2 && UPPER.test(run[k - 2]!)) hint[k] = hint[k - 1] = 1;
    }
  }
  // strongBefore[i]: number of strong boundaries at positions < i, to count crossings in O(1).
  const strongBefore = new Int32Array(n + 2);
  for (let k = 0; k <= n; k++) strongBefore[k + 1] = strongBefore[k]! + strong[k]!;
  const best = new Float64Array(n + 1).fill(Infinity);
  const back = new Int32Array(n + 1);
  best[0] = 0;
  for (let i = 1; i <= n; i++) {
    for (let j = 0; j < i; j++) {
      if (best[j] === Infinity) continue;
      const len = i - j;
      const w = lower.slice(j, i);
      let c = len <= MAX_KNOWN_LEN ? model.cost(w) : undefined;
      if (c === undefined) c = unknownCost(len);
      else if (len === 1) c += 6; // single letters are rarely meant as words
      c += (strongBefore[i]! - strongBefore[j + 1]!) * CROSS_STRONG; // boundaries strictly inside (j, i)
      if (mixed && j > 0 && !hint[j]) c += SPLIT_WITHOUT_CASE_HINT;
      const total = best[j]! + c;
      if (total < best[i]!) {
        best[i] = total;
        back[i] = j;
      }
    }
  }
  const out: [number, number][] = [];
  for (let i = n; i > 0; i = back[i]!) out.push([back[i]!, i]);
  return { cuts: out.reverse(), cost: best[n]! };
}

// Leet digits inside a word (`M3nang`, `L3bihBaik`): 3, 4 and 0 between letters may stand for
// e, a and o. 1 and 2 are left alone: `salam1jari`, `Coblos2` mean the numbers.
const LEET_IN_TAG = /(?<=\p{L})[340](?=\p{L})/gu;
const LEET_LETTER: Record<string, string> = { '3': 'e', '4': 'a', '0': 'o' };

function segmentBody(body: string, model: WordModel): { parts: HashtagPart[]; cost: number } {
  const parts: HashtagPart[] = [];
  let cost = 0;
  CHUNK.lastIndex = 0;
  for (let m = CHUNK.exec(body); m; m = CHUNK.exec(body)) {
    const run = m[0];
    if (/^\p{N}/u.test(run)) {
      parts.push({ text: run, start: m.index, end: m.index + run.length });
      cost += NUMBER_COST;
      continue;
    }
    const seg = segmentLetters(run, model);
    cost += seg.cost;
    for (const [s, e] of seg.cuts) parts.push({ text: run.slice(s, e), start: m.index + s, end: m.index + e });
  }
  return { parts, cost };
}

/**
 * Split a hashtag body (without `#`) into parts with offsets. Case is kept in `text`. When the
 * body has leet digits between letters, the reading with them as letters is tried too and the
 * cheaper one wins (`GanjarMahfudM3nang` -> `ganjar mahfud menang`; `salam3jari` keeps the 3).
 */
export function segmentHashtag(body: string, model: WordModel): HashtagPart[] {
  const plain = segmentBody(body, model);
  LEET_IN_TAG.lastIndex = 0;
  if (!LEET_IN_TAG.test(body)) return plain.parts;
  const leet = segmentBody(
    body.replace(LEET_IN_TAG, (d) => LEET_LETTER[d]!),
    model,
  );
  return leet.cost < plain.cost ? leet.parts : plain.parts;
}
