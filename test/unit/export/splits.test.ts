import { describe, expect, it } from 'vitest';
import { assignSplits, parseRatios, splitOf, SPLITS, type SplitItem } from '../../../src/export/splits.ts';
import { seededRandom } from '../../../src/domain/seeded-random.ts';

/** 400 people with 1-12 posts each, some labelled (labels must not matter to the split). */
function makeItems(): SplitItem[] {
  const r = seededRandom(7, 'fixture');
  const items: SplitItem[] = [];
  for (let a = 0; a < 400; a++) {
    const n = 1 + Math.floor(r() * 12);
    for (let k = 0; k < n; k++)
      items.push(Object.assign({ group: `person:nip:19800101200501100${a}` }, { strata: [r() < 0.3 ? 'partisan' : 'none'] }));
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
    expect(assignSplits(rev, 5).reverse()).toEqual(assignSplits(items, 5));
  });

  it('is stable when posts are deleted: no remaining post changes split', () => {
    const before = assignSplits(items, 9);
    const r = seededRandom(3, 'delete');
    const keep = items.map(() => r() > 0.3);
    // Also delete every post of some people entirely.
    const gone = new Set(items.filter((_, i) => i % 17 === 0).map((it) => it.group));
    const kept = items.map((it, i) => ({ it, i })).filter(({ it, i }) => keep[i] && !gone.has(it.group));
    const after = assignSplits(
      kept.map((k) => k.it),
      9,
    );
    expect(after).toEqual(kept.map((k) => before[k.i]));
  });

  it('spreads groups close to the ratios', () => {
    const groups = [...new Set(items.map((it) => it.group))];
    const share = (split: string) => groups.filter((g) => splitOf(g, 3) === split).length / groups.length;
    expect(share('train')).toBeGreaterThan(0.74);
    expect(share('train')).toBeLessThan(0.86);
    expect(share('dev')).toBeGreaterThan(0.05);
    expect(share('test')).toBeGreaterThan(0.05);
    const s = assignSplits(items, 3, { train: 0.5, dev: 0, test: 0.5 });
    expect(s.filter((x) => x === 'dev')).toEqual([]);
    for (const split of SPLITS) expect(assignSplits(items, 3).filter((x) => x === split).length).toBeGreaterThan(0);
  });

  it('parses ratios and refuses bad ones', () => {
    expect(parseRatios('80/10/10')).toEqual({ train: 0.8, dev: 0.1, test: 0.1 });
    expect(parseRatios('0.7,0.15,0.15').dev).toBeCloseTo(0.15);
    expect(() => parseRatios('80/20')).toThrow(/three/);
    expect(() => parseRatios('0/0/0')).toThrow(/zero/);
  });
});
