import type { Mention } from './partisan-targets.ts';
import { newsVoice } from './partisan.score.ts';
import { gap, negated, noisyOr, round, span, type LabelResult, type RuleContext } from './rule-context.ts';

/**
 * `money_politics` (labels.md): offering, promising, distributing, soliciting or accepting money,
 * goods or services for votes; "serangan fajar"; announcing a handout from a candidate or party.
 * Weights and damping: {@link MONEY_WEIGHTS}.
 *
 * - an offer phrase of the lexicon ("serangan fajar", "pilih 02 dapat", "wani piro", "bayar
 *   paling", "balas budi"): its weight; negated ("tolak serangan fajar") it counts for nothing;
 *   phrases marked `context` (also used for charity or pay: "bagi-bagi sembako", "uang makan")
 *   are damped in a post without vote context;
 * - an item (amplop, sembako, "100 ribu", bingkisan; not an amount that counts people or things,
 *   "20 ribu orang") within {@link WINDOW} tokens of a
 *   giving/receiving verb ("dikasih", "ambil", "kebagian", "dari timses"), in a post with vote
 *   context (a candidate, party or number, or a word like "pilih", "suara", "caleg"), or without;
 *   an item next to a candidate without a verb;
 *   Attending counts as giving when a vote-context word follows it within {@link ACT_WINDOW}
 *   tokens ("ikut kampanye ... dapat uang makan", "melu rapat umum, sangu 100 ewu");
 * - an item within {@link CONDITION_WINDOW} tokens of a condition ("syaratnya", "asal", "buat
 *   yang") that is followed within {@link ACT_WINDOW} tokens by a vote act ("coblos", "pilih")
 *   ("uang saku 50rb, syaratnya coblos nomor 2", "pulsa gratis buat yang bisa buktiin nyoblos").
 * Then the whole post is damped when it condemns or polices money politics ("Tolak politik
 * uang!", "laporkan ke Bawaslu"), when it speaks of lawful pay (KPPS honorarium, "uang makan
 * dari KPU") or reports/alleges it ("diduga", "menurut", "praktik", or a news outlet's voice).
 *
 * "Not yet" and "don't forget" do not negate a handout: "yang belum kebagian amplop" and "jangan
 * lupa ambil" announce one ({@link moneyNegated}).
 */
export const WINDOW = 5;
export const CONDITION_WINDOW = 10;
export const ACT_WINDOW = 5;

/** The weight of each kind of money-politics evidence, and how context damps the post's score. */
export const MONEY_WEIGHTS = {
  /** An offer phrase marked `context` counts its weight times this in a post without vote context. */
  contextPhraseWithoutVote: 0.3,
  /** An item near a giving verb, in a post with vote context. */
  givenWithVote: 0.6,
  /** ... in a post without vote context. */
  givenWithoutVote: 0.2,
  /** An item near a condition followed by a vote act. */
  conditional: 0.6,
  /** An item next to a candidate, without a giving verb. */
  nextToTarget: 0.25,
  /** The post condemns or polices money politics. */
  condemned: 0.2,
  /** The post speaks of lawful pay. */
  lawful: 0.3,
  /** The post reports or alleges it. */
  reported: 0.5,
  maxScore: 0.97,
} as const;

const W = MONEY_WEIGHTS;

/** Negators that do not cancel a handout: "belum kebagian" (not yet), "jangan lupa" (don't forget). */
const NOT_YET = new Set(['belum']);
const FORGET = new Set(['lupa', 'lali']);

/** Is the match negated, other than by "belum" or "jangan lupa"? */
export function moneyNegated(ctx: RuleContext, m: { first: number }): boolean {
  if (!negated(ctx, m)) return false;
  const toks = ctx.a.tokens;
  for (let i = m.first - 1; i >= 0 && i >= m.first - 8; i--) {
    const t = toks[i]!;
    if (t.negated || t.kind === 'punct') continue;
    if (NOT_YET.has(t.norm)) return false;
    const next = toks.slice(i + 1).find((x) => x.kind !== 'punct');
    return !(next && FORGET.has(next.norm));
  }
  return true;
}

const AMOUNT = new Set(['<num>', 'ribu', 'juta', 'sejuta', 'ewu']);

/** "20 ribu orang", "10 juta rumah", "Rp 5 miliar": an amount directly followed (no punctuation) by a counted noun. */
function countsThings(ctx: RuleContext, item: { last: number }, counted: ReadonlySet<number>): boolean {
  const toks = ctx.a.tokens;
  const t = toks[item.last]!;
  return (t.kind === 'number' || AMOUNT.has(t.norm)) && counted.has(item.last + 1);
}

/**
 * A bare "bagi" after the item is the preposition "for" ("sembako ... jadi sedekah bagi warga"),
 * not the verb "share" ("bagi sembako", "bagi-bagi amplop", "sembako dibagikan").
 */
function prepositionBagi(ctx: RuleContext, d: { first: number; last: number }, item: { last: number }): boolean {
  if (d.first !== d.last || d.first < item.last) return false;
  const toks = ctx.a.tokens;
  const t = toks[d.first]!;
  return t.norm === 'bagi' && toks[d.first - 1]?.norm !== 'bagi' && toks[d.first + 1]?.norm !== 'bagi';
}

/**
 * A news outlet's voice ({@link newsVoice}), except that a reporting word which is itself the
 * handout's evidence ("hadir" in "yang hadir dapat 50rb", "rapat" in "rapat umum") does not count.
 */
function reportVoice(ctx: RuleContext): boolean {
  if (!ctx.has('news')) return newsVoice(ctx);
  const own = [...ctx.of('moneyDist'), ...ctx.of('moneyVote')];
  return ctx.of('news').some((n) => !own.some((m) => m.first <= n.last && n.first <= m.last));
}

