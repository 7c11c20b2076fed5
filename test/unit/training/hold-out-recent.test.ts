import { describe, expect, it } from 'vitest';
import { holdOutRecent } from '../../../src/training/review-examples.ts';

const at = (d: number, personId: number | null) => ({ decidedAt: new Date(Date.UTC(2024, 0, d)), personId });

describe('the recent hold-out', () => {
  it('shares no person with training: older decisions about a held-out person are left out', () => {
    // Persons 1..5 decided over days 1..10; person 2 and 5 are also among the two newest.
    const ex = [at(1, 1), at(2, 2), at(3, 3), at(4, 5), at(5, 4), at(6, 2), at(7, null), at(8, 1), at(9, 2), at(10, 5)];
    const { train, recent, dropped } = holdOutRecent(ex, 0.2);
    expect(recent.map((r) => r.personId)).toEqual([2, 5]);
    const held = new Set(recent.map((r) => r.personId));
    expect(train.some((r) => held.has(r.personId))).toBe(false);
    expect(dropped).toBe(3); // person 2 on days 2 and 6, person 5 on day 4
    expect(train.map((r) => r.personId)).toEqual([1, 3, 4, null, 1]);
  });
});
