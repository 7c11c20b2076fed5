import { GATE_SHARE } from './hate-gate.ts';
import type { LabelResult } from './rules/rule-context.ts';

/**
 * The side gate of `partisan` (labels.md): a partisan post takes a side, and official election
 * information or a voting-day post ("ayo ke TPS", "sudah nyoblos", "jari ungu") is NOT partisan.
 * The model learns election words ("nyoblos", "Pilkada", "TPS") from campaign posts, so it scores
 * a plain voting-day post high. When the rules find no side in the post (`LabelResult.side`: no
 * candidate, pair, party or ballot number named, no nickname, campaign hashtag, slogan in context
 * or "salam N jari", no call against someone) AND the post reads as official information or a
 * neutrality appeal (`officialVoice`: the rules' `official` and `neutrality` cues), the fused
 * score is capped below the threshold in force, as the hate gate caps hate (hate-gate.ts).
 *
 * Why only then, and not on every post without a side: on the dev rows of data/labelled, most
 * partisan posts without a side the rules can see are real campaign posts about candidates the
 * lexicon does not hold (2017/2019 races), @handles or run-together names ("prabowogibran"); a
 * gate on "no side" alone cost more true flags than false ones it removed (README "partisan side
 * gate").
 */
export function partisanGateOpen(r: Pick<LabelResult, 'side' | 'officialVoice'>): boolean {
  return r.side !== false || r.officialVoice !== true;
}

/** The partisan score after the gate: unchanged when it is open, else capped below `threshold`. */
export function gatePartisan(score: number, threshold: number, open: boolean): number {
  return open ? score : Math.min(score, GATE_SHARE * threshold);
}
