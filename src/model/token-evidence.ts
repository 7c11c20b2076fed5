import type { AnalysedText } from '../nlp/types.ts';
import { indexOf, type FeatureOccurrences, type Features } from './features.ts';
import type { HashedModel } from './hashed-model.ts';

/** A span of the original text that pushed a model's score up, with its share of the push. */
export interface TokenEvidence {
  start: number;
  end: number;
  /** Share of the positive contributions, in (0, 1]. */
  share: number;
}

/**
 * Which words made the model score `label` high: each feature's contribution to the logit
 * (HashedModel.contributions) is split evenly over its occurrences and summed per token; tokens
 * with the same original span (a slang word expanded to two words, an emoji gloss) are merged.
 * Returns the `top` spans with the largest positive contributions, in text order.
 */
export function tokenEvidence(a: AnalysedText, occ: FeatureOccurrences, f: Features, model: HashedModel, label: number, top = 3): TokenEvidence[] {
  const contrib = model.contributions(f, label);
  const mask = (1 << model.config.features.bits) - 1;
  // Each occurrence's bucket index in f.ids (sorted), and how many occurrences share a bucket.
  const at = new Int32Array(occ.length);
  const count = new Int32Array(f.ids.length);
  for (let k = 0; k < occ.length; k++) {
    const j = indexOf(f.ids, occ.hashes[k]! & mask);
    at[k] = j;
    if (j >= 0) count[j]!++;
  }
  const bySpan = new Map<number, TokenEvidence & { v: number }>();
  for (let k = 0; k < occ.length; k++) {
    const j = at[k]!;
    if (j < 0) continue;
    const t = a.tokens[occ.tokens[k]!];
    if (!t) continue;
    const key = t.start * 0x10000 + (t.end - t.start);
    let e = bySpan.get(key);
    if (!e) bySpan.set(key, (e = { start: t.start, end: t.end, share: 0, v: 0 }));
    e.v += contrib[j]! / count[j]!;
  }
  const pos = [...bySpan.values()].filter((e) => e.v > 0);
  const total = pos.reduce((s, e) => s + e.v, 0);
  if (total <= 0) return [];
  return pos
    .sort((x, y) => y.v - x.v || x.start - y.start)
    .slice(0, top)
    .map((e) => ({ start: e.start, end: e.end, share: e.v / total }))
    .sort((x, y) => x.start - y.start);
}
