import type { Box, OcrResult, OcrWord } from './ocr-types.ts';

/** A line of words as one OCR pass read it. */
export interface PassLine {
  words: { text: string; confidence: number; box: Box }[];
  box: Box;
}

/** Words read with less confidence than this (0-100) are dropped: they are mostly noise from pictures and edges. */
export const MIN_WORD_CONFIDENCE = 45;
/** A line whose words average less than this is dropped whole: a garbled read of light text on a dark ground. */
export const MIN_LINE_CONFIDENCE = 60;

/** The lines of Tesseract's `blocks` output (blocks > paragraphs > lines > words), noise dropped. */
export function linesOfBlocks(blocks: unknown): PassLine[] {
  const out: PassLine[] = [];
  type W = { text?: string; confidence?: number; bbox?: Box };
  type L = { words?: W[]; bbox?: Box };
  for (const b of (blocks as { paragraphs?: { lines?: L[] }[] }[] | null) ?? [])
    for (const p of b.paragraphs ?? [])
      for (const l of p.lines ?? []) {
        const words = (l.words ?? [])
          .filter((w) => w.bbox && (w.text ?? '').trim() !== '' && (w.confidence ?? 0) >= MIN_WORD_CONFIDENCE)
          .map((w) => ({ text: w.text!.trim(), confidence: w.confidence!, box: { ...w.bbox! } }));
        if (words.length === 0 || meanConfidence(words) < MIN_LINE_CONFIDENCE) continue;
        out.push({ words, box: l.bbox ? { ...l.bbox } : hull(words.map((w) => w.box)) });
      }
  return out;
}

function meanConfidence(words: readonly { text: string; confidence: number }[]): number {
  let n = 0;
  let sum = 0;
  for (const w of words) {
    n += w.text.length;
    sum += w.confidence * w.text.length;
  }
  return n === 0 ? 0 : sum / n;
}

function hull(boxes: readonly Box[]): Box {
  return {
    x0: Math.min(...boxes.map((b) => b.x0)),
    y0: Math.min(...boxes.map((b) => b.y0)),
    x1: Math.max(...boxes.map((b) => b.x1)),
    y1: Math.max(...boxes.map((b) => b.y1)),
  };
}

const area = (b: Box) => Math.max(0, b.x1 - b.x0) * Math.max(0, b.y1 - b.y0);

/** Share of the smaller box covered by the other. */
function overlap(a: Box, b: Box): number {
  const i = area({ x0: Math.max(a.x0, b.x0), y0: Math.max(a.y0, b.y0), x1: Math.min(a.x1, b.x1), y1: Math.min(a.y1, b.y1) });
  const small = Math.min(area(a), area(b));
  return small === 0 ? 0 : i / small;
}

/**
 * One reading from the image and its negative: Tesseract reads dark text on a light ground; a
 * poster's white words on blue come out only from the negative, and a mixed poster needs both.
 * Where lines of the two passes cover the same place, the more confident one stays.
 */
export function mergePasses(normal: readonly PassLine[], inverted: readonly PassLine[]): OcrResult {
  const tagged = [
    ...normal.map((l) => ({ l, pass: 'normal' as const, c: meanConfidence(l.words) })),
    ...inverted.map((l) => ({ l, pass: 'inverted' as const, c: meanConfidence(l.words) })),
  ];
  const kept = tagged.filter(
    (x) =>
      !tagged.some(
        (y) => y !== x && y.pass !== x.pass && overlap(x.l.box, y.l.box) > 0.5 && (y.c > x.c || (y.c === x.c && y.pass === 'normal')),
      ),
  );
  kept.sort((a, b) => a.l.box.y0 - b.l.box.y0 || a.l.box.x0 - b.l.box.x0);
  let text = '';
  const words: OcrWord[] = [];
  for (const { l } of kept) {
    if (text !== '') text += '\n';
    l.words.forEach((w, i) => {
      if (i > 0) text += ' ';
      words.push({ ...w, start: text.length, end: text.length + w.text.length });
      text += w.text;
    });
  }
  return {
    text,
    confidence: Math.round(meanConfidence(words) * 10) / 10,
    words,
    passes: [...new Set(kept.map((k) => k.pass))].sort(),
  };
}
