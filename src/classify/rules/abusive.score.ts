import { quoted } from './partisan.score.ts';
import { negated, noisyOr, round, span, type LabelResult, type MatchOf, type RuleContext } from './rule-context.ts';

/**
 * `abusive` (labels.md): profanity, insults or vulgar words, with or without a target.
 * Each distinct word of `abusive.tsv` adds its weight (noisy-OR); an emoji glossed as an animal
 * (🐷 "babi") does not count; a word in quotation marks (a report quoting an insult) counts x0.4,
 * a negated one x0.6; "dasar ..." or a second-person pronoun next to it adds 0.1.
 */
const ADDRESS = new Set(['dasar', 'kamu', 'lu', 'lo', 'elu', 'loe', 'kau', 'engkau', 'kalian', 'situ']);

export function scoreAbusive(ctx: RuleContext): LabelResult {
  const toks = ctx.a.tokens;
  const best = new Map<string, { w: number; m: MatchOf<'abusive'> }>();
  for (const m of ctx.of('abusive')) {
    let allEmoji = true;
    for (let i = m.first; i <= m.last; i++) if (toks[i]!.kind !== 'emoji') allEmoji = false;
    if (allEmoji) continue;
    let w = m.payload.weight;
    if (quoted(ctx, m)) w *= 0.4;
    if (negated(ctx, m)) w *= 0.6;
    const near = [toks[m.first - 1], toks[m.first - 2], toks[m.last + 1], toks[m.last + 2]];
    if (near.some((t) => t && ADDRESS.has(t.norm))) w = Math.min(1, w + 0.1);
    const prev = best.get(m.payload.word);
    if (!prev || w > prev.w) best.set(m.payload.word, { w, m });
  }
  if (best.size === 0) return { score: 0, evidence: [], targets: [] };
  const pieces = [...best.values()];
  return {
    score: round(Math.min(0.97, noisyOr(pieces.map((p) => p.w)))),
    evidence: pieces.map((p) => span(ctx, 'abusive', p.m, `abusive:${p.m.payload.word}`, p.w)),
    targets: [],
  };
}
