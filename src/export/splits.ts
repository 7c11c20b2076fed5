import { seededRandom, shuffled } from '../domain/seeded-random.ts';

export const SPLITS = ['train', 'dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** Share of rows per split. @default { train: 0.8, dev: 0.1, test: 0.1 } */
export type SplitRatios = Record<Split, number>;
export const DEFAULT_RATIOS: SplitRatios = { train: 0.8, dev: 0.1, test: 0.1 };

export interface SplitItem {
  /** Rows of one group never land in two splits (an account's person, else the account). */
  group: string;
  /** Strata the row counts in (its positive labels; `none` for a row with none). */
  strata: readonly string[];
}

/** Parse `80/10/10` or `0.8,0.1,0.1` into ratios that sum to 1. */
export function parseRatios(text: string): SplitRatios {
  const parts = text.split(/[/,:]/).map((p) => Number(p.trim()));
  if (parts.length !== 3 || parts.some((p) => !Number.isFinite(p) || p < 0)) {
    throw new Error(`split ratios ${JSON.stringify(text)} must be three non-negative numbers, e.g. 80/10/10`);
  }
  const sum = parts[0]! + parts[1]! + parts[2]!;
  if (sum <= 0) throw new Error(`split ratios ${JSON.stringify(text)} must not all be zero`);
  return { train: parts[0]! / sum, dev: parts[1]! / sum, test: parts[2]! / sum };
}

/**
 * Assign each row to train, dev or test: grouped (every row of a group goes to one split, so
 * no person is in two splits) and stratified (each label's rows spread over the splits close to
 * the ratios). Greedy, rarest strata first: groups are taken in a seeded order, groups holding
 * rare labels before common ones, and each goes to the split that most lacks what the group
 * holds. The same items, ratios and seed give the same assignment.
 */
export function assignSplits(items: readonly SplitItem[], seed: number, ratios: SplitRatios = DEFAULT_RATIOS): Split[] {
  const groups = new Map<string, { rows: number[]; counts: Map<string, number> }>();
  const totals = new Map<string, number>();
  items.forEach((it, i) => {
    let g = groups.get(it.group);
    if (!g) groups.set(it.group, (g = { rows: [], counts: new Map() }));
    g.rows.push(i);
    for (const s of [...new Set(it.strata)]) {
      g.counts.set(s, (g.counts.get(s) ?? 0) + 1);
      totals.set(s, (totals.get(s) ?? 0) + 1);
    }
  });
  const random = seededRandom(seed, 'splits');
  // Seeded order over a sorted list: independent of insertion order.
  const names = shuffled([...groups.keys()].sort(), random);
  const rarest = (name: string) => Math.min(...[...groups.get(name)!.counts.keys()].map((s) => totals.get(s)!));
  const order = names
    .map((name, i) => ({ name, i, rare: rarest(name), size: groups.get(name)!.rows.length }))
    .sort((a, b) => a.rare - b.rare || b.size - a.size || a.i - b.i)
    .map((x) => x.name);

  const total = items.length;
  const have = new Map<Split, Map<string, number>>(SPLITS.map((s) => [s, new Map()]));
  const rowsIn = new Map<Split, number>(SPLITS.map((s) => [s, 0]));
  const out: Split[] = new Array(items.length);
  for (const name of order) {
    const g = groups.get(name)!;
    let best: Split = 'train';
    let bestScore = -Infinity;
    for (const s of SPLITS) {
      if (ratios[s] === 0) continue;
      // How much this split still lacks of each stratum the group holds, relative to its target.
      let score = 0;
      for (const [stratum, n] of g.counts) {
        const target = ratios[s] * totals.get(stratum)!;
        const lack = target - (have.get(s)!.get(stratum) ?? 0);
        score += (lack / Math.max(target, 1e-9)) * n;
      }
      const rowLack = (ratios[s] * total - rowsIn.get(s)!) / Math.max(ratios[s] * total, 1e-9);
      score += 0.5 * rowLack * g.rows.length;
      if (score > bestScore + 1e-12) {
        bestScore = score;
        best = s;
      }
    }
    for (const [stratum, n] of g.counts) have.get(best)!.set(stratum, (have.get(best)!.get(stratum) ?? 0) + n);
    rowsIn.set(best, rowsIn.get(best)! + g.rows.length);
    for (const r of g.rows) out[r] = best;
  }
  return out;
}
