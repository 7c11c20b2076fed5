import { cohensKappa, type KappaResult } from '../domain/agreement.ts';
import { LABELS } from '../domain/labels.ts';
import type { DatasetRow } from './dataset-row.ts';
import type { HumanLabels } from '../domain/human-labels.ts';
import type { RedactionCounts } from './redact.ts';
import type { Split } from './splits.ts';

/** Counts a datasheet and a manifest report. */
export interface ExportStats {
  rows: number;
  perSplit: Record<Split, number>;
  /** Human labels: rows per label and split; `none` = reviewed, no label; `unreviewed` = no human label. */
  humanLabels: Record<string, Record<Split, number>>;
  /** Labels over the model's thresholds, per label and split. */
  modelLabels: Record<string, Record<Split, number>>;
  reviewed: number;
  /** Flags decided in netra's review app, and how many of them a second analyst judged blind (round 2+). */
  secondReview: { decided: number; second: number };
  agreement: Record<string, number>;
  /** Cohen's kappa per label on posts judged independently by two people. */
  kappa: Record<string, KappaResult>;
  platforms: Record<string, number>;
  provinces: number;
  accounts: number;
  persons: number;
  timeRange: [string, string] | null;
  deleted: number;
  redactions: RedactionCounts;
}

const perSplit = (): Record<Split, number> => ({ train: 0, dev: 0, test: 0 });

export function computeStats(rows: readonly DatasetRow[], pairs: readonly HumanLabels['pair'][], redactions: RedactionCounts): ExportStats {
  const s: ExportStats = {
    rows: rows.length,
    perSplit: perSplit(),
    humanLabels: Object.fromEntries([...LABELS, 'none', 'unreviewed'].map((l) => [l, perSplit()])),
    modelLabels: Object.fromEntries([...LABELS, 'none'].map((l) => [l, perSplit()])),
    reviewed: 0,
    secondReview: { decided: 0, second: 0 },
    agreement: {},
    kappa: {},
    platforms: {},
    provinces: new Set(rows.map((r) => r.province).filter(Boolean)).size,
    accounts: new Set(rows.map((r) => r.account).filter(Boolean)).size,
    persons: new Set(rows.map((r) => r.person).filter(Boolean)).size,
    timeRange: null,
    deleted: rows.filter((r) => r.deleted).length,
    redactions,
  };
  const times = rows
    .map((r) => r.time)
    .filter((t): t is string => t !== null)
    .sort();
  if (times.length) s.timeRange = [times[0]!, times[times.length - 1]!];
  for (const r of rows) {
    s.perSplit[r.split]++;
    s.platforms[r.platform] = (s.platforms[r.platform] ?? 0) + 1;
    if (r.labels === null) s.humanLabels['unreviewed']![r.split]++;
    else {
      s.reviewed++;
      if (r.labels.length === 0) s.humanLabels['none']![r.split]++;
      for (const l of r.labels) s.humanLabels[l]![r.split]++;
    }
    const review = r.annotations.filter((a) => a.source === 'review' && (a.decision === 'confirm' || a.decision === 'dismiss'));
    if (review.some((a) => a.round === 1)) {
      s.secondReview.decided++;
      if (review.some((a) => a.round >= 2)) s.secondReview.second++;
    }
    if (r.agreement) s.agreement[r.agreement] = (s.agreement[r.agreement] ?? 0) + 1;
    if (r.model_labels.length === 0) s.modelLabels['none']![r.split]++;
    for (const l of r.model_labels) s.modelLabels[l]![r.split]++;
  }
  const both = pairs.filter((p): p is [string[], string[]] => p !== null);
  for (const l of LABELS) s.kappa[l] = cohensKappa(both.map(([a, b]) => [a.includes(l), b.includes(l)] as const));
  return s;
}
