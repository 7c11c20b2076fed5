import type { EvidenceSpan, Target } from '../../domain/classification.ts';
import { findMentions, politicalContext, type Mention } from './partisan-targets.ts';
import { gap, negated, noisyOr, round, span, type LabelResult, type RuleContext } from './rule-context.ts';

/**
 * `partisan` (labels.md): the post takes a side in a contest. Needs a TARGET (candidate, pair,
 * party, ballot number in a political context, slogan, campaign hashtag) AND a STANCE (support
 * verb, call to vote, praise, attack, promotional hashtag, gesture in a campaign context).
 *
 * Evidence pieces (their weights: {@link PARTISAN_WEIGHTS}):
 * - a promotional or attack hashtag of the lexicon (a hashtag alone is enough, labels.md);
 * - another hashtag that names a target: with a stance word inside (#GanjarPresidenRakyat,
 *   #MenangkanGanjar), with other words (#SahabatGanjar), only the name (#AniesBaswedan,
 *   #AniesSandi), or a neutral tag word (#Pilpres2024);
 * - a strong slogan ("amin aja dulu"); a weak slogan ("gemoy", "perubahan") in a political post;
 * - a gesture: "salam N jari"; a bare gesture or ✌️/☝️ only in a political post;
 * - a stance cue within {@link WINDOW} tokens of a mention: cue weight x mention strength
 *   (x{@link FAR_FACTOR} up to {@link FAR_WINDOW} tokens away)
 *   (a negated support cue, "jangan pilih 02", counts as an attack on the target; cues marked
 *   `follows` count only right after the name: "Anies presiden");
 * - an insult (abusive word) within the window of a mention, outside quotation marks: an attack,
 *   its abusive weight x `insult`;
 * - a mocking name ("prabroro", "samsul": candidate-nicknames.yaml): an attack, `mockingName`;
 *   a mockery marker (laughing emoji, "wkwk", ironic praise) within the window of a mention: its
 *   weight x the mention's strength;
 * - a bare mention.
 * Strong pieces (hashtags and slogans of weight >= {@link PARTISAN_STRONG}`.piece`, calls to
 * vote) combine by noisy-OR; the weak rest is damped in posts that read as news or as official
 * information or a neutrality appeal ({@link PARTISAN_DAMPING}), so a neutral headline stays
 * below the threshold and the same headline with a campaign hashtag does not. In posts that
 * report enforcement or allegations ("Bawaslu menelusuri dugaan ... memenangkan paslon") every
 * cue-based piece, strong or weak, is damped too.
 */
export const WINDOW = 5;
/** Beyond {@link WINDOW}, up to this many tokens, a cue still counts at {@link FAR_FACTOR}. */
export const FAR_WINDOW = 12;
export const FAR_FACTOR = 0.6;

/** The weight of each kind of partisan evidence (heuristic confidences, see the rules README). */
export const PARTISAN_WEIGHTS = {
  /** A promotional or attack hashtag of the lexicon. */
  listedHashtag: 0.85,
  /** Another hashtag naming a target with a stance word inside. */
  hashtagWithStance: 0.8,
  /** ... naming a target with other words. */
  hashtagWithOtherWords: 0.45,
  /** ... only naming a target. */
  hashtagNameOnly: 0.3,
  /** ... holding a neutral tag word (the race, the election). */
  hashtagNeutral: 0.2,
  strongSlogan: 0.8,
  /** A weak slogan in a political post, or with a gesture of the same pair. */
  weakSlogan: 0.55,
  /** "salam N jari". */
  salamGesture: 0.7,
  /** A bare gesture in a political post, or with a weak slogan of the same pair (else nothing). */
  bareGesture: 0.6,
  /** An insult near a target counts its abusive weight times this. */
  insult: 0.6,
  bareMention: 0.15,
  /** A mocking name by itself (candidate-nicknames.yaml tone `mocking`). */
  mockingName: 0.5,
} as const;

/** When a piece is strong (never damped). */
export const PARTISAN_STRONG = {
  /** A hashtag or slogan of at least this weight. */
  piece: 0.8,
  /** A support cue of at least this weight (a call to vote) ... */
  callToVote: 0.8,
  /** ... for a target named at least this strongly. */
  targetStrength: 0.8,
  /** An attack cue of at least this weight. */
  attack: 0.85,
} as const;

