import { createHash } from 'node:crypto';
import type { ImageAnalyzer, ImageFinding } from '../../src/image/image-analyzer.ts';
import type { OcrEngine, OcrResult, OcrWord } from '../../src/image/ocr-types.ts';

/** An OCR result for `text`: one word per run of non-spaces, 20 px per character, one line per text line. */
export function ocrResultOf(text: string, confidence = 90): OcrResult {
  const words: OcrWord[] = [];
  text.split('\n').forEach((line, y) => {
    let offset = text.split('\n').slice(0, y).join('\n').length + (y > 0 ? 1 : 0);
    for (const m of line.matchAll(/\S+/g)) {
      const start = offset + m.index;
      words.push({
        text: m[0],
        confidence,
        box: { x0: m.index * 20, y0: y * 40, x1: (m.index + m[0].length) * 20, y1: y * 40 + 30 },
        start,
        end: start + m[0].length,
      });
    }
    offset += line.length + 1;
  });
  return { text, confidence: words.length ? confidence : 0, words, passes: ['normal'] };
}

/**
 * A test double of the OCR engine: answers by the image's SHA-256 (unknown images read as no
 * text) and counts its calls, so that tests can see an image is read once.
 */
export function fakeOcrEngine(byImageSha256: ReadonlyMap<string, string>): OcrEngine & { calls: number } {
  const engine = {
    calls: 0,
    info: { engine: 'fake-ocr', engineVersion: '1', model: 'test', modelVersion: 'test double', key: 'fake-ocr-1' },
    async recognize(image: Uint8Array): Promise<OcrResult> {
      engine.calls++;
      return ocrResultOf(byImageSha256.get(createHash('sha256').update(image).digest('hex')) ?? '');
    },
    async close() {},
  };
  return engine;
}

/** A test double of a vision model: the findings it "sees" in an image, by the image's SHA-256. */
export function fakeImageAnalyzer(byImageSha256: ReadonlyMap<string, ImageFinding[]>): ImageAnalyzer {
  return {
    name: 'fake-vision',
    version: 'test double',
    async analyze(image) {
      return byImageSha256.get(createHash('sha256').update(image).digest('hex')) ?? [];
    },
  };
}
