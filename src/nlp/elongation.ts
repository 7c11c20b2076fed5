/**
 * Undo letter elongation (`bangeeeet` -> `banget`, `wkwkwkwk` -> `wkwk`) while keeping doubles
 * that belong to the word (`maaf`, `saat`, `tunggu`): the dictionary decides.
 */

const RUN = /([a-z])\1+/g;
const LAUGH = /^([a-z])([a-z])(?:\1\2){2,}\1?$/;
const MAX_RUNS = 4;

/**
 * The de-elongated form of a lowercase alphabetic word, or the word itself.
 * Tries every mix of keeping a run at two letters or one (at most 2^4 forms, the first known one
 * wins, longer forms first); with none known, runs of three or more become one letter.
 */
export function deElongate(word: string, isKnown: (w: string) => boolean): string {
  const laugh = LAUGH.exec(word);
  if (laugh) return laugh[1]! + laugh[2]! + laugh[1]! + laugh[2]!;
  RUN.lastIndex = 0;
  const runs: { at: number; len: number }[] = [];
  for (let m = RUN.exec(word); m; m = RUN.exec(word)) runs.push({ at: m.index, len: m[0].length });
  if (runs.length === 0) return word;
  if (runs.length <= MAX_RUNS) {
    const combos = 1 << runs.length;
    // Bit k set: run k keeps two letters. Most letters first (all doubles), then fewer.
    const order = Array.from({ length: combos }, (_, i) => combos - 1 - i).sort((a, b) => popcount(b) - popcount(a));
    for (const mask of order) {
      const cand = build(word, runs, (k) => ((mask >> k) & 1 ? 2 : 1));
      if (cand !== word && isKnown(cand)) return cand;
    }
  }
  const squeezed = build(word, runs, (k) => (runs[k]!.len >= 3 ? 1 : 2));
  return squeezed;
}

function build(word: string, runs: { at: number; len: number }[], keep: (k: number) => number): string {
  let out = '';
  let pos = 0;
  runs.forEach((r, k) => {
    out += word.slice(pos, r.at) + word[r.at]!.repeat(Math.min(r.len, keep(k)));
    pos = r.at + r.len;
  });
  return out + word.slice(pos);
}

function popcount(n: number): number {
  let c = 0;
  for (; n; n &= n - 1) c++;
  return c;
}
