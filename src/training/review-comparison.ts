import { clearGain, clearLoss, fmtCi, type MetricsCi, type WithCi } from '../eval/bootstrap.ts';

/** The three versions compared: the one in use, a retrain without reviews, the retrain with them. */
export const COLUMNS = ['current', 'without', 'with'] as const;
export type Column = (typeof COLUMNS)[number];

/** One label on one set: each version's precision, recall, F1 with 95 % bootstrap intervals, and the F1 gains. */
export interface SetComparison {
  rows: number;
  positives: number;
  metrics: Record<Column, MetricsCi | null>;
  /** F1 of the version with reviews minus the version in use (paired bootstrap); null without a version in use. */
  gainOverCurrent: WithCi | null;
  /** F1 of the version with reviews minus the retrain without them: what the reviews themselves add. */
  gainOverWithout: WithCi | null;
}

export interface Comparison {
  task: string;
  oldVersion: string | null;
  newVersion: string;
  createdAt: string;
  resamples: number;
  reviews: {
    train: number;
    recent: number;
    recentFrom: string | null;
    recentTo: string | null;
    recentPersons: number;
    droppedSharedPerson: number;
  };
  perLabel: Record<string, { fixed: SetComparison; recent: SetComparison }>;
  /** Whether the gain is beyond noise, and why (what `netra models promote` checks). */
  verdict: { clearGain: boolean; reason: string };
}

/**
 * Beyond noise: some label gains on some set with its whole interval above zero (over the
 * version in use, else over the retrain without reviews), and no label loses with its whole
 * interval below zero.
 */
export function gainVerdict(perLabel: Comparison['perLabel'], hasCurrent: boolean): Comparison['verdict'] {
  const gains = Object.entries(perLabel).flatMap(([label, s]) =>
    (['fixed', 'recent'] as const).map((set) => ({ label, set, g: hasCurrent ? s[set].gainOverCurrent : s[set].gainOverWithout })),
  );
  const vs = hasCurrent ? 'the version in use' : 'the retrain without reviews';
  const losses = gains.filter((x) => clearLoss(x.g));
  if (losses.length)
    return {
      clearGain: false,
      reason: `F1 falls below ${vs} beyond noise: ${losses.map((x) => `${x.label} on ${x.set} ${fmtCi(x.g!, true)}`).join('; ')}`,
    };
  const wins = gains.filter((x) => clearGain(x.g));
  if (wins.length === 0)
    return {
      clearGain: false,
      reason: `no F1 gain over ${vs} beyond noise (every 95 % interval reaches zero or is undefined: ${gains.map((x) => `${x.label} on ${x.set} ${x.g ? fmtCi(x.g, true) : 'n/a'}`).join('; ')})`,
    };
  return {
    clearGain: true,
    reason: `F1 gains over ${vs} beyond noise: ${wins.map((x) => `${x.label} on ${x.set} ${fmtCi(x.g!, true)}`).join('; ')}`,
  };
}

const cell = (m: MetricsCi | null) => (m ? `P ${fmtCi(m.precision)}<br>R ${fmtCi(m.recall)}<br>F1 ${fmtCi(m.f1)}` : 'n/a');
const gain = (g: WithCi | null) => (g ? fmtCi(g, true) : 'n/a');

export function renderComparison(c: Comparison): string {
  const rows = Object.entries(c.perLabel).flatMap(([label, s]) =>
    (
      [
        ['fixed held-out', s.fixed],
        ['recent reviewed', s.recent],
      ] as const
    ).map(
      ([name, x]) =>
        `| ${label} | ${name} (${x.rows} rows, ${x.positives} positive) | ${cell(x.metrics.current)} | ${cell(x.metrics.without)} | ${cell(x.metrics.with)} | ${gain(x.gainOverCurrent)} | ${gain(x.gainOverWithout)} |`,
    ),
  );
  return `# ${c.task}: ${c.newVersion} (with reviews) vs ${c.oldVersion ?? 'none'} (in use)

Created ${c.createdAt}. Trained with ${c.reviews.train} reviewed posts. The ${c.reviews.recent} most recent decisions
(${c.reviews.recentFrom ?? 'n/a'} to ${c.reviews.recentTo ?? 'n/a'}, ${c.reviews.recentPersons} persons) were held out and never trained on;
${c.reviews.droppedSharedPerson} older decisions about those same persons were left out of training, so no person is
in both. The fixed held-out set is the task's own test split, the same for every version. "Without
reviews" is the same task retrained now with the same seed and no reviews, so the last column is
what the reviews themselves add. Each version scores with its own fusion and thresholds.

Figures are point values with 95 % intervals from a paired bootstrap over the rows (${c.resamples}
resamples); a gain whose interval reaches zero is noise.

| label | set | in use | retrain without reviews | retrain with reviews | F1 gain over in use | F1 gain over without |
|---|---|---|---|---|---|---|
${rows.join('\n')}

**Verdict:** ${c.verdict.clearGain ? 'a gain beyond noise' : 'within noise'}: ${c.verdict.reason}.

The new version is not used until promoted: \`netra models promote ${c.task} ${c.newVersion} --as ADMIN\`${c.verdict.clearGain ? '' : ` (refused while the gain is within noise unless \`--force "REASON"\`, which is audited)`}
(roll back with \`netra models rollback ${c.task} --as ADMIN\`).
`;
}
