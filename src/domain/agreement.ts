/**
 * Inter-annotator agreement for the blind second reviews: Cohen's kappa per label, on the flags
 * that two people decided independently. Pure maths; callers gather the pairs.
 */

/** Two people's yes/no for one item and one label. */
export type RatingPair = readonly [boolean, boolean];

export interface KappaResult {
  /** Items both people rated. */
  n: number;
  /** Observed agreement, 0..1 (null with no items). */
  observed: number | null;
  /** Agreement expected by chance from each person's own yes-rate. */
  expected: number | null;
  /**
   * (observed - expected) / (1 - expected). Null when undefined: no items, or both people gave
   * the same single answer to everything (expected = 1), where agreement cannot be told from chance.
   */
  kappa: number | null;
  /** Counts: both yes, first only, second only, both no. */
  table: { yesYes: number; yesNo: number; noYes: number; noNo: number };
}

export function cohensKappa(pairs: readonly RatingPair[]): KappaResult {
  const table = { yesYes: 0, yesNo: 0, noYes: 0, noNo: 0 };
  for (const [a, b] of pairs) {
    if (a && b) table.yesYes++;
    else if (a) table.yesNo++;
    else if (b) table.noYes++;
    else table.noNo++;
  }
  const n = pairs.length;
  if (n === 0) return { n, observed: null, expected: null, kappa: null, table };
  const observed = (table.yesYes + table.noNo) / n;
  const aYes = (table.yesYes + table.yesNo) / n;
  const bYes = (table.yesYes + table.noYes) / n;
  const expected = aYes * bYes + (1 - aYes) * (1 - bYes);
  const kappa = expected >= 1 - 1e-12 ? null : (observed - expected) / (1 - expected);
  return { n, observed, expected, kappa, table };
}

/** Landis & Koch's words for a kappa, for reports. */
export function describeKappa(kappa: number | null): string {
  if (kappa === null) return 'undefined';
  if (kappa < 0) return 'poor (below chance)';
  if (kappa <= 0.2) return 'slight';
  if (kappa <= 0.4) return 'fair';
  if (kappa <= 0.6) return 'moderate';
  if (kappa <= 0.8) return 'substantial';
  return 'almost perfect';
}
