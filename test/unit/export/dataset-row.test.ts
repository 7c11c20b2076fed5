import { describe, expect, it } from 'vitest';
import { coarseTime, isoWeek } from '../../../src/export/dataset-row.ts';

describe('coarse time', () => {
  it.each([
    ['2024-02-14', '2024-W07'],
    ['2024-01-01', '2024-W01'],
    ['2023-01-01', '2022-W52'],
    ['2020-12-31', '2020-W53'],
    ['2021-01-03', '2020-W53'],
    ['2019-12-30', '2020-W01'],
  ])('ISO week of %s is %s', (day, week) => expect(isoWeek(day)).toBe(week));

  it('takes the day in WIB, not UTC', () => {
    // 2024-02-13 20:00 UTC is 14 Feb 03:00 WIB.
    expect(coarseTime(new Date('2024-02-13T20:00:00Z'), 'date')).toBe('2024-02-14');
    expect(coarseTime(new Date('2024-02-11T18:00:00Z'), 'week')).toBe('2024-W07');
    expect(coarseTime(null, 'week')).toBeNull();
  });
});
