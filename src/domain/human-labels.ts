import { dismissalIsNegative } from './decisions.ts';
import { LABELS } from './labels.ts';

/** One person's judgement of one post, from the review app or an imported annotation. */
export interface Judgement {
  source: 'review' | 'label-studio';
  /** Internal id of who judged (`user:<id>` or the annotator's name); pseudonymised on export. */
  who: string;
  /** Review round: 1 drives the flag, 2+ are blind second reviews; imported annotations are 1. */
  round: number;
  decision: 'confirm' | 'dismiss' | 'escalate' | 'correct' | 'reopen' | 'withdraw' | 'annotate';
  /** The labels this judgement says apply (null: it says nothing about labels, e.g. escalate). */
  labels: string[] | null;
  at: Date | null;
  /** A dismissal's reason (DISMISS_REASONS); only content reasons make the post a negative. */
  dismissReason?: string | null;
}

export type Agreement = 'single' | 'agreed' | 'disagreed' | 'adjudicated';

/** What people said about a post, resolved to one label set. */
export interface HumanLabels {
  /** The final labels (empty: a person said none applies); null: nobody decided. */
  labels: string[] | null;
  /** Where the final labels come from. */
  source: 'review' | 'label-studio' | null;
  agreement: Agreement | null;
  judgements: Judgement[];
  /** The two independent judgements agreement is measured on (first review, blind second). */
  pair: [string[], string[]] | null;
}

const sameSet = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x) => b.includes(x));
const sorted = (l: readonly string[]) => LABELS.filter((x) => l.includes(x));

/**
 * Resolve the decisions on a flag and any imported annotations into the post's human labels.
 * Review decisions win over imported annotations. Within the review, round 1 drives the flag:
 * `correct` changes the working labels, `confirm` settles them (its own corrected labels, else
 * the working ones), `dismiss` settles none; the last settling decision is final. A blind
 * second review (round 2) is compared with the first settling decision of round 1: same labels
 * `agreed`; different and settled again afterwards (a supervisor's adjudication) `adjudicated`;
 * otherwise `disagreed`.
 */
export function resolveHumanLabels(input: {
  flagLabels: string[] | null;
  flagModelLabels?: string[] | null;
  flagStatus: string | null;
  decisions: Judgement[];
  annotations: Judgement[];
}): HumanLabels {
  const judgements: Judgement[] = [];
  // Decisions replay from the labels the flag was raised with; corrections change them.
  let working = input.flagModelLabels ?? input.flagLabels ?? [];
  const settled: { labels: string[]; at: Date | null }[] = [];
  const blind: { labels: string[]; at: Date | null }[] = [];
  let abstained = false;
  const byTime = [...input.decisions].sort((a, b) => (a.at?.getTime() ?? 0) - (b.at?.getTime() ?? 0));
  for (const d of byTime) {
    let labels: string[] | null = null;
    // A supervisor's reopen or withdrawal voids what was decided before it.
    if (d.round === 1 && (d.decision === 'reopen' || d.decision === 'withdraw')) {
      settled.length = 0;
      blind.length = 0;
      abstained = false;
    }
    if (d.decision === 'correct' && d.labels) labels = working = sorted(d.labels);
    else if (d.decision === 'confirm') labels = sorted(d.labels ?? working);
    else if (d.decision === 'dismiss') {
      // Wrong identity, duplicate, ...: the flag is closed, but nothing was said about the labels.
      if (dismissalIsNegative(d.dismissReason)) labels = [];
      else if (d.round === 1) abstained = true;
    }
    judgements.push({ ...d, labels });
    if ((d.decision !== 'confirm' && d.decision !== 'dismiss') || labels === null) continue;
    (d.round === 1 ? settled : blind).push({ labels: labels!, at: d.at });
  }
  let labels: string[] | null = settled.length ? settled[settled.length - 1]!.labels : null;
  // Decided before the decision log existed (or outside it): the flag's status still counts.
  if (labels === null && !abstained && (input.flagStatus === 'confirmed' || input.flagStatus === 'dismissed')) {
    labels = input.flagStatus === 'confirmed' ? sorted(input.flagLabels ?? []) : [];
    judgements.push({
      source: 'review',
      who: 'unrecorded',
      round: 1,
      decision: input.flagStatus === 'confirmed' ? 'confirm' : 'dismiss',
      labels,
      at: null,
    });
  }
  let source: HumanLabels['source'] = labels === null ? null : 'review';
  let agreement: Agreement | null = labels === null ? null : 'single';
  let pair: HumanLabels['pair'] = null;
  if (settled.length && blind.length) {
    const first = settled[0]!;
    const second = blind[0]!;
    pair = [first.labels, second.labels];
    if (sameSet(first.labels, second.labels)) agreement = 'agreed';
    else {
      const last = settled[settled.length - 1]!;
      agreement = settled.length > 1 && (last.at?.getTime() ?? 0) >= (second.at?.getTime() ?? 0) ? 'adjudicated' : 'disagreed';
    }
  }

  const ann = input.annotations.map((a) => ({ ...a, labels: sorted(a.labels ?? []) }));
  judgements.push(...ann);
  if (labels === null && ann.length) {
    source = 'label-studio';
    // Per label, a strict majority of the annotators.
    labels = LABELS.filter((l) => ann.filter((a) => a.labels.includes(l)).length * 2 > ann.length);
    agreement = ann.length === 1 ? 'single' : ann.every((a) => sameSet(a.labels, ann[0]!.labels)) ? 'agreed' : 'disagreed';
    if (ann.length >= 2) pair = [ann[0]!.labels, ann[1]!.labels];
  }
  return { labels, source, agreement, judgements, pair };
}