/** How context damps partisan evidence, and the score's bounds. */
export const PARTISAN_DAMPING = {
  /** A negated attack cue ("bukan antek 02"). */
  negatedAttack: 0.3,
  /** Weak pieces in a post that reads as news. */
  newsVoice: 0.5,
  /** Weak pieces with official-information or neutrality cues. */
  officialOrNeutrality: 0.35,
  /** The weak pieces' damping goes no lower than this. */
  floor: 0.15,
  /** Cue-based pieces in a post that reports enforcement or allegations. */
  reportVoice: 0.5,
  maxScore: 0.98,
  /** Pieces below this weight do not make their target a target of the finding. */
  minTargetWeight: 0.3,
} as const;

const W = PARTISAN_WEIGHTS;
const D = PARTISAN_DAMPING;

interface Piece {
  weight: number;
  strong: boolean;
  /** Built from a stance cue near a mention (damped in report voice), not from a hashtag or slogan. */
  cue?: boolean;
  stance: 'for' | 'against';
  target?: Target;
  spans: EvidenceSpan[];
  /** A bare gesture (✌️, ☝️, "dua jari" without "salam"): no side by itself (see {@link takesSide}). */
  bareGesture?: boolean;
}

export function scorePartisan(ctx: RuleContext): LabelResult & { mentions: Mention[] } {
  const { a, index } = ctx;
  const mentions = findMentions(ctx);
  const political = politicalContext(ctx, mentions);
  const pieces: Piece[] = [];
  const ev = (m: { start: number; end: number }, rule: string, w: number, target?: Target) =>
    span(ctx, 'partisan', m, rule, w, target ? { target } : {});

  // Hashtags: listed promotion/attack, or composed of a target and other words.
  for (const h of a.hashtags) {
    const promo = index.promoTags.get(h.tag);
    const attack = index.attackTags.get(h.tag);
    if (promo || attack) {
      const ref = (promo ?? attack)!;
      pieces.push({
        weight: W.listedHashtag,
        strong: true,
        stance: promo ? 'for' : 'against',
        target: ref.target,
        spans: [ev(h, `hashtag:${h.tag}`, W.listedHashtag, ref.target)],
      });
      continue;
    }
    if (index.newsOutlets.has(h.tag)) continue;
    const inTag = mentions.filter((m) => m.first >= h.first && m.last < h.last);
    if (inTag.length === 0) continue;
    let other = false;
    let neutral = false;
    for (let i = h.first; i < h.last; i++) {
      const t = a.tokens[i]!;
      if (index.neutralTagWords.has(t.norm)) neutral = true;
      if (!inTag.some((m) => i >= m.first && i <= m.last) && !/^[0-9]+$/.test(t.norm)) other = true;
    }
    const inside = (c: { first: number; last: number }) => c.first >= h.first && c.last < h.last;
    const stanceInside = [...ctx.of('support'), ...ctx.of('praise'), ...ctx.of('attack'), ...ctx.of('slogan')].some(inside);
    const attackInside = ctx.of('attack').some(inside);
    const w = neutral ? W.hashtagNeutral : stanceInside ? W.hashtagWithStance : other ? W.hashtagWithOtherWords : W.hashtagNameOnly;
    pieces.push({
      weight: w,
      strong: w >= PARTISAN_STRONG.piece,
      stance: attackInside ? 'against' : 'for',
      target: inTag[0]!.target,
      spans: [ev(h, `hashtag-composed:${h.tag}`, w, inTag[0]!.target)],
    });
  }

  // A weak slogan and a gesture of the same pair corroborate each other ("tim gemoy ✌️"):
  // together they are the political context that each lacks alone.
  const weakSlogans = ctx.of('slogan').filter((m) => !m.payload.strong && !negated(ctx, m));
  const gestures = ctx.of('gesture');
  const corroborated = (id: string) =>
    weakSlogans.some((s) => s.payload.target.id === id) && gestures.some((g) => g.payload.target.id === id);
  for (const m of ctx.of('slogan')) {
    if (m.payload.strong)
      pieces.push({
        weight: W.strongSlogan,
        strong: true,
        stance: 'for',
        target: m.payload.target,
        spans: [ev(m, `slogan:${m.payload.text}`, W.strongSlogan, m.payload.target)],
      });
    else if ((political || corroborated(m.payload.target.id)) && !negated(ctx, m)) {
      pieces.push({
        weight: W.weakSlogan,
        strong: false,
        stance: 'for',
        target: m.payload.target,
        spans: [ev(m, `slogan:${m.payload.text}`, W.weakSlogan, m.payload.target)],
      });
    }
  }

  // Gestures: "salam 3 jari" is a campaign greeting; a bare V sign or finger needs context.
  const seenGesture = new Set<string>();
  for (const m of gestures) {
    const key = `${m.first}:${m.last}`;
    if (seenGesture.has(key)) continue;
    seenGesture.add(key);
    const w = m.payload.salam ? W.salamGesture : political || corroborated(m.payload.target.id) ? W.bareGesture : 0;
    if (w > 0)
      pieces.push({
        weight: w,
        strong: false,
        stance: 'for',
        target: m.payload.target,
        spans: [ev(m, `gesture:${m.payload.text}`, w, m.payload.target)],
        bareGesture: !m.payload.salam,
      });
  }

  // Stance cues near a mention.
  for (const kind of ['support', 'praise', 'attack'] as const) {
    for (const c of ctx.of(kind)) {
      let best: Mention | undefined;
      let bestGap = FAR_WINDOW + 1;
      for (const m of mentions) {
        if (m.first <= c.last && m.last >= c.first) continue; // the cue is part of the name
        const g = gap(ctx, c, m) + (m.first < c.first && kind === 'support' ? 1 : 0); // support verbs point forward
        if (g < bestGap) {
          bestGap = g;
          best = m;
        }
      }
      if (!best) continue;
      if (c.payload.follows && !(best.last < c.first && gap(ctx, best, c) <= 1)) continue;
      const neg = negated(ctx, c);
      let stance: Piece['stance'] = kind === 'attack' ? 'against' : 'for';
      let w = c.payload.weight * best.strength * (bestGap > WINDOW ? FAR_FACTOR : 1);
      if (neg && kind !== 'attack') stance = 'against';
      if (neg && kind === 'attack') w *= D.negatedAttack;
      // A call to vote for a named target is strong whatever else the post says ("jangan golput,
      // pilih no 3"); so is a strong attack ("jangan pilih 02").
      const strong =
        kind === 'support'
          ? c.payload.weight >= PARTISAN_STRONG.callToVote && best.strength >= PARTISAN_STRONG.targetStrength
          : kind === 'attack' && c.payload.weight >= PARTISAN_STRONG.attack;
      pieces.push({
        weight: w,
        strong,
        cue: true,
        stance,
        target: best.target,
        spans: [ev(c, `${kind}:${c.payload.text}`, w), ev(best, `target:${best.via}`, w, best.target)],
      });
    }
  }

  // Mockery: a mocking name ("prabroro", "samsul") attacks its target; a laughing emoji, "wkwk"
  // or ironic praise next to a name mocks it (weak: people laugh with a candidate too).
  for (const m of mentions) {
    if (m.mocking)
      pieces.push({
        weight: W.mockingName,
        strong: false,
        cue: true,
        stance: 'against',
        target: m.target,
        spans: [ev(m, `mocking-name:${ctx.a.original.slice(m.start, m.end).toLowerCase()}`, W.mockingName, m.target)],
      });
  }
  for (const c of ctx.of('mock')) {
    const near = mentions.find((x) => gap(ctx, x, c) <= WINDOW && !(x.first <= c.last && x.last >= c.first));
    if (!near) continue;
    const w = c.payload.weight * near.strength;
    pieces.push({
      weight: w,
      strong: false,
      cue: true,
      stance: 'against',
      target: near.target,
      spans: [ev(c, `mock:${c.payload.text}`, w), ev(near, `target:${near.via}`, w, near.target)],
    });
  }

  // Insults aimed at a candidate or party (black campaign), unless quoted.
  for (const m of ctx.of('abusive')) {
    const near = mentions.find((x) => gap(ctx, x, m) <= WINDOW);
    if (!near || quoted(ctx, m)) continue;
    const w = W.insult * m.payload.weight;
    pieces.push({
      weight: w,
      strong: false,
      cue: true,
      stance: 'against',
      target: near.target,
      spans: [ev(m, `insult:${m.payload.word}`, w), ev(near, `target:${near.via}`, w, near.target)],
    });
  }

  if (mentions.length > 0) {
    const m = mentions[0]!;
    pieces.push({
      weight: W.bareMention,
      strong: false,
      stance: 'for',
      target: m.target,
      spans: [ev(m, `target:${m.via}`, W.bareMention, m.target)],
    });
  }
  const sides = { side: takesSide(ctx, pieces), officialVoice: ctx.has('official') || ctx.has('neutrality') };
  if (pieces.length === 0) return { score: 0, evidence: [], targets: [], mentions, ...sides };

  let damp = 1;
  if (newsVoice(ctx)) damp *= D.newsVoice;
  if (ctx.has('official') || ctx.has('neutrality')) damp *= D.officialOrNeutrality;
  damp = Math.max(damp, D.floor);
  const report = ctx.has('report') ? D.reportVoice : 1;
  const w = (p: Piece) => (p.cue ? p.weight * report : p.weight);
  const strong = noisyOr(pieces.filter((p) => p.strong).map(w));
  const weak = noisyOr(pieces.filter((p) => !p.strong).map(w)) * damp;
  const score = Math.min(D.maxScore, 1 - (1 - strong) * (1 - weak));

  return { score: round(score), evidence: pieces.flatMap((p) => p.spans), targets: targetsOf(pieces), mentions, ...sides };
}

