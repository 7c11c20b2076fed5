import { shuffleInPlace } from '../domain/seeded-random.ts';

/** Stratified k-fold assignment (fold index per row) by the pattern of 0/1 labels, seeded. */
export function stratifiedFolds(ys: readonly (readonly number[])[], k: number, rnd: () => number): number[] {
  const groups = new Map<string, number[]>();
  ys.forEach((y, i) => {
    const key = y.join('');
    let g = groups.get(key);
    if (!g) groups.set(key, (g = []));
    g.push(i);
  });
  const fold = new Array<number>(ys.length).fill(0);
  let offset = 0;
  for (const key of [...groups.keys()].sort()) {
    const g = shuffleInPlace(groups.get(key)!, rnd);
    g.forEach((row, j) => (fold[row] = (j + offset) % k));
    offset += g.length;
  }
  return fold;
}
