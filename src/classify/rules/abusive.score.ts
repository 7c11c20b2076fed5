import { quoted } from './partisan.score.ts';
import { negated, noisyOr, round, span, type LabelResult, type MatchOf, type RuleContext } from './rule-context.ts';

/**
 * `abusive` (labels.md): profanity, insults or vulgar words, with or without a target.
 * Each distinct word of `abusive.tsv` adds its weight (noisy-OR); an emoji glossed as an animal
 * (🐷 "babi") does not count; a word in quotation marks (a report quoting an insult) or negated
 * counts less, and "dasar ..." or a second-person pronoun next to it adds ({@link ABUSIVE_WEIGHTS}).
 */
export const ABUSIVE_WEIGHTS = {
  /** A word between quotation marks counts its weight times this. */
  quoted: 0.4,
  /** A negated word counts its weight times this. */
  negated: 0.6,
  /** Added when "dasar" or a second-person pronoun stands next to the word. */
  addressed: 0.1,
  maxScore: 0.97,
} as const;

const W = ABUSIVE_WEIGHTS;

const ADDRESS = new Set(['dasar', 'kamu', 'lu', 'lo', 'elu', 'loe', 'kau', 'engkau', 'kalian', 'situ']);

export function scoreAbusive(ctx: RuleContext): LabelResult {
  const toks = ctx.a.tokens;
  const best = new Map<string, { w: number; m: MatchOf<'abusive'> }>();
  for (const m of ctx.of('abusive')) {
    let allEmoji = true;
    for (let i = m.first; i <= m.last; i++) if (toks[i]!.kind !== 'emoji') allEmoji = false;
    if (allEmoji) continue;
    let w = m.payload.weight;
    if (quoted(ctx, m)) w *= W.quoted;
    if (negated(ctx, m)) w *= W.negated;
    const near = [toks[m.first - 1], toks[m.first - 2], toks[m.last + 1], toks[m.last + 2]];
    if (near.some((t) => t && ADDRESS.has(t.norm))) w = Math.min(1, w + W.addressed);
    const prev = best.get(m.payload.word);
    if (!prev || w > prev.w) best.set(m.payload.word, { w, m });
  }
  if (best.size === 0) return { score: 0, evidence: [], targets: [] };
  const pieces = [...best.values()];
  return {
    score: round(Math.min(W.maxScore, noisyOr(pieces.map((p) => p.w)))),
    evidence: pieces.map((p) => span(ctx, 'abusive', p.m, `abusive:${p.m.payload.word}`, p.w)),
    targets: [],
  };
}
