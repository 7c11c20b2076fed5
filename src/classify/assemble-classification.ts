import type { Classification, ClassifierVersions, EvidenceSpan, LabelFinding } from '../domain/classification.ts';
import { LABELS, type Label, type LabelScores } from '../domain/labels.ts';
import type { PledgeRules } from '../domain/pledge.ts';
import { dedupeEvidence } from './evidence.ts';
import type { LabelResult } from './rules/rule-context.ts';

/**
 * The final Classification of one text, built the same way whether the scores are the rules'
 * alone or rules fused with models: a label is flagged when its score reaches its threshold;
 * evidence is every rule span of a label the rules scored above 0, plus what `flaggedEvidence`
 * adds for a flagged label (the model's words), deduplicated; each flagged label's finding
 * carries the rules' targets and claim, and the pledge clause, SKB items, sanction and legal
 * basis of data/rules/pledge.yaml.
 */
export function assembleClassification(
  results: Readonly<Record<Label, LabelResult>>,
  scores: LabelScores,
  thresholds: Readonly<LabelScores>,
  pledge: PledgeRules['labels'],
  versions: ClassifierVersions,
  flaggedEvidence?: (label: Label, out: EvidenceSpan[]) => void,
): Classification {
  const evidence: EvidenceSpan[] = [];
  const flags: Label[] = [];
  const findings: LabelFinding[] = [];
  for (const l of LABELS) {
    const r = results[l];
    const score = scores[l];
    if (r.score > 0) evidence.push(...r.evidence);
    if (score < thresholds[l]) continue;
    flags.push(l);
    flaggedEvidence?.(l, evidence);
    const mp = pledge[l];
    const f: LabelFinding = {
      label: l,
      score,
      threshold: thresholds[l],
      pledgeClause: mp.pledgeClause,
      skbItems: mp.skbItems,
      legalBasis: mp.legalBasis,
      targets: r.targets,
    };
    if (mp.sanction) f.sanction = mp.sanction;
    if (r.claim) f.claim = r.claim;
    findings.push(f);
  }
  return { scores, flags, evidence: dedupeEvidence(evidence), findings, versions };
}
