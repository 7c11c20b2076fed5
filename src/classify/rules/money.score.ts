import type { Mention } from './partisan-targets.ts';
import { newsVoice } from './partisan.score.ts';
import { gap, negated, noisyOr, round, span, type LabelResult, type RuleContext } from './rule-context.ts';

/**
 * `money_politics` (labels.md): offering, promising, distributing, soliciting or accepting money,
 * goods or services for votes; "serangan fajar"; announcing a handout from a candidate or party.
 *
 * - an offer phrase of the lexicon ("serangan fajar", "pilih 02 dapat", "wani piro"): its weight;
 *   negated ("tolak serangan fajar") it counts for nothing; phrases marked `context` (also used
 *   for charity: "bagi-bagi sembako") count x0.3 in a post without vote context;
 * - an item (amplop, sembako, "100 ribu") within {@link WINDOW} tokens of a giving/receiving verb,
 *   in a post with vote context (a candidate, party or number, or a word like "pilih", "suara"): 0.6;
 *   without vote context 0.2; an item next to a candidate without a verb: 0.25.
 * Then the whole post is damped when it condemns or polices money politics (x0.2: "Tolak politik
 * uang!", "laporkan ke Bawaslu") or reports/alleges it (x0.5: "diduga", "menurut", or a news
 * outlet's voice).
 */
export const WINDOW = 5;

export function scoreMoney(ctx: RuleContext, mentions: readonly Mention[]): LabelResult {
  const pieces: { w: number; spans: ReturnType<typeof span>[] }[] = [];
  const voteContext = mentions.length > 0 || ctx.has('moneyVote');
  for (const m of ctx.of('moneyOffer')) {
    if (negated(ctx, m)) continue;
    const w = m.payload.context && !voteContext ? m.payload.weight * 0.3 : m.payload.weight;
    pieces.push({ w, spans: [span(ctx, 'money_politics', m, `money:${m.payload.id}`, w)] });
  }
  const dists = ctx.of('moneyDist');
  for (const item of ctx.of('moneyItem')) {
    if (negated(ctx, item)) continue;
    const d = dists.find((x) => !negated(ctx, x) && gap(ctx, x, item) <= WINDOW && (x.first !== item.first || x.last !== item.last));
    const near = mentions.find((x) => gap(ctx, x, item) <= WINDOW);
    const w = d ? (voteContext ? 0.6 : 0.2) : near ? 0.25 : 0;
    if (w === 0) continue;
    const spans = [span(ctx, 'money_politics', item, 'money:item', w)];
    if (d) spans.push(span(ctx, 'money_politics', d, 'money:giving', w));
    if (near) spans.push(span(ctx, 'money_politics', near, 'money:target', w, { target: near.target }));
    pieces.push({ w, spans });
  }
  if (pieces.length === 0) return { score: 0, evidence: [], targets: [] };
  const damp = ctx.has('moneyCondemn') ? 0.2 : ctx.has('moneyReport') || newsVoice(ctx) ? 0.5 : 1;
  const score = Math.min(0.97, noisyOr(pieces.map((p) => p.w)) * damp);
  const targets = [...new Map(mentions.map((m) => [m.target.id, m.target])).values()];
  return { score: round(score), evidence: pieces.flatMap((p) => p.spans), targets };
}
