/**
 * Word tokens of a post for name matching: runs of letters or digits, split again where a
 * run-together hashtag or handle changes case or turns from letters to digits
 * (`#SriHandayani2024` -> `Sri`, `Handayani`, `2024`). Each token keeps its place in the text.
 */
export interface Token {
  start: number;
  end: number;
  text: string;
  lower: string;
  /** Index of the run (letters, digits and `_` between separators) the token came from. */
  run: number;
  /** The run follows a `#`. */
  hashtag: boolean;
  letters: boolean;
  /** First letter upper case. */
  capital: boolean;
}

const RUN = /[\p{L}\p{M}\p{N}_]+/gu;
const PIECE = /\p{Lu}?[\p{Ll}\p{M}]+|\p{Lu}+(?![\p{Ll}])|\p{Lu}|\p{N}+|[\p{L}\p{M}]+/gu;

export function tokenize(text: string): Token[] {
  const out: Token[] = [];
  let run = 0;
  for (const m of text.matchAll(RUN)) {
    const hashtag = m.index > 0 && text[m.index - 1] === '#';
    let offset = m.index;
    for (const part of m[0].split('_')) {
      for (const p of part.matchAll(PIECE)) {
        const start = offset + p.index;
        const t = p[0];
        out.push({
          start,
          end: start + t.length,
          text: t,
          lower: t.toLowerCase(),
          run,
          hashtag,
          letters: !/\p{N}/u.test(t),
          capital: /^\p{Lu}/u.test(t),
        });
      }
      offset += part.length + 1;
    }
    run++;
  }
  return out;
}

/** Lower-case word tokens of a registry string (a name, an agency, a position), as a post would give them. */
export function termTokens(s: string): string[] {
  return tokenize(s.normalize('NFC')).map((t) => t.lower);
}
