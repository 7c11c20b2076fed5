import type { ClaimMatch } from '../../claims/claim-matcher.ts';
import { quotesAndDenies } from './hoax-stance.ts';
import { negated, round, span, type LabelResult, type MatchOf, type RuleContext } from './rule-context.ts';

/** A topic at least this heavy is a fabrication topic (pre-marked ballots, a rigged server, fake IDs ...). */
export const FABRICATION_TOPIC = 0.45;
/** An assertion cue at least this heavy pushes a claim (sebarkan, viralkan, terbukti, bocor, terkuak ...). */
export const PUSH_CUE = 0.25;
/** Without a claim match and without strong fabrication cues, the rules' hoax score stays at or under this (below the default threshold 0.5). */
export const WEAK_RULE_CAP = 0.4;

/**
 * `hoax` (labels.md): asserting or spreading as fact a debunked or fabricated claim.
 *
 * Without a claim database the rules can only flag the typical shape of an election hoax: a topic
 * (pre-marked ballots, a rigged server, a fake resignation ...) asserted with push words
 * ("sebarkan!", "terbukti", "bocor"): topic + `assertWithTopic` x assertions (capped
 * `maxWithTopic`); assertions with no topic score `assertWithoutTopic` x their sum. That reaches
 * the threshold only with strong fabrication cues: a fabrication topic (weight >=
 * {@link FABRICATION_TOPIC}) pushed by a strong cue (weight >= {@link PUSH_CUE}); otherwise it is
 * capped at {@link WEAK_RULE_CAP}, since words like "khilafah", "pki", "fakta" or "ternyata" are
 * in many ordinary posts that assert nothing debunked. A warning or debunk ("hati-hati hoaks",
 * "cek fakta", "tidak benar"), a quote that is denied, or a question ("bener gak ...?") damps the
 * score. A claim match from a {@link ClaimMatch} counts its similarity, under the same damping.
 * The numbers: {@link HOAX_WEIGHTS}.
 */
export const HOAX_WEIGHTS = {
  /** The assertion words' weights are summed up to this. */
  maxAssertions: 0.6,
  /** With a topic: topic weight + this x the assertions ... */
  assertWithTopic: 0.8,
  /** ... up to this. */
  maxWithTopic: 0.9,
  /** Without a topic: this x the assertions. */
  assertWithoutTopic: 0.3,
  /** A warning or debunk cue. */
  debunked: 0.1,
  /** A quote the post denies. */
  quotedAndDenied: 0.25,
  /** A question. */
  question: 0.4,
  maxScore: 0.97,
} as const;

const W = HOAX_WEIGHTS;

export function scoreHoax(ctx: RuleContext, claim: ClaimMatch | null = null): LabelResult {
  let topic: MatchOf<'hoaxTopic'> | undefined;
  let topicW = 0;
  for (const m of ctx.of('hoaxTopic')) {
    if (!negated(ctx, m) && m.payload.weight > topicW) {
      topicW = m.payload.weight;
      topic = m;
    }
  }
  const asserts = new Map<string, { w: number; m: MatchOf<'hoaxAssert'> }>();
  for (const m of ctx.of('hoaxAssert')) if (!negated(ctx, m)) asserts.set(m.payload.text, { w: m.payload.weight, m });
  const assertSum = Math.min(
    W.maxAssertions,
    [...asserts.values()].reduce((s, x) => s + x.w, 0),
  );
  const push = Math.max(0, ...[...asserts.values()].map((x) => x.w));
  let rule = topicW > 0 ? Math.min(W.maxWithTopic, topicW + W.assertWithTopic * assertSum) : W.assertWithoutTopic * assertSum;
  if (topicW < FABRICATION_TOPIC || push < PUSH_CUE) rule = Math.min(rule, WEAK_RULE_CAP);
  let damp = 1;
  if (ctx.has('hoaxDebunk')) damp *= W.debunked;
  else if (quotesAndDenies(ctx.a)) damp *= W.quotedAndDenied;
  if (ctx.has('hoaxQuestion') || /\?\s*$/.test(ctx.a.original.trim())) damp *= W.question;
  rule *= damp;
  const evidence = [];
  if (topic && rule > 0) evidence.push(span(ctx, 'hoax', topic, `hoax-topic:${topic.payload.text}`, rule));
  if (rule > 0) for (const [text, x] of asserts) evidence.push(span(ctx, 'hoax', x.m, `hoax-assert:${text}`, rule));
  let score = rule;
  const out: LabelResult = { score: 0, evidence, targets: [] };
  if (claim) {
    const c = claim.similarity * damp;
    if (c > score) score = c;
    const text = ctx.a.original;
    evidence.push({ label: 'hoax', start: 0, end: text.length, text, source: 'claim', rule: `claim:${claim.id}`, weight: round(c), claim });
    out.claim = claim;
  }
  out.score = round(Math.min(W.maxScore, score));
  return out;
}
