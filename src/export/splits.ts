import { createHash } from 'node:crypto';

export const SPLITS = ['train', 'dev', 'test'] as const;
export type Split = (typeof SPLITS)[number];

/** Share of rows per split. @default { train: 0.8, dev: 0.1, test: 0.1 } */
export type SplitRatios = Record<Split, number>;
export const DEFAULT_RATIOS: SplitRatios = { train: 0.8, dev: 0.1, test: 0.1 };

export interface SplitItem {
  /** Rows of one group never land in two splits: the person's stable registry key, else the account, else the post. */
  group: string;
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
 * The split of one group: a keyed hash (SHA-256 of the seed and the group) read as a number in
 * [0, 1) and cut at the ratios. It depends on nothing but the group, the seed and the ratios, so
 * deleting, adding or filtering other posts never moves a group to another split, and a person
 * stays in the same split in every release made with the same seed.
 */
export function splitOf(group: string, seed: number, ratios: SplitRatios = DEFAULT_RATIOS): Split {
  const h = createHash('sha256').update(`netra-split\u0000${seed}\u0000${group}`).digest();
  const u = (h.readUInt32BE(0) * 2 ** 21 + (h.readUInt32BE(4) >>> 11)) / 2 ** 53;
  let edge = 0;
  for (const s of SPLITS) {
    edge += ratios[s];
    if (u < edge && ratios[s] > 0) return s;
  }
  return [...SPLITS].reverse().find((s) => ratios[s] > 0)!;
}

/**
 * Assign each row to train, dev or test by its group's hash (`splitOf`): grouped (no person is
 * in two splits) and stable under deletion. Not stratified: with few groups a rare label can
 * miss a split; the datasheet prints each split's label counts so a reader can see it.
 */
export function assignSplits(items: readonly SplitItem[], seed: number, ratios: SplitRatios = DEFAULT_RATIOS): Split[] {
  const memo = new Map<string, Split>();
  return items.map((it) => {
    let s = memo.get(it.group);
    if (!s) memo.set(it.group, (s = splitOf(it.group, seed, ratios)));
    return s;
  });
}
