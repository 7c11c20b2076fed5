import { gap, negated, noisyOr, round, span, type LabelResult, type RuleContext } from './rule-context.ts';

/**
 * `hate` (labels.md): hostility or a demeaning generalisation toward a group because of who they
 * are, or incitement against them. A target group is required; criticism of a person's conduct
 * is not hate. Weights: {@link HATE_WEIGHTS}.
 *
 * - a slur (kadrun, cebong, aseng, ...): its weight alone; with a hostile word within
 *   {@link WINDOW} tokens: max(weight, `slurBase` + `slurHostile` x hostile);
 * - a neutral group term (cina, kristen, perempuan, pendukung, ...) with a hostile or demeaning
 *   word within the window: `groupBase` + `groupHostile` x hostile (+`incite` for incitement:
 *   usir, bunuh, basmi);
 * - negated ("bukan kadrun"), or in a post that condemns or quotes the slur ("jangan panggil
 *   orang kadrun"): x`condemned`.
 */
export const WINDOW = 4;

/** The weights of hate evidence. */
export const HATE_WEIGHTS = {
  slurBase: 0.4,
  slurHostile: 0.55,
  groupBase: 0.35,
  groupHostile: 0.6,
  incite: 0.1,
  condemned: 0.3,
  maxScore: 0.97,
} as const;

const W = HATE_WEIGHTS;

export function scoreHate(ctx: RuleContext): LabelResult {
  const hostile = ctx.of('hostile');
  const pieces: { w: number; spans: ReturnType<typeof span>[] }[] = [];
  const condemned = ctx.has('hateCondemn');
  const nearHostile = (m: { first: number; last: number }) => {
    let best: (typeof hostile)[number] | undefined;
    for (const h of hostile) {
      if (h.first <= m.last && h.last >= m.first) continue; // the same words
      if (gap(ctx, h, m) <= WINDOW && (!best || h.payload.weight > best.payload.weight)) best = h;
    }
    return best;
  };
  for (const s of ctx.of('slur')) {
    const h = nearHostile(s);
    let w = h ? Math.max(s.payload.weight, W.slurBase + W.slurHostile * h.payload.weight) : s.payload.weight;
    if (negated(ctx, s) || condemned) w *= W.condemned;
    const spans = [span(ctx, 'hate', s, `slur:${s.payload.text}`, w)];
    if (h) spans.push(span(ctx, 'hate', h, `hostile:${h.payload.text}`, w));
    pieces.push({ w, spans });
  }
  for (const g of ctx.of('group')) {
    const h = nearHostile(g);
    if (!h) continue;
    let w = W.groupBase + W.groupHostile * h.payload.weight + (h.payload.incite ? W.incite : 0);
    if (negated(ctx, h) || condemned) w *= W.condemned;
    pieces.push({ w, spans: [span(ctx, 'hate', g, `group:${g.payload.group}`, w), span(ctx, 'hate', h, `hostile:${h.payload.text}`, w)] });
  }
  if (pieces.length === 0) return { score: 0, evidence: [], targets: [] };
  return { score: round(Math.min(W.maxScore, noisyOr(pieces.map((p) => p.w)))), evidence: pieces.flatMap((p) => p.spans), targets: [] };
}
