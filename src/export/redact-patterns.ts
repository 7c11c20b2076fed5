/**
 * The pattern half of redaction: identifiers recognisable by their shape, whoever they belong
 * to. Each pattern yields spans of the original text; `redact.ts` resolves overlaps (the longer
 * span wins, then the lower priority number) and writes the placeholders. Every pattern is one
 * regular expression over the post, so its cost does not depend on the registry.
 */
import type { RedactionKind } from './redact-kinds.ts';

export interface Span {
  start: number;
  end: number;
  kind: RedactionKind;
  /** Lower wins between two spans of the same length. */
  priority: number;
}

const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';

/** Top-level domains of bare links, including the short-link services (linktr.ee, youtu.be, instagr.am, s.id, bit.ly, wa.me, t.co). */
const TLDS =
  'com|id|net|org|co|ly|io|me|gl|gg|tv|info|biz|xyz|app|site|online|news|web|my|sg|us|uk|ws|to|link|page|gd|cc|ee|am|be|tk|ai|fm|ms|ph|in|su|la|lk|vu|gy|is|st|li|sh|nu|cx|do';

/** Region codes of Indonesian number plates (B Jakarta, D Bandung, AB Yogyakarta, ...). */
const PLATE_REGIONS =
  'A|B|D|E|F|G|H|K|L|M|N|P|R|S|T|W|Z|AA|AB|AD|AE|AG|BA|BB|BD|BE|BG|BH|BK|BL|BM|BN|BP|DA|DB|DC|DD|DE|DG|DH|DK|DL|DM|DN|DR|DS|DT|DW|EA|EB|ED|KB|KH|KT|KU|PA|PB|CD|CC|RI';

/** Banks, e-wallets and the words that announce an account number. */
const BANK_WORDS =
  'no\\.?\\s*rek(?:ening)?|norek|rek(?:ening)?|bca|bri|bni|mandiri|bsi|btn|cimb(?:\\s*niaga)?|danamon|permata|bjb|jago|seabank|muamalat|mega|ocbc|panin|dana|ovo|gopay|shopeepay|linkaja|virtual\\s*account|va';

/** RT/RW after an address, when written. */
const RT_RW = '(?:,?\\s*RT\\.?\\s*\\d{1,3}\\s*\\/?\\s*RW\\.?\\s*\\d{1,3})?';

interface Pattern {
  kind: RedactionKind;
  re: RegExp;
  priority: number;
  /** The capture group that is the identifier (the rest is context that stays). @default whole match */
  group?: number;
}

const PATTERNS: readonly Pattern[] = [
  { kind: 'url', priority: 1, re: /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu },
  { kind: 'email', priority: 2, re: /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu },
  { kind: 'url', priority: 3, re: new RegExp(`${B}(?:[a-z0-9-]+\\.)+(?:${TLDS})(?:/[^\\s<>"']*)?${E}`, 'giu') },
  { kind: 'user', priority: 4, re: /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_][\p{L}\p{N}_.]*[\p{L}\p{N}_]|(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]/giu },
  // NIP: 18 digits, often written 8-6-1-3.
  { kind: 'nip', priority: 5, re: new RegExp(`${B}\\d{8}[ .-]?\\d{6}[ .-]?\\d[ .-]?\\d{3}${E}`, 'gu') },
  // NIK: 16 digits, plain, 6-6-4 or 4-4-4-4.
  {
    kind: 'nik',
    priority: 6,
    re: new RegExp(`${B}(?:\\d{16}|\\d{6}[ .-]\\d{6}[ .-]\\d{4}|\\d{4}[ .-]\\d{4}[ .-]\\d{4}[ .-]\\d{4})${E}`, 'gu'),
  },
  // A bank account: digits (6 to 20, groups allowed) shortly after a bank's name or "rek".
  {
    kind: 'bank',
    priority: 7,
    group: 1,
    re: new RegExp(
      `${B}(?:${BANK_WORDS})${E}[\\s.:#/-]*(?:(?:a\\.?n\\.?|an|atas nama|no\\.?|nomor|norek|rek)[\\s.:]*)?(\\d(?:[ .-]?\\d){5,19})${E}`,
      'giu',
    ),
  },
  // Mobile numbers: +62 8.., 62 8.., 08.., with spaces, dots or dashes between groups.
  {
    kind: 'phone',
    priority: 8,
    re: new RegExp(`(?:(?<![\\p{L}\\p{N}_+])\\+62|${B}62|${B}0)[ .-]?\\(?8\\d{1,2}\\)?(?:[ .-]?\\d{2,5}){1,3}${E}`, 'gu'),
  },
  // Landlines: (021) 555-1234, 021-5551234.
  { kind: 'phone', priority: 8, re: new RegExp(`(?:\\(0\\d{1,3}\\)|${B}0\\d{2,3}-)[ ]?\\d{3,4}[ .-]?\\d{3,5}${E}`, 'gu') },
  // Number plates: B 1234 ABC, AB 1234 CD, D1234XY (region code, 1-4 digits, 1-3 letters; capitals).
  { kind: 'plate', priority: 9, re: new RegExp(`${B}(?:${PLATE_REGIONS})[ -]?\\d{1,4}[ -]?[A-Z]{1,3}${E}`, 'gu') },
  // Street addresses: "Jl. Melati No. 5", "Gg. Mawar 3", "jalan kenanga no 12", then RT/RW if written.
  {
    kind: 'address',
    priority: 10,
    re: new RegExp(`${B}(?:Jl|JL|Jln|JLN|Gg|Komp|Perum)\\.?\\s*(?:[\\p{Lu}\\p{N}][\\p{L}\\p{N}'/-]*\\.?[ \\t]*){1,6}${RT_RW}`, 'gu'),
  },
  {
    kind: 'address',
    priority: 10,
    re: new RegExp(
      `${B}(?:jl|jln|jalan|gg|gang|komp|komplek|kompleks|perum|perumahan)\\.?\\s+(?:[\\p{L}\\p{N}'-]+\\.?\\s+){0,5}?(?:no|nomor)\\.?\\s*\\d+[a-z]?(?:\\/\\d+)?${RT_RW}`,
      'giu',
    ),
  },
  { kind: 'address', priority: 10, re: new RegExp(`${B}RT\\.?\\s*\\d{1,3}\\s*\\/?\\s*RW\\.?\\s*\\d{1,3}${E}`, 'giu') },
  { kind: 'number', priority: 20, re: new RegExp(`${B}\\d{9,}${E}`, 'gu') },
];

/** Every pattern span in `text` (overlapping; resolved by the caller). */
export function patternSpans(text: string): Span[] {
  const out: Span[] = [];
  for (const p of PATTERNS) {
    p.re.lastIndex = 0;
    for (const m of text.matchAll(p.re)) {
      let start = m.index;
      let end = start + m[0].length;
      if (p.group !== undefined) {
        const g = m[p.group];
        if (g === undefined) continue;
        start += m[0].lastIndexOf(g);
        end = start + g.length;
      }
      // Trailing spaces and dots a pattern swallowed stay in the text.
      while (end > start && /[\s.,]/.test(text[end - 1]!)) end--;
      if (end > start) out.push({ start, end, kind: p.kind, priority: p.priority });
    }
  }
  return out;
}
