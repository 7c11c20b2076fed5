import { describe, expect, it } from 'vitest';
import { tokenise } from '../../../src/nlp/tokenise.ts';

describe('tokenise', () => {
  it('splits URLs, mentions, hashtags, emoji, words and punctuation with offsets', () => {
    const text = "RT @budi_1: Coblos 02!! #02Melanjutkan https://t.co/x ✌️ Rp50.000 jum'at";
    const toks = tokenise(text);
    expect(toks.map((t) => [t.kind, t.text])).toEqual([
      ['word', 'RT'],
      ['mention', '@budi_1'],
      ['punct', ':'],
      ['word', 'Coblos'],
      ['word', '02'],
      ['punct', '!'],
      ['punct', '!'],
      ['hashtag', '#02Melanjutkan'],
      ['url', 'https://t.co/x'],
      ['emoji', '✌️'],
      ['word', 'Rp50.000'],
      ['word', "jum'at"],
    ]);
    for (const t of toks) expect(text.slice(t.start, t.end)).toBe(t.text);
  });

  it('treats hyphens as separators, so "bagi-bagi" reads like "bagi bagi"', () => {
    expect(tokenise('bagi-bagi sembako').map((t) => t.text)).toEqual(['bagi', 'bagi', 'sembako']);
  });

  it('reads the hashed handles of the datasets as one mention', () => {
    const t = tokenise('@0Zdeh9QcTWu+z+fS3hRaTcFuSLRh56REFyRLq4/Jdlc= menjadi magnet');
    expect(t[0]).toMatchObject({ kind: 'mention', text: '@0Zdeh9QcTWu+z+fS3hRaTcFuSLRh56REFyRLq4/Jdlc=' });
  });

  it('keeps a keycap digit and a flag as single emoji tokens', () => {
    expect(tokenise('3️⃣ 🇮🇩').map((t) => t.kind)).toEqual(['emoji', 'emoji']);
  });
});
