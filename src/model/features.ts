import type { AnalysedText, Token } from '../nlp/types.ts';

/**
 * Hashed features over the output of the shared text pipeline (`src/nlp`), the same for training
 * and inference. Every feature is a string (never built when it can be hashed in place) hashed
 * with 32-bit FNV-1a, then taken modulo `2^bits` buckets:
 * - `w:` word unigrams (token norms; `<url>`, `<user>`, numbers and emoji glosses included),
 *   `n:` the same for tokens in a negation scope,
 * - `s:` stems that differ from the norm, `r:` the surface form when slang/leet normalisation
 *   changed it,
 * - `b:` word bigrams over consecutive non-punctuation tokens (with `^`/`$` sentence edges),
 * - `h:` whole hashtags,
 * - `c:` character n-grams (`charMin`..`charMax`) of each word with `<` `>` boundary marks
 *   (fastText subwords: misspellings and affixes share buckets).
 * Values: log(1 + count), the whole vector L2-normalised. Each feature remembers the token it
 * came from, so a model's contribution can be shown as an evidence span.
 */
export interface FeatureSpec {
  /** log2 of the number of hash buckets. */
  bits: number;
  /** Word n-grams up to this length (1 or 2). */
  wordNgrams: number;
  /** Character n-gram lengths of each word; 0 disables. */
  charMin: number;
  charMax: number;
  /**
   * Words (token norms) read as the placeholder `<tokoh>`: a model that should judge what is said,
   * not who is named (the hate model, trained on 2017-2019 political tweets), masks the names of
   * political figures and parties.
   */
  mask?: string[];
  /**
   * Also read the rule layer's stance features of this label (`LabelResult.features`: short names
   * such as `n:support`, `v:outlet`, `m:item-giving-vote`), hashed with prefix `x:` into the same
   * buckets and valued `weight` each, as a block of their own beside the L2-normalised bag (see
   * {@link ruleFeatureVector}). Not part of the shared pass: models that differ only here share
   * one pass over the tokens.
   */
  ruleFeatures?: { label: string; weight: number };
}

export const MASK_TOKEN = '<tokoh>';
const maskSets = new WeakMap<string[], ReadonlySet<string>>();
function maskSet(mask: string[] | undefined): ReadonlySet<string> | undefined {
  if (!mask || mask.length === 0) return undefined;
  let s = maskSets.get(mask);
  if (!s) maskSets.set(mask, (s = new Set(mask)));
  return s;
}

export const DEFAULT_FEATURE_SPEC: FeatureSpec = Object.freeze({ bits: 18, wordNgrams: 2, charMin: 3, charMax: 5 });

export interface Features {
  /** Unique bucket ids, ascending. */
  ids: Int32Array;
  /** Values, same order; L2 norm 1 (unless empty). */
  vals: Float32Array;
}

/**
 * Every feature occurrence of a text: the full 32-bit hash and the index of the token it came
 * from (for evidence), in two parallel typed arrays of `length` used entries.
 */
export interface FeatureOccurrences {
  hashes: Uint32Array;
  tokens: Int32Array;
  length: number;
}

const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units of `s[from, to)`, continuing from `h`. */
export function fnv1a(s: string, h = FNV_OFFSET, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, FNV_PRIME);
  }
  return h >>> 0;
}

const PREFIX = {
  w: fnv1a('w:'),
  n: fnv1a('n:'),
  s: fnv1a('s:'),
  r: fnv1a('r:'),
  b: fnv1a('b:'),
  h: fnv1a('h:'),
  c: fnv1a('c:'),
  x: fnv1a('x:'),
};
const SEP = fnv1a(' ', 0) >>> 0; // separator mixed between the two words of a bigram

function hashPair(prefix: number, a: string, b: string): number {
  let h = fnv1a(a, prefix);
  h ^= 0x20;
  h = Math.imul(h, FNV_PRIME);
  h ^= SEP;
  return fnv1a(b, h);
}

/** Tokens a model reads: everything but punctuation. */
export function contentTokens(a: AnalysedText): Token[] {
  return a.tokens.filter((t) => t.kind !== 'punct');
}

/** Empty occurrences with room for `capacity` entries (grown as needed). */
export function newOccurrences(capacity = 256): FeatureOccurrences {
  return { hashes: new Uint32Array(capacity), tokens: new Int32Array(capacity), length: 0 };
}

