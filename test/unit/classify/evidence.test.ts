import { describe, expect, it } from 'vitest';
import { dedupeEvidence } from '../../../src/classify/evidence.ts';
import type { EvidenceSpan } from '../../../src/domain/classification.ts';

const span = (label: EvidenceSpan['label'], start: number, end: number, rule: string, weight: number): EvidenceSpan => ({
  label,
  start,
  end,
  text: 'x',
  source: 'lexicon',
  rule,
  weight,
});

describe('dedupeEvidence', () => {
  it('keeps the strongest of identical spans and orders by label then position', () => {
    const out = dedupeEvidence([
      span('money_politics', 19, 24, 'money:giving', 0.6),
      span('partisan', 17, 18, 'target:number', 0.15),
      span('money_politics', 5, 10, 'money:x', 0.5),
      span('partisan', 17, 18, 'target:number', 0.68),
      span('money_politics', 19, 24, 'money:giving', 0.6),
    ]);
    expect(out.map((s) => [s.label, s.start, s.weight])).toEqual([
      ['money_politics', 5, 0.5],
      ['money_politics', 19, 0.6],
      ['partisan', 17, 0.68],
    ]);
  });
});
