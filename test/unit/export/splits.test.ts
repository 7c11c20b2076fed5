import { describe, expect, it } from 'vitest';
import { assignSplits, parseRatios, SPLITS, type SplitItem } from '../../../src/export/splits.ts';
import { seededRandom } from '../../../src/domain/seeded-random.ts';

/** 120 accounts with 1-12 posts each; labels with different frequencies, one rare. */
function makeItems(): SplitItem[] {
  const r = seededRandom(7, 'fixture');
  const items: SplitItem[] = [];
  for (let a = 0; a < 120; a++) {
    const n = 1 + Math.floor(r() * 12);
    for (let k = 0; k < n; k++) {
      const strata: string[] = [];
      if (r() < 0.3) strata.push('partisan');
      if (r() < 0.15) strata.push('abusive');
      if (r() < 0.04) strata.push('hoax');
      items.push({ group: `acct${a}`, strata: strata.length ? strata : ['none'] });
    }
  }
  return items;
}

describe('splits', () => {
  const items = makeItems();

  it('never puts one group in two splits', () => {
    const s = assignSplits(items, 1);
    const seen = new Map<string, string>();
    items.forEach((it, i) => {
      const prev = seen.get(it.group);
      if (prev) expect(s[i]).toBe(prev);
      seen.set(it.group, s[i]!);
    });
  });

  it('is reproducible with a seed and changes with another seed', () => {
    expect(assignSplits(items, 42)).toEqual(assignSplits(items, 42));
    expect(assignSplits(items, 42)).not.toEqual(assignSplits(items, 43));
  });

  it('does not depend on the order rows come in', () => {
    const rev = [...items].reverse();
    const a = assignSplits(items, 5);
    const b = assignSplits(rev, 5).reverse();
    expect(b).toEqual(a);
  });

  it('spreads rows and every label close to the ratios', () => {
    const s = assignSplits(items, 3);
    for (const label of ['partisan', 'abusive', 'hoax', 'none']) {
      const idx = items.map((it, i) => (it.strata.includes(label) ? i : -1)).filter((i) => i >= 0);
      const share = (split: string) => idx.filter((i) => s[i] === split).length / idx.length;
      expect(share('train'), label).toBeGreaterThan(0.7);
      expect(share('train'), label).toBeLessThan(0.9);
      expect(share('dev'), label).toBeGreaterThan(0.04);
      expect(share('test'), label).toBeGreaterThan(0.04);
    }
    for (const split of SPLITS) expect(s.filter((x) => x === split).length).toBeGreaterThan(0);
  });

  it('does better than a random grouped split on the rare label', () => {
    const s = assignSplits(items, 3);
    const hoax = items.map((it, i) => (it.strata.includes('hoax') ? i : -1)).filter((i) => i >= 0);
    const devShare = hoax.filter((i) => s[i] === 'dev').length / hoax.length;
    expect(Math.abs(devShare - 0.1)).toBeLessThan(0.06);
  });

  it('parses ratios and refuses bad ones', () => {
    expect(parseRatios('80/10/10')).toEqual({ train: 0.8, dev: 0.1, test: 0.1 });
    expect(parseRatios('0.7,0.15,0.15').dev).toBeCloseTo(0.15);
    expect(() => parseRatios('80/20')).toThrow(/three/);
    expect(() => parseRatios('0/0/0')).toThrow(/zero/);
  });
});