function grow(out: FeatureOccurrences, used: number, need: number): void {
  let cap = out.hashes.length * 2;
  while (cap < need) cap *= 2;
  const h = new Uint32Array(cap);
  h.set(out.hashes.subarray(0, used));
  const t = new Int32Array(cap);
  t.set(out.tokens.subarray(0, used));
  out.hashes = h;
  out.tokens = t;
}

/** Whether `spec` masks any token a model reads in `a` (if not, its features equal the unmasked spec's). */
export function masksAny(a: AnalysedText, spec: Pick<FeatureSpec, 'mask'>): boolean {
  const masked = maskSet(spec.mask);
  if (masked === undefined) return false;
  for (const t of a.tokens) if (t.kind !== 'punct' && masked.has(t.norm)) return true;
  return false;
}

/**
 * Every feature occurrence of an analysed text, in token order. `skip(token)` leaves tokens out
 * (training can hide the cue a weak label was read from). `reuse`: occurrences to overwrite
 * (inference reuses one buffer instead of allocating per text); the result is `reuse` itself.
 */
export function featureOccurrences(
  a: AnalysedText,
  spec: Omit<FeatureSpec, 'bits'>,
  skip?: (t: Token) => boolean,
  reuse?: FeatureOccurrences,
): FeatureOccurrences {
  const out = reuse ?? newOccurrences();
  let hashes = out.hashes;
  let tokens = out.tokens;
  let n = 0;
  const masked = maskSet(spec.mask);
  const { wordNgrams, charMin, charMax } = spec;
  const gramsPerStart = charMin > 0 ? Math.max(0, charMax - charMin + 1) : 0;
  const all = a.tokens;
  let prev = '^';
  let prevTag: string | undefined;
  let last = -1;
  for (let i = 0; i < all.length; i++) {
    const t = all[i]!;
    if (t.kind === 'punct' || (skip !== undefined && skip(t))) continue;
    last = i;
    const isMasked = masked !== undefined && masked.has(t.norm);
    const norm = isMasked ? MASK_TOKEN : t.norm;
    // At most w, n, s, r, b, h, the closing bigram and the character n-grams of this token.
    const need = n + 7 + (norm.length + 2) * gramsPerStart;
    if (need > hashes.length) {
      grow(out, n, need);
      hashes = out.hashes;
      tokens = out.tokens;
    }
    hashes[n] = fnv1a(norm, PREFIX.w);
    tokens[n++] = i;
    if (t.negated) {
      hashes[n] = fnv1a(norm, PREFIX.n);
      tokens[n++] = i;
    }
    if (!isMasked && t.stem !== norm) {
      hashes[n] = fnv1a(t.stem, PREFIX.s);
      tokens[n++] = i;
    }
    if (t.kind === 'word' && !isMasked) {
      const surface = a.original.slice(t.start, t.end).toLowerCase();
      if (surface !== norm && surface.length <= 40) {
        hashes[n] = fnv1a(surface, PREFIX.r);
        tokens[n++] = i;
      }
    }
    if (wordNgrams >= 2) {
      hashes[n] = hashPair(PREFIX.b, prev, norm);
      tokens[n++] = i;
    }
    prev = norm;
    if (t.hashtag !== undefined && t.hashtag !== prevTag) {
      hashes[n] = fnv1a(t.hashtag, PREFIX.h);
      tokens[n++] = i;
    }
    prevTag = t.hashtag;
    if (charMin > 0 && !isMasked && (t.kind === 'word' || t.kind === 'hashtag_part') && norm.length >= 2) {
      // Character n-grams of `<norm>`, hashed incrementally: FNV-1a of a longer n-gram
      // continues from the hash of its prefix (same values as hashing each substring).
      const W = norm.length + 2;
      for (let s = 0; s + charMin <= W; s++) {
        let h = PREFIX.c;
        const end = Math.min(W, s + charMax);
        for (let e = s; e < end; e++) {
          const ch = e === 0 ? 60 : e === W - 1 ? 62 : norm.charCodeAt(e - 1); // '<' and '>'
          h = Math.imul(h ^ ch, FNV_PRIME);
          const len = e - s + 1;
          if (len >= charMin && len < W) {
            // the whole `<word>` is already `w:`
            hashes[n] = h >>> 0;
            tokens[n++] = i;
          }
        }
      }
    }
  }
  if (wordNgrams >= 2 && last >= 0) {
    hashes[n] = hashPair(PREFIX.b, prev, '$');
    tokens[n++] = last;
  }
  out.length = n;
  return out;
}

