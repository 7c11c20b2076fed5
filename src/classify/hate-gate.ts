import type { IdentityTarget } from './rules/rule-context.ts';

/**
 * The identity-target gate of `hate` (labels.md; issue 11): a hate flag needs a person or group
 * attacked for who they are. The models learn hostility from tweets in which an insult at a
 * person is often labelled hate (Ibrohim & Budi count attacks on individuals), so on everyday
 * posts they flag rudeness, second-person pronouns and casual register. The gate asks for an
 * identity target found by the lexicon (a slur, or a religion, ethnicity, race, gender,
 * disability or physical group term: `scoreHate`'s `identity`); without one, the hate score is
 * capped below the threshold in force, so it never flags, and the insult is left to `abusive`.
 */

/** Share of the threshold that a hate score without an identity target is capped at. */
export const GATE_SHARE = 0.9;

/** The identity targets that lie inside [start, end) of the original text. */
export function identityWithin(targets: readonly IdentityTarget[] | undefined, start: number, end: number): IdentityTarget[] {
  if (!targets || targets.length === 0) return [];
  return targets.filter((t) => t.start >= start && t.end <= end);
}

/** The hate score after the gate: unchanged with an identity target, else capped below `threshold`. */
export function gateHate(score: number, threshold: number, hasTarget: boolean): number {
  return hasTarget ? score : Math.min(score, GATE_SHARE * threshold);
}
