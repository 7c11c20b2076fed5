import { describe, expect, it } from 'vitest';
import { cleanText, originalSpan } from '../../../src/nlp/text-clean.ts';

/** The original text behind clean range [cs, ce). */
const back = (orig: string, cs: number, ce: number) => {
  const c = cleanText(orig);
  const [s, e] = originalSpan(c, cs, ce);
  return orig.slice(s, e);
};

describe('cleanText', () => {
  it('returns plain ASCII unchanged with no map (fast path)', () => {
    const c = cleanText('Coblos 02 ya!');
    expect(c).toEqual({ text: 'Coblos 02 ya!', map: null });
  });

  it('turns literal \\n sequences into spaces mapped to both characters', () => {
    const orig = 'baris satu\\nbaris dua';
    const c = cleanText(orig);
    expect(c.text).toBe('baris satu baris dua');
    const i = c.text.indexOf(' baris dua');
    expect(back(orig, i, i + 1)).toBe('\\n');
  });

  it('drops zero-width and control characters', () => {
    expect(cleanText('an\u200bjing\u200d \ufeffok\u0007').text).toBe('anjing ok');
  });

  it('applies NFKC so styled letters read as plain ones, mapping back to the styled span', () => {
    const orig = 'pilih 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 sekarang';
    const c = cleanText(orig);
    expect(c.text).toBe('pilih Prabowo sekarang');
    const i = c.text.indexOf('Prabowo');
    expect(back(orig, i, i + 7)).toBe('𝐏𝐫𝐚𝐛𝐨𝐰𝐨');
  });

  it('maps a repaired emoji back to its whole mojibake run', () => {
    const orig = 'lucu ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š!';
    const c = cleanText(orig);
    expect(c.text).toBe('lucu 😂!');
    expect(back(orig, 5, 7)).toBe('ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š');
    expect(back(orig, 7, 8)).toBe('!');
  });
});
