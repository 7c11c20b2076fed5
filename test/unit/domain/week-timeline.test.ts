import { describe, expect, it } from 'vitest';
import { mondayOf, weekTimeline } from '../../../src/domain/week-timeline.ts';

describe('the person page timeline (weeks)', () => {
  it('names a week by its Monday, across month and year ends', () => {
    expect(mondayOf('2024-02-14')).toBe('2024-02-12'); // a Wednesday
    expect(mondayOf('2024-02-12')).toBe('2024-02-12');
    expect(mondayOf('2024-02-18')).toBe('2024-02-12'); // a Sunday belongs to the week before
    expect(mondayOf('2025-01-01')).toBe('2024-12-30');
  });

  it('merges rows of the same week, fills empty weeks with zeros and ends at the latest active week', () => {
    const t = weekTimeline([
      { week: '2024-02-12', own: 2 },
      { week: '2024-02-12', flags: 1 },
      { week: '2024-02-26', shared: 3, flags: 2 },
    ]);
    expect(t.weeks).toEqual([
      { week: '2024-02-12', own: 2, shared: 0, flags: 1 },
      { week: '2024-02-19', own: 0, shared: 0, flags: 0 },
      { week: '2024-02-26', own: 0, shared: 3, flags: 2 },
    ]);
    expect(t.earlier).toEqual({ own: 0, shared: 0, flags: 0 });
  });

  it('keeps at most maxWeeks and sums what falls before the window', () => {
    const t = weekTimeline(
      [
        { week: '2023-01-02', own: 5, flags: 1 },
        { week: '2024-01-01', own: 1 },
        { week: '2024-01-15', shared: 1 },
      ],
      3,
    );
    expect(t.weeks.map((w) => w.week)).toEqual(['2024-01-01', '2024-01-08', '2024-01-15']);
    expect(t.earlier).toEqual({ own: 5, shared: 0, flags: 1 });
  });

  it('is empty without activity', () => {
    expect(weekTimeline([])).toEqual({ weeks: [], earlier: { own: 0, shared: 0, flags: 0 } });
  });
});
