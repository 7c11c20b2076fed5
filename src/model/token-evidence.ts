import type { AnalysedText } from '../nlp/types.ts';
import type { FeatureOccurrence, Features } from './features.ts';
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
export function tokenEvidence(a: AnalysedText, occ: readonly FeatureOccurrence[], f: Features, model: HashedModel, label: number, top = 3): TokenEvidence[] {
  const contrib = model.contributions(f, label);
  const bits = model.config.features.bits;
  const mask = (1 << bits) - 1;
  const index = new Map<number, number>();
  for (let j = 0; j < f.ids.length; j++) index.set(f.ids[j]!, j);
  const count = new Map<number, number>();
  for (const o of occ) count.set(o.hash & mask, (count.get(o.hash & mask) ?? 0) + 1);
  const bySpan = new Map<string, TokenEvidence & { v: number }>();
  for (const o of occ) {
    const id = o.hash & mask;
    const j = index.get(id);
    if (j === undefined) continue;
    const t = a.tokens[o.token];
    if (!t) continue;
    const k = `${t.start}:${t.end}`;
    let e = bySpan.get(k);
    if (!e) bySpan.set(k, (e = { start: t.start, end: t.end, share: 0, v: 0 }));
    e.v += contrib[j]! / count.get(id)!;
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