/**
 * Does the post point at a side (the partisan gate's condition, src/classify/partisan-gate.ts)?
 * Any piece of evidence but a bare gesture does (a candidate, pair, party or ballot number named,
 * a nickname, a campaign hashtag, a slogan in context, "salam N jari"), and so does a call not to
 * vote for someone with no name ("jangan pilih dia": an attack cue of {@link PARTISAN_STRONG}
 * `.attack`). A bare ✌️/☝️ does not: on voting day it is the inked finger (labels.md NO).
 */
function takesSide(ctx: RuleContext, pieces: readonly Piece[]): boolean {
  if (pieces.some((p) => !p.bareGesture)) return true;
  return ctx.of('attack').some((c) => c.payload.weight >= PARTISAN_STRONG.attack && !negated(ctx, c));
}

const QUOTES = new Set(['"', "'", '“', '”', '‘', '’', '«', '»']);

/** Is the match between quotation marks (a report quoting the words)? */
export function quoted(ctx: RuleContext, m: { first: number; last: number }): boolean {
  const before = ctx.a.tokens[m.first - 1];
  const after = ctx.a.tokens[m.last + 1];
  return before !== undefined && after !== undefined && QUOTES.has(before.norm) && QUOTES.has(after.norm);
}

/** Does the post read as news: a reporting verb, a news outlet mentioned, retweeted or tagged? */
export function newsVoice(ctx: RuleContext): boolean {
  const { a, index } = ctx;
  if (ctx.has('news') || reOutlet(ctx)) return true;
  if (a.hashtags.some((h) => index.newsOutlets.has(h.tag))) return true;
  return a.tokens.some((t) => t.kind === 'mention' && index.newsOutlets.has(a.original.slice(t.start + 1, t.end).toLowerCase()));
}

/** `[RE detikcom]`: the datasets' marker of a retweeted account. */
function reOutlet(ctx: RuleContext): boolean {
  const m = /\[RE ([^\]\s]+)\]/.exec(ctx.a.original);
  return m !== null && ctx.index.newsOutlets.has(m[1]!.toLowerCase());
}

/** The targets supported (or, if none, attacked), most evidence first. */
function targetsOf(pieces: Piece[]): Target[] {
  const pick = (stance: Piece['stance']) => {
    const sum = new Map<string, { t: Target; w: number }>();
    for (const p of pieces) {
      if (!p.target || p.stance !== stance || p.weight < D.minTargetWeight) continue;
      const e = sum.get(p.target.id) ?? { t: p.target, w: 0 };
      e.w += p.weight;
      sum.set(p.target.id, e);
    }
    return [...sum.values()].sort((x, y) => y.w - x.w).map((e) => e.t);
  };
  const forT = pick('for');
  return forT.length > 0 ? forT : pick('against');
}
