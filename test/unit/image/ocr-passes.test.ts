import { describe, expect, it } from 'vitest';
import { decodeGreyPng, encodeGreyPng, invertGrey } from '../../../src/image/grey-png.ts';
import { sniffImageMime } from '../../../src/image/image-mime.ts';
import { linesOfBlocks, mergePasses, type PassLine } from '../../../src/image/ocr-passes.ts';

const line = (y: number, words: [string, number][]): PassLine => {
  let x = 0;
  const ws = words.map(([text, confidence]) => {
    const box = { x0: x, y0: y, x1: x + text.length * 10, y1: y + 20 };
    x = box.x1 + 10;
    return { text, confidence, box };
  });
  return { words: ws, box: { x0: 0, y0: y, x1: x, y1: y + 20 } };
};

describe('mergePasses (an image and its negative)', () => {
  it('keeps lines only one pass read, in reading order, with word offsets into the text', () => {
    const r = mergePasses(
      [
        line(100, [
          ['COBLOS', 90],
          ['NOMOR', 90],
          ['2', 90],
        ]),
      ],
      [
        line(10, [
          ['DIDIK', 95],
          ['PURNOMO', 95],
        ]),
      ],
    );
    expect(r.text).toBe('DIDIK PURNOMO\nCOBLOS NOMOR 2');
    expect(r.passes).toEqual(['inverted', 'normal']);
    for (const w of r.words) expect(r.text.slice(w.start, w.end)).toBe(w.text);
    expect(r.words[2]!.box).toEqual({ x0: 0, y0: 100, x1: 60, y1: 120 });
  });

  it('where both passes read the same place, the more confident line stays', () => {
    const r = mergePasses(
      [
        line(10, [
          ['PlAoA', 62],
          ['Koma', 61],
        ]),
      ],
      [
        line(12, [
          ['PILKADA', 93],
          ['KOTA', 93],
        ]),
      ],
    );
    expect(r.text).toBe('PILKADA KOTA');
    expect(r.passes).toEqual(['inverted']);
  });

  it('reads no text as an empty result', () => {
    expect(mergePasses([], [])).toEqual({ text: '', confidence: 0, words: [], passes: [] });
  });

  it("drops noise: words under the word threshold and lines whose words average under the line's", () => {
    const blocks = [
      {
        paragraphs: [
          {
            lines: [
              {
                bbox: { x0: 0, y0: 0, x1: 100, y1: 20 },
                words: [
                  { text: 'JADWAL', confidence: 94, bbox: { x0: 0, y0: 0, x1: 60, y1: 20 } },
                  { text: '~', confidence: 20, bbox: { x0: 70, y0: 0, x1: 80, y1: 20 } },
                ],
              },
              {
                bbox: { x0: 0, y0: 30, x1: 100, y1: 50 },
                words: [{ text: 'REoRGING', confidence: 50, bbox: { x0: 0, y0: 30, x1: 100, y1: 50 } }],
              },
            ],
          },
        ],
      },
    ];
    const lines = linesOfBlocks(blocks);
    expect(lines).toHaveLength(1);
    expect(lines[0]!.words.map((w) => w.text)).toEqual(['JADWAL']);
  });
});

describe('grey PNG', () => {
  it('round-trips and inverts 8-bit greyscale pixels', () => {
    const img = { width: 3, height: 2, pixels: Uint8Array.from([0, 10, 255, 128, 1, 2]) };
    const back = decodeGreyPng(encodeGreyPng(img));
    expect([...back.pixels]).toEqual([...img.pixels]);
    expect([...invertGrey(back).pixels]).toEqual([255, 245, 0, 127, 254, 253]);
    expect(sniffImageMime(encodeGreyPng(img))).toBe('image/png');
  });

  it('refuses what is not an 8-bit greyscale PNG', () => {
    expect(() => decodeGreyPng(Buffer.from('GIF89a......................................'))).toThrow(/not a PNG/);
  });
});
