import type { AnalysedText } from '../../nlp/types.ts';

const CLOSE: Record<string, string> = { '"': '"', '“': '”', '”': '”', "'": "'", '‘': '’', '’': '’', '«': '»' };
const BEFORE_OPEN = /[\s(:[\-–—/,;]/;
const AFTER_CLOSE = /[\s).,:;!?\]\-–—/]/;
const ANY_QUOTE = /["“”'‘’«]/;

/**
 * Spans of the original text inside quotation marks ("…", “…”, '…', ‘…’, «…») holding at least
 * two words. An apostrophe inside a word (jum'at) opens nothing: a quote opens after a space or
 * punctuation and closes before one.
 */
export function quotedSpans(text: string): [number, number][] {
  const out: [number, number][] = [];
  if (!ANY_QUOTE.test(text)) return out; // most posts: no quotation mark at all
  for (let i = 0; i < text.length; i++) {
    const close = CLOSE[text[i]!];
    if (!close || (i > 0 && !BEFORE_OPEN.test(text[i - 1]!))) continue;
    for (let j = i + 2; j < text.length; j++) {
      if (text[j] !== close && !(close === '”' && text[j] === '"')) continue;
      if (j + 1 < text.length && !AFTER_CLOSE.test(text[j + 1]!)) continue;
      const inner = text.slice(i + 1, j).trim();
      if (/\S\s+\S/.test(inner)) {
        out.push([i, j + 1]);
        i = j;
      }
      break;
    }
  }
  return out;
}

const DENY = new Set(['tidak', 'bukan', 'tak', 'belum']);

/**
 * The shape of a correction: the claim is quoted, and outside the quotes the post denies
 * something ("Video 'X' itu bukan di IKN", "Poster 'Y' ... tidak pernah dibuat"). Someone
 * asserting a claim rarely puts it in quotation marks and then negates it.
 */
export function quotesAndDenies(a: AnalysedText): boolean {
  const spans = quotedSpans(a.original);
  if (spans.length === 0) return false;
  return a.tokens.some((t) => DENY.has(t.norm) && !spans.some(([s, e]) => t.start >= s && t.end <= e));
}
