import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../../src/nlp/mojibake.ts';

describe('repairMojibake', () => {
  it('repairs UTF-8 read once as cp1252 (pilpres2019 file)', () => {
    expect(repairMojibake('Berita ini ðŸ‘‡ pasti hoax ðŸ˜œ')).toBe('Berita ini 👇 pasti hoax 😜');
    expect(repairMojibake('kata â€œGanjar Presidenâ€\u009d')).toBe('kata “Ganjar Presiden”');
  });

  it('repairs double and triple encoding (satria-2024 file)', () => {
    expect(repairMojibake('lucu ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š bubar')).toBe('lucu 😂 bubar');
    expect(repairMojibake('ÃƒÂ¢Ã‚ËœÃ‚Â\u009dÃƒÂ¯Ã‚Â¸Ã‚Â\u008f')).toBe('☝️');
  });

  it('drops the leftovers of sequences whose bytes were lost', () => {
    // "Ãƒâ€š" is a triple-encoded lone "Â" (its NBSP was lost): nothing of it should remain.
    expect(repairMojibake('kotaÃƒâ€š lama')).toBe('kota lama');
  });

  it('leaves clean text, accented letters and real emoji alone', () => {
    for (const s of ['Anies Baswedan di Jakarta', 'café crème brûlée', 'salam ✌️ dan 😂', 'harga 50°C', 'Ümit'])
      expect(repairMojibake(s)).toBe(s);
  });

  it('keeps an accented letter that a repair produces', () => {
    expect(repairMojibake('cafÃ© enak')).toBe('café enak');
  });
});