export function scoreMoney(ctx: RuleContext, mentions: readonly Mention[]): LabelResult {
  const pieces: { w: number; spans: ReturnType<typeof span>[] }[] = [];
  const votes = ctx.of('moneyVote');
  const voteContext = mentions.length > 0 || votes.length > 0;
  for (const m of ctx.of('moneyOffer')) {
    if (moneyNegated(ctx, m)) continue;
    const w = m.payload.context && !voteContext ? m.payload.weight * W.contextPhraseWithoutVote : m.payload.weight;
    pieces.push({ w, spans: [span(ctx, 'money_politics', m, `money:${m.payload.id}`, w)] });
  }
  const attends = ctx.of('moneyAttend').filter((x) => votes.some((v) => v.first > x.last && gap(ctx, x, v) <= ACT_WINDOW));
  const dists = [...ctx.of('moneyDist'), ...attends];
  const conditions = ctx.of('moneyCondition');
  const acts = ctx.of('moneyVoteAct');
  const counted = new Set(ctx.of('moneyCounted').map((c) => c.first));
  const items = ctx.of('moneyItem');
  for (const item of items) {
    // "Rp" and "ribu" inside "Rp 50.000" and "50 ribu" are one item, judged whole.
    if (items.some((o) => o !== item && o.first <= item.first && o.last >= item.last && o.last - o.first > item.last - item.first))
      continue;
    if (moneyNegated(ctx, item) || countsThings(ctx, item, counted)) continue;
    const d = dists.find(
      (x) =>
        !moneyNegated(ctx, x) &&
        gap(ctx, x, item) <= WINDOW &&
        (x.first !== item.first || x.last !== item.last) &&
        !prepositionBagi(ctx, x, item),
    );
    const near = mentions.find((x) => gap(ctx, x, item) <= WINDOW);
    let cond: (typeof conditions)[number] | undefined;
    let vote: (typeof acts)[number] | undefined;
    for (const c of conditions) {
      if (gap(ctx, c, item) > CONDITION_WINDOW) continue;
      vote = acts.find((v) => v.first > c.last && gap(ctx, c, v) <= ACT_WINDOW && !moneyNegated(ctx, v));
      if (vote) {
        cond = c;
        break;
      }
    }
    const w = d ? (voteContext ? W.givenWithVote : W.givenWithoutVote) : cond && vote ? W.conditional : near ? W.nextToTarget : 0;
    if (w === 0) continue;
    const spans = [span(ctx, 'money_politics', item, 'money:item', w)];
    if (d) spans.push(span(ctx, 'money_politics', d, 'money:giving', w));
    else if (cond && vote)
      spans.push(span(ctx, 'money_politics', cond, 'money:condition', w), span(ctx, 'money_politics', vote, 'money:vote', w));
    if (near) spans.push(span(ctx, 'money_politics', near, 'money:target', w, { target: near.target }));
    pieces.push({ w, spans });
  }
  const features = moneyFeatures(ctx, mentions.length > 0, voteContext, pieces);
  if (pieces.length === 0) return { score: 0, evidence: [], targets: [], features };
  const damp = ctx.has('moneyCondemn')
    ? W.condemned
    : ctx.has('moneyLawful')
      ? W.lawful
      : ctx.has('moneyReport') || reportVoice(ctx)
        ? W.reported
        : 1;
  const score = Math.min(W.maxScore, noisyOr(pieces.map((p) => p.w)) * damp);
  const targets = [...new Map(mentions.map((m) => [m.target.id, m.target])).values()];
  return { score: round(score), evidence: pieces.flatMap((p) => p.spans), targets, features };
}

/**
 * What the money rules saw, as features for the learned money_politics model (names, see
 * LabelResult.features): the pieces of a handout (an offer phrase, an item next to a giving verb,
 * an item next to a condition that leads to a vote) and their setting (vote context, a named
 * target), against condemnation, lawful pay and reporting. `m:none`: no money word at all.
 */
function moneyFeatures(
  ctx: RuleContext,
  target: boolean,
  voteContext: boolean,
  pieces: readonly { spans: readonly { rule?: string }[] }[],
): string[] {
  const f: string[] = [];
  const rules = new Set(pieces.flatMap((p) => p.spans.map((x) => x.rule ?? '')));
  const offer = [...rules].some(
    (r) => r.startsWith('money:') && !['money:item', 'money:giving', 'money:condition', 'money:vote', 'money:target'].includes(r),
  );
  if (!ctx.has('moneyItem') && !ctx.has('moneyOffer')) f.push('m:none');
  if (ctx.has('moneyItem')) f.push('m:item-word');
  if (ctx.has('moneyDist')) f.push('m:giving-word');
  if (offer) f.push('m:offer');
  if (rules.has('money:giving')) f.push(voteContext ? 'm:item-giving-vote' : 'm:item-giving');
  if (rules.has('money:condition')) f.push('m:item-condition-vote');
  if (rules.has('money:target')) f.push('m:item-near-target');
  if (voteContext) f.push('m:vote-context');
  if (target) f.push('m:target');
  if (ctx.has('moneyCondemn')) f.push('m:condemn');
  if (ctx.has('moneyLawful')) f.push('m:lawful');
  if (ctx.has('moneyReport')) f.push('m:report');
  if (reportVoice(ctx)) f.push('m:news-voice');
  if (ctx.has('moneyCondition')) f.push('m:condition-word');
  if (ctx.has('moneyCounted')) f.push('m:counted-word');
  return f;
}
