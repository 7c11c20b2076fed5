import { describe, expect, it } from 'vitest';
import { ordinaryPosition, ordinarySplit } from '../../../src/training/ordinary-split.ts';

const PINNED = ['dev', 'test', 'test', 'test', 'train', 'train', 'train', 'train'];

describe('ordinarySplit', () => {
  it('gives fixed shares of about 40/20/40 per file', () => {
    for (const file of ['emot-emotion-tweets.csv', 'idsa-sentiment-tweets.csv', 'vaccine-tweets-2021.csv']) {
      const n = 10_000;
      const c = { train: 0, dev: 0, test: 0 };
      for (let row = 1; row <= n; row++) c[ordinarySplit(file, row)]++;
      expect(c.train / n).toBeGreaterThan(0.38);
      expect(c.train / n).toBeLessThan(0.42);
      expect(c.dev / n).toBeGreaterThan(0.18);
      expect(c.dev / n).toBeLessThan(0.22);
      expect(c.test / n).toBeGreaterThan(0.38);
      expect(c.test / n).toBeLessThan(0.42);
    }
  });

  it('depends only on the base name and the row, and never changes', () => {
    expect(ordinarySplit('/work/shared/datasets/ordinary/emot-emotion-tweets.csv', 17)).toBe(ordinarySplit('emot-emotion-tweets.csv', 17));
    // Pinned: a changed salt or hash would re-deal rows that were already used for training or tuning.
    const pinned = [1, 2, 3, 4, 5, 6, 7, 8].map((r) => ordinarySplit('idsa-sentiment-tweets.csv', r));
    expect(pinned).toEqual(PINNED);
    expect(ordinaryPosition('idsa-sentiment-tweets.csv', 1)).toBeGreaterThanOrEqual(0);
  });

  it('differs between files for the same row number', () => {
    const a = Array.from({ length: 200 }, (_, i) => ordinarySplit('emot-emotion-tweets.csv', i + 1));
    const b = Array.from({ length: 200 }, (_, i) => ordinarySplit('vaccine-tweets-2021.csv', i + 1));
    expect(a).not.toEqual(b);
  });

  it('rejects a row number below 1', () => {
    expect(() => ordinarySplit('emot-emotion-tweets.csv', 0)).toThrow(/row must be a whole number >= 1/);
  });
});
