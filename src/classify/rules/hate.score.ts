import { gap, negated, noisyOr, round, span, type IdentityTarget, type LabelResult, type RuleContext } from './rule-context.ts';

/**
 * `hate` (labels.md): hostility or a demeaning generalisation toward a person or group because of
 * who they are, or incitement against them. An identity target is required; criticism of a
 * person's conduct, and contempt for a political camp without a slur name, is not hate (GUIDE
 * §3, §9.4: abusive at most). Weights: {@link HATE_WEIGHTS}.
 *
 * - a slur (kadrun, cebong, aseng, banci, ...): its weight alone; with a hostile word within
 *   {@link WINDOW} tokens: max(weight, `slurBase` + `slurHostile` x hostile);
 * - an identity group term (cina, kristen, perempuan, ...; not the neutral camp words pendukung,
 *   kubu, relawan ...) with a hostile or demeaning word within the window: `groupBase` +
 *   `groupHostile` x hostile (+`incite` for incitement: usir, bunuh, basmi);
 * - negated ("bukan kadrun"), or in a post that condemns or quotes the slur ("jangan panggil
 *   orang kadrun"): x`condemned`.
 *
 * The result also lists every identity target of the post (`identity`): the gate of the fused
 * classifier reads them (src/classify/hate-gate.ts).
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

/** Group kinds of hate-targets.yaml whose neutral terms are not identity targets by themselves. */
const NOT_IDENTITY = new Set(['camp']);

export function scoreHate(ctx: RuleContext): LabelResult {
  const hostile = ctx.of('hostile');
  const pieces: { w: number; spans: ReturnType<typeof span>[] }[] = [];
  const identity: IdentityTarget[] = [];
  const condemned = ctx.has('hateCondemn');
  const nearHostile = (m: { first: number; last: number }) => {
    let best: (typeof hostile)[number] | undefined;
    for (const h of hostile) {
      if (h.first <= m.last && h.last >= m.first) continue; // the same words
      if (gap(ctx, h, m) <= WINDOW && (!best || h.payload.weight > best.payload.weight)) best = h;
    }
    return best;
  };
  const slurs = ctx.of('slur');
  for (const s of slurs) {
    // A slur inside a longer one ("abud" in "wan abud") is the longer one's.
    if (slurs.some((o) => o !== s && o.start <= s.start && o.end >= s.end && o.end - o.start > s.end - s.start)) continue;
    identity.push({ group: s.payload.group, text: ctx.a.original.slice(s.start, s.end), start: s.start, end: s.end, slur: true });
    const h = nearHostile(s);
    let w = h ? Math.max(s.payload.weight, W.slurBase + W.slurHostile * h.payload.weight) : s.payload.weight;
    if (negated(ctx, s) || condemned) w *= W.condemned;
    const spans = [span(ctx, 'hate', s, `slur:${s.payload.text}`, w)];
    if (h) spans.push(span(ctx, 'hate', h, `hostile:${h.payload.text}`, w));
    pieces.push({ w, spans });
  }
  for (const g of ctx.of('group')) {
    if (NOT_IDENTITY.has(g.payload.group)) continue;
    // A group term inside a slur ("kaum onta") is the slur's.
    if (identity.some((t) => t.start <= g.start && t.end >= g.end)) continue;
    identity.push({ group: g.payload.group, text: ctx.a.original.slice(g.start, g.end), start: g.start, end: g.end, slur: false });
    const h = nearHostile(g);
    if (!h) continue;
    let w = W.groupBase + W.groupHostile * h.payload.weight + (h.payload.incite ? W.incite : 0);
    if (negated(ctx, h) || condemned) w *= W.condemned;
    pieces.push({ w, spans: [span(ctx, 'hate', g, `group:${g.payload.group}`, w), span(ctx, 'hate', h, `hostile:${h.payload.text}`, w)] });
  }
  identity.sort((x, y) => x.start - y.start);
  if (pieces.length === 0) return { score: 0, evidence: [], targets: [], identity };
  return {
    score: round(Math.min(W.maxScore, noisyOr(pieces.map((p) => p.w)))),
    evidence: pieces.flatMap((p) => p.spans),
    targets: [],
    identity,
  };
}
