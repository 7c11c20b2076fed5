/**
 * Alay/leet digits inside words (`4nj1ng` -> `anjing`, `s4y4` -> `saya`, `g0bl0k` -> `goblok`,
 * `b4ng3t` -> `banget`) and alay reduplication (`bagi2` -> `bagi bagi`). The dictionary decides:
 * a substitution is kept only when it yields a known word, so `covid19`, `5g` or `02` stay.
 */

const LEET: Record<string, string> = { '0': 'o', '1': 'i', '3': 'e', '4': 'a', '5': 's', '6': 'g', '7': 't', '8': 'b', '9': 'g' };
const HAS_LETTER = /[a-z]/;
const HAS_DIGIT = /[0-9]/;
const REDUP = /^([a-z]{2,})2$/;
const PARTS = /[a-z]+|[0-9]+/g;

function substitute(word: string, one: string): string {
  let out = '';
  for (const ch of word) out += ch === '1' ? one : (LEET[ch] ?? ch);
  return out;
}

/**
 * Resolve a lowercase token that mixes letters and digits. Returns the words it stands for
 * (usually one), or null when nothing known comes out (the caller keeps the token).
 */
export function deLeet(word: string, isKnown: (w: string) => boolean): string[] | null {
  if (!HAS_LETTER.test(word) || !HAS_DIGIT.test(word)) return null;
  const redup = REDUP.exec(word);
  if (redup && isKnown(redup[1]!)) return [redup[1]!, redup[1]!];
  if (word.length >= 3 && !word.includes('2')) {
    for (const one of ['i', 'l']) {
      const cand = substitute(word, one);
      if (isKnown(cand)) return [cand];
      if (!word.includes('1')) break;
    }
  }
  // Letters and digits glued together: `coblos02` -> `coblos 02`, `salam3jari` -> `salam 3 jari`.
  const parts = word.match(PARTS) ?? [];
  if (parts.length > 1 && parts.every((p) => !HAS_LETTER.test(p) || isKnown(p))) return parts;
  return null;
}