/** The bucket of a hash in a table of `2^bits` rows. */
export function bucket(hash: number, bits: number): number {
  return hash & ((1 << bits) - 1);
}

let scratch = new Int32Array(1024);

/** Space {@link aggregate} can write into instead of allocating (grown as needed). */
export interface FeatureBuffers {
  ids: Int32Array;
  vals: Float32Array;
}

/**
 * Aggregate occurrences into sorted unique bucket ids with log(1 + count) values, L2-normalised.
 * With `into`, the result is views into its arrays, valid until the next call with the same `into`.
 */
export function aggregate(occ: FeatureOccurrences, bits: number, into?: FeatureBuffers): Features {
  const mask = (1 << bits) - 1;
  const n = occ.length;
  if (scratch.length < n) scratch = new Int32Array(n * 2);
  const all = scratch.subarray(0, n);
  for (let j = 0; j < n; j++) all[j] = occ.hashes[j]! & mask;
  all.sort();
  let unique = 0;
  for (let j = 0; j < n; j++) if (j === 0 || all[j] !== all[j - 1]) unique++;
  if (into && into.ids.length < unique) {
    into.ids = new Int32Array(unique * 2);
    into.vals = new Float32Array(unique * 2);
  }
  const ids = into ? into.ids.subarray(0, unique) : new Int32Array(unique);
  const vals = into ? into.vals.subarray(0, unique) : new Float32Array(unique);
  let norm = 0;
  let u = 0;
  for (let j = 0; j < n;) {
    const id = all[j]!;
    let c = 0;
    while (j < n && all[j] === id) {
      c++;
      j++;
    }
    const v = Math.log1p(c);
    ids[u] = id;
    vals[u] = v;
    norm += v * v;
    u++;
  }
  if (norm > 0) {
    const inv = 1 / Math.sqrt(norm);
    for (let j = 0; j < unique; j++) vals[j] = vals[j]! * inv;
  }
  return { ids, vals };
}

/** Index of `id` in sorted `ids`, or -1. */
export function indexOf(ids: Int32Array, id: number): number {
  let lo = 0;
  let hi = ids.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = ids[mid]!;
    if (v === id) return mid;
    if (v < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** The features of an analysed text. */
export function extractFeatures(a: AnalysedText, spec: FeatureSpec, skip?: (t: Token) => boolean): Features {
  return aggregate(featureOccurrences(a, spec, skip), spec.bits);
}

/**
 * The rule-feature block of a text: each distinct name hashed (`x:` + name) into a bucket, valued
 * `weight`; ids ascending. Names that fall into one bucket add up.
 */
export function ruleFeatureVector(names: readonly string[] | undefined, bits: number, weight: number): Features {
  if (!names || names.length === 0) return { ids: new Int32Array(0), vals: new Float32Array(0) };
  const mask = (1 << bits) - 1;
  const uniq = [...new Set(names)];
  const ids = Int32Array.from(uniq.map((n) => fnv1a(n, PREFIX.x) & mask)).sort();
  const outIds: number[] = [];
  const outVals: number[] = [];
  for (const id of ids) {
    if (outIds.length > 0 && outIds[outIds.length - 1] === id) outVals[outVals.length - 1]! += weight;
    else {
      outIds.push(id);
      outVals.push(weight);
    }
  }
  return { ids: Int32Array.from(outIds), vals: Float32Array.from(outVals) };
}

/**
 * The bag and the rule-feature block as one vector for training and for {@link HashedModel}
 * (concatenated, not merged: a bucket in both adds up, as at inference where the block is added
 * to the bag's sum).
 */
export function withRuleFeatures(bag: Features, block: Features): Features {
  if (block.ids.length === 0) return bag;
  const ids = new Int32Array(bag.ids.length + block.ids.length);
  const vals = new Float32Array(ids.length);
  ids.set(bag.ids);
  ids.set(block.ids, bag.ids.length);
  vals.set(bag.vals);
  vals.set(block.vals, bag.vals.length);
  return { ids, vals };
}
