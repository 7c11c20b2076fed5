import type { AnalysedText } from '../nlp/types.ts';
import type { FeatureOccurrences, Features } from './features.ts';
import type { HashedModel } from './hashed-model.ts';

/** A span of the original text that pushed a model's score up, with its share of the push. */
export interface TokenEvidence {
  start: number;
  end: number;
  /** Share of the positive contributions, in (0, 1]. */
  share: number;
}

// Scratch space reused from call to call (evidence is built synchronously, one text at a time).
let contribBuf = new Float64Array(512);
let slotBuf = new Int32Array(1024);
let atBuf = new Int32Array(512);
let countBuf = new Int32Array(512);
let tokSpanBuf = new Int32Array(256);

/**
 * Which words made the model score `label` high: each feature's contribution to the logit
 * (HashedModel.contributions) is split evenly over its occurrences and summed per token; tokens
 * with the same original span (a slang word expanded to two words, an emoji gloss) are merged.
 * Returns the `top` spans with the largest positive contributions, in text order.
 */
export function tokenEvidence(
  a: AnalysedText,
  occ: FeatureOccurrences,
  f: Features,
  model: HashedModel,
  label: number,
  top = 3,
): TokenEvidence[] {
  const n = f.ids.length;
  if (contribBuf.length < n) contribBuf = new Float64Array(n * 2);
  const contrib = model.contributions(f, label, contribBuf);
  const mask = (1 << model.config.features.bits) - 1;
  // Each occurrence's bucket index in f.ids, and how many occurrences share a bucket: through a
  // small open-addressing table from bucket to index (buffers reused from call to call).
  let size = 64;
  while (size < n * 2) size *= 2;
  if (slotBuf.length < size) slotBuf = new Int32Array(size);
  const slots = slotBuf;
  slots.fill(-1, 0, size);
  for (let j = 0; j < n; j++) {
    let h = Math.imul(f.ids[j]!, 0x9e3779b1) & (size - 1);
    while (slots[h] !== -1) h = (h + 1) & (size - 1);
    slots[h] = j;
  }
  if (atBuf.length < occ.length) atBuf = new Int32Array(occ.length * 2);
  if (countBuf.length < n) countBuf = new Int32Array(n * 2);
  const at = atBuf;
  const count = countBuf;
  count.fill(0, 0, n);
  for (let k = 0; k < occ.length; k++) {
    const id = occ.hashes[k]! & mask;
    let h = Math.imul(id, 0x9e3779b1) & (size - 1);
    let j = slots[h]!;
    while (j !== -1 && f.ids[j] !== id) {
      h = (h + 1) & (size - 1);
      j = slots[h]!;
    }
    at[k] = j;
    if (j >= 0) count[j]!++;
  }
  // Per span (first seen first), the summed share of contributions. Tokens map to spans once
  // each, not once per occurrence.
  const tokens = a.tokens;
  if (tokSpanBuf.length < tokens.length) tokSpanBuf = new Int32Array(tokens.length * 2);
  const tokSpan = tokSpanBuf;
  tokSpan.fill(-1, 0, tokens.length);
  const spanIndex = new Map<number, number>();
  const spans: (TokenEvidence & { v: number })[] = [];
  for (let k = 0; k < occ.length; k++) {
    const j = at[k]!;
    if (j < 0) continue;
    const ti = occ.tokens[k]!;
    let si = ti >= 0 && ti < tokens.length ? tokSpan[ti]! : -1;
    if (si < 0) {
      const t = tokens[ti];
      if (!t) continue;
      const key = t.start * 0x10000 + (t.end - t.start);
      si = spanIndex.get(key) ?? -1;
      if (si < 0) {
        si = spans.length;
        spans.push({ start: t.start, end: t.end, share: 0, v: 0 });
        spanIndex.set(key, si);
      }
      tokSpan[ti] = si;
    }
    spans[si]!.v += contrib[j]! / count[j]!;
  }
  const pos = spans.filter((e) => e.v > 0);
  const total = pos.reduce((s, e) => s + e.v, 0);
  if (total <= 0) return [];
  return pos
    .sort((x, y) => y.v - x.v || x.start - y.start)
    .slice(0, top)
    .map((e) => ({ start: e.start, end: e.end, share: e.v / total }))
    .sort((x, y) => x.start - y.start);
}
