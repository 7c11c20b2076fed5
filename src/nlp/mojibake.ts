/**
 * Repair of mojibake: UTF-8 bytes that were decoded as Windows-1252 (or Latin-1), sometimes two
 * or three times over, as in the public datasets (`ðŸ˜‚` and `ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š` are both 😂).
 *
 * Only runs of characters that all belong to the cp1252/Latin-1 upper half are considered, and
 * inside a run only byte sequences that form valid UTF-8 are decoded; anything else is left as
 * written. Each repaired character keeps the span of the original characters it came from, so
 * token offsets still point into the original text.
 */

/** cp1252 characters for bytes 0x80-0x9F (undefined bytes pass through as U+0080-U+009F). */
const CP1252_HIGH: Record<number, number> = {
  0x20ac: 0x80,
  0x201a: 0x82,
  0x0192: 0x83,
  0x201e: 0x84,
  0x2026: 0x85,
  0x2020: 0x86,
  0x2021: 0x87,
  0x02c6: 0x88,
  0x2030: 0x89,
  0x0160: 0x8a,
  0x2039: 0x8b,
  0x0152: 0x8c,
  0x017d: 0x8e,
  0x2018: 0x91,
  0x2019: 0x92,
  0x201c: 0x93,
  0x201d: 0x94,
  0x2022: 0x95,
  0x2013: 0x96,
  0x2014: 0x97,
  0x02dc: 0x98,
  0x2122: 0x99,
  0x0161: 0x9a,
  0x203a: 0x9b,
  0x0153: 0x9c,
  0x017e: 0x9e,
  0x0178: 0x9f,
};

const CP1252_CLASS =
  '\\u0080-\\u00ff\\u0152\\u0153\\u0160\\u0161\\u0178\\u017d\\u017e\\u0192\\u02c6\\u02dc\\u2013\\u2014\\u2018-\\u201a\\u201c-\\u201e\\u2020-\\u2022\\u2026\\u2030\\u2039\\u203a\\u20ac\\u2122';

/**
 * A run of two or more cp1252-range characters starting with a UTF-8 lead byte (Â..ô).
 * Global: callers reset `lastIndex`.
 */
export const MOJIBAKE_RUN = new RegExp(`[\\u00c2-\\u00f4][${CP1252_CLASS}]+`, 'g');

/** The byte a character stands for under cp1252/Latin-1, or -1. */
function byteOf(code: number): number {
  if (code >= 0x80 && code <= 0xff) return code;
  return CP1252_HIGH[code] ?? -1;
}

/** A character with the span of the original text it stands for. */
export interface SpannedChar {
  ch: string;
  start: number;
  end: number;
}

function seqLength(lead: number): number {
  if (lead >= 0xc2 && lead <= 0xdf) return 2;
  if (lead >= 0xe0 && lead <= 0xef) return 3;
  if (lead >= 0xf0 && lead <= 0xf4) return 4;
  return 0;
}

/** Decode one pass; returns null when nothing changed. */
function decodePass(chars: SpannedChar[]): SpannedChar[] | null {
  const out: SpannedChar[] = [];
  let changed = false;
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const lead = byteOf(c.ch.codePointAt(0)!);
    const n = seqLength(lead);
    if (n > 0 && i + n <= chars.length) {
      let cp = lead & (n === 2 ? 0x1f : n === 3 ? 0x0f : 0x07);
      let ok = true;
      for (let k = 1; k < n; k++) {
        const b = byteOf(chars[i + k]!.ch.codePointAt(0)!);
        if (b < 0x80 || b > 0xbf) {
          ok = false;
          break;
        }
        cp = (cp << 6) | (b & 0x3f);
      }
      // Reject overlong forms, surrogates and out-of-range code points: not real UTF-8.
      const min = n === 2 ? 0x80 : n === 3 ? 0x800 : 0x10000;
      if (ok && cp >= min && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) {
        out.push({ ch: String.fromCodePoint(cp), start: c.start, end: chars[i + n - 1]!.end });
        changed = true;
        i += n;
        continue;
      }
    }
    out.push(c);
    i++;
  }
  return changed ? out : null;
}

// Â, Ã, â, ð never stand alone in Indonesian text; after a repair they are lead bytes whose
// continuation was lost. Accented letters such as é are kept.
const C1_OR_LEAD = /^[\u0080-\u009f\u00c2\u00c3\u00e2\u00f0]$/;

/**
 * Repair one run (up to three rounds of double encoding). Returns null if the run is not
 * mojibake. Leftovers of sequences whose bytes were lost in transit (C1 control characters and
 * dangling `Â`, `Ã`, `â` or `ð`) are dropped from a repaired run.
 */
export function repairRun(chars: SpannedChar[]): SpannedChar[] | null {
  let cur = chars;
  let rounds = 0;
  for (; rounds < 3; rounds++) {
    const next = decodePass(cur);
    if (!next) break;
    cur = next;
  }
  if (rounds === 0) return null;
  return cur.filter((c) => !C1_OR_LEAD.test(c.ch));
}

/** Repair mojibake in a whole string (for tests and tools; the pipeline works on spans). */
export function repairMojibake(text: string): string {
  MOJIBAKE_RUN.lastIndex = 0;
  return text.replace(MOJIBAKE_RUN, (run, offset: number) => {
    const chars: SpannedChar[] = [];
    let i = 0;
    for (const ch of run) {
      chars.push({ ch, start: offset + i, end: offset + i + ch.length });
      i += ch.length;
    }
    const fixed = repairRun(chars);
    return fixed ? fixed.map((c) => c.ch).join('') : run;
  });
}
