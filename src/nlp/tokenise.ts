/**
 * Tokenisation of the cleaned text into raw tokens with offsets into the CLEAN text (the caller
 * maps them back to the original). Case is kept: hashtag segmentation and the `AMIN` rule read it.
 */

export type RawKind = 'url' | 'mention' | 'hashtag' | 'word' | 'emoji' | 'punct';

export interface RawToken {
  kind: RawKind;
  text: string;
  start: number;
  end: number;
}

// One alternation, tried left to right at each position:
// 1 URL (scheme, www., pic.twitter.com, bare t.co/bit.ly links)
// 2 @mention (also the base64-like hashed handles in the datasets: letters, digits, _ . + / =)
// 3 #hashtag
// 4 emoji: a pictograph with variation selectors / skin tones, a keycap, or a flag pair
// 5 word: letters, marks and digits, with inner apostrophes (jum'at) and number separators (50.000)
// 6 any other visible character (punctuation)
const TOKEN_RE = new RegExp(
  [
    String.raw`((?:https?:\/\/|www\.|pic\.twitter\.com\/|(?:t\.co|bit\.ly)\/)[^\s]+)`,
    String.raw`(@[\p{L}\p{N}_.+\/=]*[\p{L}\p{N}_=])`,
    String.raw`(#[\p{L}\p{M}\p{N}_]*[\p{L}\p{N}][\p{L}\p{M}\p{N}_]*)`,
    String.raw`(\p{Extended_Pictographic}[\u{FE0E}\u{FE0F}\u{1F3FB}-\u{1F3FF}]*|[0-9#*]\u{FE0F}?\u{20E3}|[\u{1F1E6}-\u{1F1FF}]{2})`,
    String.raw`([\p{L}\p{M}\p{N}]+(?:['’][\p{L}]+|[.,]\p{N}+)*)`,
    String.raw`([^\s])`,
  ].join('|'),
  'gu',
);

const KINDS: RawKind[] = ['url', 'mention', 'hashtag', 'emoji', 'word', 'punct'];

/** Split clean text into raw tokens. Hyphens and underscores are separators, never tokens. */
export function tokenise(text: string): RawToken[] {
  const out: RawToken[] = [];
  TOKEN_RE.lastIndex = 0;
  for (let m = TOKEN_RE.exec(text); m; m = TOKEN_RE.exec(text)) {
    let g = 1;
    while (m[g] === undefined) g++;
    const kind = KINDS[g - 1]!;
    const t = m[0];
    if (kind === 'punct' && (t === '-' || t === '_' || t === '\u2010' || t === '\u2011')) continue;
    out.push({ kind, text: t, start: m.index, end: m.index + t.length });
  }
  return out;
}
