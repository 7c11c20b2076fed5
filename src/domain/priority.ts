import type { Label, LabelScores } from './labels.ts';
import { PHASE_GRAVITY, type ElectionPhase } from './election-phase.ts';

/**
 * How much each label weighs in the queue. Partisan and money politics are `berat` breaches
 * (SKB 2022 items 2, 6, 7; pledge clauses 2 and 4); hoax and hate follow; abusive language is
 * "lower priority than the other labels" (labels.md).
 */
export const LABEL_SEVERITY: Record<Label, number> = {
  partisan: 1.0,
  money_politics: 1.0,
  hoax: 0.9,
  hate: 0.9,
  abusive: 0.5,
};

export interface PriorityInput {
  scores: LabelScores;
  flags: readonly Label[];
  phase: ElectionPhase | null;
}

/**
 * Queue priority in [0, 100]: the gravest (score x severity) among flagged labels, raised by the
 * election phase (quiet period and voting day most) and by each further label.
 * The review app may add recency and account history on top when it orders its queue.
 */
export function flagPriority({ scores, flags, phase }: PriorityInput): number {
  if (flags.length === 0) return 0;
  const gravest = Math.max(...flags.map((l) => scores[l] * LABEL_SEVERITY[l]));
  const phaseBoost = phase ? PHASE_GRAVITY[phase] * 3 : 0; // up to 15
  const extra = Math.min(flags.length - 1, 3) * 3; // up to 9
  return Math.round(Math.min(100, gravest * 76 + phaseBoost + extra) * 100) / 100;
}
