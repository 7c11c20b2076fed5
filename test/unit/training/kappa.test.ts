import { describe, expect, it } from 'vitest';
import { cohensKappa, kappaMarkdown, kappaReport } from '../../../src/training/labelling/kappa.ts';
import { decisionDiff, type Decision } from '../../../src/training/labelling/label-files.ts';

const pairs = (counts: [boolean, boolean, number][]) => counts.flatMap(([a, b, n]) => Array.from({ length: n }, () => [a, b] as const));

describe("Cohen's kappa", () => {
  it('matches the textbook example (20 both yes, 5 first only, 10 second only, 15 both no: kappa 0.4)', () => {
    const k = cohensKappa(
      pairs([
        [true, true, 20],
        [true, false, 5],
        [false, true, 10],
        [false, false, 15],
      ]),
    );
    expect(k.n).toBe(50);
    expect(k.observed).toBeCloseTo(0.7, 10);
    expect(k.expected).toBeCloseTo(0.5, 10);
    expect(k.kappa).toBeCloseTo(0.4, 10);
  });

  it('is 1 for perfect agreement, 0 at chance, and n/a when both used one value only', () => {
    expect(
      cohensKappa(
        pairs([
          [true, true, 3],
          [false, false, 7],
        ]),
      ).kappa,
    ).toBeCloseTo(1, 10);
    expect(
      cohensKappa(
        pairs([
          [true, true, 25],
          [true, false, 25],
          [false, true, 25],
          [false, false, 25],
        ]),
      ).kappa,
    ).toBeCloseTo(0, 10);
    expect(cohensKappa(pairs([[false, false, 9]])).kappa).toBeNull();
  });

  it('handles several categories (Fleiss 1971 style 3x3 table)', () => {
    // 3x3 table: rows first, columns second: [[25,2,3],[4,30,6],[1,4,25]] -> po 0.8, kappa 0.6994...
    const table = [
      [25, 2, 3],
      [4, 30, 6],
      [1, 4, 25],
    ];
    const ps = table.flatMap((row, i) => row.flatMap((n, j) => Array.from({ length: n }, () => [i, j] as const)));
    const k = cohensKappa(ps);
    expect(k.observed).toBeCloseTo(0.8, 10);
    const pe = (30 * 30 + 40 * 36 + 30 * 34) / 100 ** 2;
    expect(k.kappa).toBeCloseTo((0.8 - pe) / (1 - pe), 10);
  });
});

const d = (labels: string[], over: Record<string, unknown> = {}): Decision => ({
  unusable: false,
  fields: {
    labels: labels as never,
    target: labels.includes('partisan') ? 'pilpres-2024/02' : null,
    uncertain: false,
    note: '',
    partisan_kind: labels.includes('partisan') ? 'support' : null,
    hate_target: null,
    abusive_has_target: labels.includes('abusive') ? true : null,
    ...over,
  },
});

describe('kappaReport', () => {
  it('counts per label over the posts both labelled, and sets unusable rows apart', () => {
    const first = new Map<string, Decision>([
      ['a', d(['partisan'])],
      ['b', d(['partisan', 'abusive'])],
      ['c', d([])],
      ['d', { unusable: true, note: 'link only' }],
      ['only-first', d(['hoax'])],
    ]);
    const second = new Map<string, Decision>([
      ['a', d(['partisan'])],
      ['b', d(['partisan'])],
      ['c', d(['abusive'])],
      ['d', d([])],
    ]);
    const r = kappaReport(first, second, (x, y) => decisionDiff(x, y).length > 0);
    expect(r.compared).toBe(4);
    expect(r.unusable).toEqual({ both: 0, firstOnly: 1, secondOnly: 0 });
    expect(r.perLabel.partisan.counts).toEqual({ yesYes: 2, yesNo: 0, noYes: 0, noNo: 1 });
    expect(r.perLabel.partisan.kappa).toBeCloseTo(1, 10);
    expect(r.perLabel.abusive.counts).toEqual({ yesYes: 0, yesNo: 1, noYes: 1, noNo: 1 });
    expect(r.disagreements).toBe(3);
    expect(kappaMarkdown(r, { first: 'A', second: 'B' })).toMatch(/\| abusive \| 3 \| 0 \| 1 \| 1 \| 1 \| 0.333 \|/);
  });
});
