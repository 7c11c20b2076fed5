import { MOJIBAKE_RUN, repairRun, type SpannedChar } from './mojibake.ts';

/**
 * The cleaned text the tokeniser reads, with a map back to the original: `start[i]`/`end[i]` is
 * the span of the ORIGINAL text that clean UTF-16 unit `i` came from. `map` is null when the
 * clean text equals the original (the common, fast case).
 */
export interface CleanText {
  text: string;
  map: { start: Int32Array; end: Int32Array } | null;
}

/** Span in the original text of clean units [cs, ce). */
export function originalSpan(c: CleanText, cs: number, ce: number): [number, number] {
  if (!c.map) return [cs, ce];
  return [c.map.start[cs]!, c.map.end[ce - 1]!];
}

// Plain printable ASCII with no backslash needs no cleaning at all.
const PLAIN = /^[\x20-\x5b\x5d-\x7e\n\t\r]*$/;
// Special segments: mojibake runs, or literal escape sequences left in exported datasets (`\n`).
const SPECIAL = new RegExp(`${MOJIBAKE_RUN.source}|\\\\[nrt]`, 'g');
// Removed outright: C0/C1 controls (but tab/newline), soft hyphen, zero-width and bidi controls,
// word joiners, BOM. ZWJ goes too: an emoji ZWJ sequence then reads as its parts.
const DROP = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]/;
const MARK = /\p{M}/u;

class Builder {
  text = '';
  starts: number[] = [];
  ends: number[] = [];
  push(s: string, start: number, end: number): void {
    this.text += s;
    for (let k = 0; k < s.length; k++) {
      this.starts.push(start);
      this.ends.push(end);
    }
  }
}

/**
 * Emit characters `chars` (each with its original span): drop invisible characters and apply
 * NFKC per cluster (a character and its combining marks), so compatibility forms such as
 * mathematical bold letters (𝐏𝐫𝐚𝐛𝐨𝐰𝐨) and full-width letters read as plain letters.
 */
function emitNormalised(b: Builder, chars: SpannedChar[]): void {
  let i = 0;
  while (i < chars.length) {
    const c = chars[i]!;
    const code = c.ch.codePointAt(0)!;
    if (code < 0x80) {
      if (!DROP.test(c.ch)) b.push(c.ch, c.start, c.end);
      i++;
      continue;
    }
    if (DROP.test(c.ch)) {
      i++;
      continue;
    }
    // Collect the cluster: base plus following combining marks (variation selectors included).
    let j = i + 1;
    let cluster = c.ch;
    let end = c.end;
    while (j < chars.length && MARK.test(chars[j]!.ch)) {
      cluster += chars[j]!.ch;
      end = chars[j]!.end;
      j++;
    }
    const n = cluster.normalize('NFKC');
    b.push(n, c.start, end);
    i = j;
  }
}

const ASCII_RUN = /[\x20-\x7e\n\t\r]+/y;

/** Emit original[from, to): printable ASCII in bulk, everything else through {@link emitNormalised}. */
function emitRange(b: Builder, text: string, from: number, to: number): void {
  let i = from;
  while (i < to) {
    ASCII_RUN.lastIndex = i;
    if (ASCII_RUN.test(text)) {
      const e = Math.min(ASCII_RUN.lastIndex, to);
      for (let k = i; k < e; k++) {
        b.text += text[k];
        b.starts.push(k);
        b.ends.push(k + 1);
      }
      i = e;
      continue;
    }
    // A non-ASCII stretch up to the next printable ASCII character.
    let j = i + 1;
    while (j < to) {
      const c = text.charCodeAt(j);
      if ((c >= 0x20 && c <= 0x7e) || c === 10 || c === 9 || c === 13) break;
      j++;
    }
    emitNormalised(b, spanned(text, i, j));
    i = j;
  }
}

function spanned(text: string, from: number, to: number): SpannedChar[] {
  const out: SpannedChar[] = [];
  let i = from;
  while (i < to) {
    const cp = text.codePointAt(i)!;
    const len = cp > 0xffff ? 2 : 1;
    out.push({ ch: text.slice(i, i + len), start: i, end: i + len });
    i += len;
  }
  return out;
}

/**
 * Step 1 of the pipeline: repair mojibake, turn literal `\n`/`\r`/`\t` into spaces, drop
 * zero-width and control characters, apply NFKC. Case is kept (hashtag segmentation reads it).
 */
export function cleanText(original: string): CleanText {
  if (PLAIN.test(original)) return { text: original, map: null };
  const b = new Builder();
  SPECIAL.lastIndex = 0;
  let pos = 0;
  for (let m = SPECIAL.exec(original); m; m = SPECIAL.exec(original)) {
    const at = m.index;
    if (at > pos) emitRange(b, original, pos, at);
    const seg = m[0];
    if (seg.charCodeAt(0) === 0x5c) {
      b.push(' ', at, at + 2);
    } else {
      const chars = spanned(original, at, at + seg.length);
      emitNormalised(b, repairRun(chars) ?? chars);
    }
    pos = at + seg.length;
  }
  if (pos < original.length) emitRange(b, original, pos, original.length);
  if (b.text === original) return { text: original, map: null };
  return { text: b.text, map: { start: Int32Array.from(b.starts), end: Int32Array.from(b.ends) } };
}
