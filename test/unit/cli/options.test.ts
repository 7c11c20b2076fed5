import { describe, expect, it } from 'vitest';
import { anchorOption, intOption, numberOption } from '../../../src/cli/options.ts';

describe('CLI number options (one parser for every command)', () => {
  it('accepts whole numbers in range', () => {
    expect(intOption('--limit', '50', { min: 1 })).toBe(50);
    expect(intOption('--show', '0', { min: 0 })).toBe(0);
    expect(intOption('--seed', '-7')).toBe(-7);
    expect(intOption('--port', '65535', { min: 0, max: 65_535 })).toBe(65_535);
  });

  it('refuses anything else, quoting the option, the value and the range', () => {
    expect(() => intOption('--limit', 'ten', { min: 1 })).toThrow('--limit "ten" must be a positive whole number');
    expect(() => intOption('--limit', '', { min: 1 })).toThrow('--limit "" must be a positive whole number');
    expect(() => intOption('--show', '2.5', { min: 0 })).toThrow('--show "2.5" must be a whole number >= 0');
    expect(() => intOption('--concurrency', '65', { min: 1, max: 64 })).toThrow('--concurrency "65" must be a whole number from 1 to 64');
    expect(() => intOption('--seed', '1e30')).toThrow('--seed "1e30" must be a whole number');
  });

  it('numbers: finite, in range, an open upper bound where asked', () => {
    expect(numberOption('--recent-share', '0.2', { min: 0, max: 1, belowMax: true })).toBe(0.2);
    expect(() => numberOption('--recent-share', '1', { min: 0, max: 1, belowMax: true })).toThrow(
      '--recent-share "1" must be a number from 0 to below 1',
    );
    expect(() => numberOption('--hours', 'abc', { min: 1 })).toThrow('--hours "abc" must be a number >= 1');
    expect(numberOption('--check-seconds', '1.5', { min: 1 })).toBe(1.5);
  });
});

describe('--anchor SEQ:HASH (one parser for every hash-chain command)', () => {
  const h = 'ab'.repeat(32);
  it('takes SEQ:HASH as the verify commands print it, and collects repeats', () => {
    expect(anchorOption(`12:${h}`)).toEqual([{ seq: 12, hash: h }]);
    // `netra evidence verify` prints `#12 <hash>`; upper-case hex is the same hash.
    expect(anchorOption(` #12:${h.toUpperCase()} `, [{ seq: 3, hash: h }])).toEqual([
      { seq: 3, hash: h },
      { seq: 12, hash: h },
    ]);
  });

  it('refuses anything else, naming the option and the value', () => {
    for (const bad of ['bogus', '12', `12:${h.slice(1)}`, `0:${h}`, `-1:${h}`, `12:${'z'.repeat(64)}`, `12 ${h}`])
      expect(() => anchorOption(bad), bad).toThrow(`--anchor ${JSON.stringify(bad)}: write SEQ:HASH`);
  });
});
