import { LABELS, type Label } from '../../domain/labels.ts';
import type { Decision } from './label-files.ts';

/** 2 x 2 counts for one label: first labeller yes/no x second labeller yes/no. */
export interface BinaryCounts {
  yesYes: number;
  yesNo: number;
  noYes: number;
  noNo: number;
}

export interface Agreement {
  n: number;
  /** Observed agreement. */
  observed: number;
  /** Agreement expected by chance from each labeller's own rates. */
  expected: number;
  /** Cohen's kappa; null when chance agreement is 1 (both labellers used one value only). */
  kappa: number | null;
}

/** Cohen's kappa over paired nominal values (any number of categories). */
export function cohensKappa<T>(pairs: readonly (readonly [T, T])[]): Agreement {
  const n = pairs.length;
  if (n === 0) return { n, observed: 0, expected: 0, kappa: null };
  const first = new Map<T, number>();
  const second = new Map<T, number>();
  let agree = 0;
  for (const [a, b] of pairs) {
    if (a === b) agree++;
    first.set(a, (first.get(a) ?? 0) + 1);
    second.set(b, (second.get(b) ?? 0) + 1);
  }
  let expected = 0;
  for (const [v, k] of first) expected += (k / n) * ((second.get(v) ?? 0) / n);
  const observed = agree / n;
  return { n, observed, expected, kappa: expected >= 1 ? null : (observed - expected) / (1 - expected) };
}

export interface KappaReport {
  /** Posts both labelled (unusable ones included in `unusable`, not in the figures). */
  compared: number;
  /** Posts one or both labellers marked unusable: [both, first only, second only]. */
  unusable: { both: number; firstOnly: number; secondOnly: number };
  perLabel: Record<Label, Agreement & { counts: BinaryCounts }>;
  /** Nominal kappa of `partisan_kind` (null counted as its own value "none"). */
  partisanKind: Agreement;
  /** Nominal kappa of `target` on posts both labelled partisan. */
  target: Agreement;
  /** Ids with any difference (labels or the stance fields). */
  disagreements: number;
}

/** Agreement between two labellers over the ids both labelled. */
export function kappaReport(
  first: ReadonlyMap<string, Decision>,
  second: ReadonlyMap<string, Decision>,
  differs: (a: Decision, b: Decision) => boolean,
): KappaReport {
  const ids = [...first.keys()].filter((id) => second.has(id)).sort();
  const unusable = { both: 0, firstOnly: 0, secondOnly: 0 };
  const usable: [Decision & { unusable: false }, Decision & { unusable: false }][] = [];
  let disagreements = 0;
  for (const id of ids) {
    const a = first.get(id)!;
    const b = second.get(id)!;
    if (differs(a, b)) disagreements++;
    if (a.unusable && b.unusable) unusable.both++;
    else if (a.unusable) unusable.firstOnly++;
    else if (b.unusable) unusable.secondOnly++;
    else usable.push([a, b]);
  }
  const perLabel = {} as KappaReport['perLabel'];
  for (const l of LABELS) {
    const pairs = usable.map(([a, b]) => [a.fields.labels.includes(l), b.fields.labels.includes(l)] as const);
    const counts: BinaryCounts = { yesYes: 0, yesNo: 0, noYes: 0, noNo: 0 };
    for (const [x, y] of pairs) counts[x ? (y ? 'yesYes' : 'yesNo') : y ? 'noYes' : 'noNo']++;
    perLabel[l] = { ...cohensKappa(pairs), counts };
  }
  const partisanKind = cohensKappa(usable.map(([a, b]) => [a.fields.partisan_kind ?? 'none', b.fields.partisan_kind ?? 'none'] as const));
  const both = usable.filter(([a, b]) => a.fields.labels.includes('partisan') && b.fields.labels.includes('partisan'));
  const target = cohensKappa(both.map(([a, b]) => [a.fields.target, b.fields.target] as const));
  return { compared: ids.length, unusable, perLabel, partisanKind, target, disagreements };
}

const f3 = (x: number | null) => (x === null ? 'n/a' : x.toFixed(3));

/** The report as Markdown. */
export function kappaMarkdown(r: KappaReport, o: { first: string; second: string }): string {
  const lines = [
    '# Inter-annotator agreement (double-labelled posts)',
    '',
    `First labeller: \`${o.first}\`; second labeller: \`${o.second}\`.`,
    `Posts labelled by both: ${r.compared}; unusable by both ${r.unusable.both}, by the first only ${r.unusable.firstOnly}, by the second only ${r.unusable.secondOnly}; compared below: ${r.compared - r.unusable.both - r.unusable.firstOnly - r.unusable.secondOnly}. Posts with any disagreement (to adjudicate): ${r.disagreements}.`,
    '',
    "| label | n | both yes | first only | second only | both no | observed agreement | chance agreement | Cohen's kappa |",
    '|---|---|---|---|---|---|---|---|---|',
    ...LABELS.map((l) => {
      const a = r.perLabel[l];
      return `| ${l} | ${a.n} | ${a.counts.yesYes} | ${a.counts.yesNo} | ${a.counts.noYes} | ${a.counts.noNo} | ${f3(a.observed)} | ${f3(a.expected)} | ${f3(a.kappa)} |`;
    }),
    '',
    `partisan_kind (nominal, null as "none"): n ${r.partisanKind.n}, observed ${f3(r.partisanKind.observed)}, kappa ${f3(r.partisanKind.kappa)}.`,
    `target (posts both labelled partisan): n ${r.target.n}, observed ${f3(r.target.observed)}, kappa ${f3(r.target.kappa)}.`,
    '',
    'Kappa is n/a where chance agreement is 1 (both labellers gave one value to every post).',
    '',
  ];
  return lines.join('\n');
}
