import { describe, expect, it } from 'vitest';
import { analyse, normalisedText } from '../../../src/nlp/analyse.ts';
import { NLP_VERSION } from '../../../src/nlp/version.ts';

const norms = (text: string) =>
  analyse(text)
    .tokens.filter((t) => t.kind !== 'punct')
    .map((t) => t.norm);

const SAMPLES = [
  'RT @x: Duh jangan sampai Pak lurah denger nih ÃƒÂ°Ã‚Å¸Ã‚Â¤Ã‚Â­ Puluhan Ribu Warga di Kendal Serukan ÃƒÂ¢Ã‚â‚¬Ã‚Å“Ganjar PresidenÃƒÂ¢Ã‚â‚¬Ã‚Â\u009d #GanjarMahfud2024 [RE DS_yantie]',
  'Kata @prabowo Indonesia tidak dihargai bangsa asing!   Berita ini ðŸ‘‡ pasti hoax buatan penguasa?ðŸ˜œ https://twitter.com/x/status/1?s=21Â â€¦',
  'USER USER Anies4President?? bangeeeet\\n\\nURL #AMINajaDulu',
  "Salam 3 jari 🤟🏻 dari kami 𝐒𝐄𝐌𝐀𝐍𝐆𝐀𝐓 ✌️✌️ 3️⃣ 🇮🇩 jum'at Rp50.000 100rb",
  'caf\u0065\u0301 zero\u200bwidth \ufeffBOM an\u00adjing',
  '',
  '   ',
];

describe('analyse', () => {
  it('has a version string', () => {
    expect(NLP_VERSION).toMatch(/^nlp-\d+\.\d+\.\d+$/);
  });

  it('gives every token a span of the ORIGINAL text that covers its source', () => {
    for (const text of SAMPLES) {
      const a = analyse(text);
      expect(a.original).toBe(text);
      for (const t of a.tokens) {
        expect(t.start).toBeGreaterThanOrEqual(0);
        expect(t.end).toBeGreaterThan(t.start);
        expect(t.end).toBeLessThanOrEqual(text.length);
        const src = text.slice(t.start, t.end);
        expect(src.trim()).toBe(src); // spans never start or end in whitespace
      }
      for (const h of a.hashtags) expect(text.slice(h.start, h.end).toLowerCase()).toBe(`#${h.tag}`);
    }
  });

  it('maps a word token back to exactly the characters it came from', () => {
    const text = 'Dukung 𝐏𝐫𝐚𝐛𝐨𝐰𝐨 bangeeeet';
    const a = analyse(text);
    const src = a.tokens.map((t) => text.slice(t.start, t.end));
    expect(src).toEqual(['Dukung', '𝐏𝐫𝐚𝐛𝐨𝐰𝐨', 'bangeeeet']);
    expect(a.tokens.map((t) => t.norm)).toEqual(['dukung', 'prabowo', 'banget']);
    expect(a.tokens[0]!.stem).toBe('dukung');
  });

  it("uses placeholders for links and handles, also the datasets' USER and URL", () => {
    expect(norms('USER cek https://t.co/abc @budi URL')).toEqual(['<user>', 'cek', '<url>', '<user>', '<url>']);
    expect(analyse('USER').tokens[0]!.kind).toBe('mention');
  });

  it('keeps ballot numbers and years, hides other numbers', () => {
    expect(norms('coblos 02 tanggal 14 tahun 2024 dapat 150000')).toEqual([
      'coblos',
      '02',
      'tanggal',
      '14',
      'tahun',
      '2024',
      'dapat',
      '<num>',
    ]);
  });

  it('normalises slang, leet and elongation to standard words', () => {
    expect(norms('gak bgt yg s4y4 4nj1ng g0bl0k b4ng3t bangeeeet')).toEqual([
      'tidak',
      'banget',
      'yang',
      'saya',
      'anjing',
      'goblok',
      'banget',
      'banget',
    ]);
  });

  it('never rewrites signal words: abusive words, candidate nicknames, acronyms, "amin"', () => {
    expect(norms('goblok kampret bacot')).toEqual(['goblok', 'kampret', 'bacot']);
    expect(norms('wowo gemoy tps kpu capres')).toEqual(['wowo', 'gemoy', 'tps', 'kpu', 'capres']);
    expect(norms('amin')).toEqual(['amin']);
    expect(norms('aamiin')).toEqual(['amin']);
  });

  it('turns emoji into Indonesian words, gestures included', () => {
    expect(norms('✌️')).toEqual(['dua', 'jari']);
    expect(norms('☝️')).toEqual(['satu', 'jari']);
    expect(norms('🤟🏻')).toEqual(['tiga', 'jari']);
    expect(norms('😂')).toEqual(['tertawa']);
    expect(norms('3️⃣')).toEqual(['3']);
    const a = analyse('salam ✌️');
    expect(a.tokens[1]!.kind).toBe('emoji');
    expect('salam ✌️'.slice(a.tokens[1]!.start, a.tokens[2]!.end)).toBe('✌️');
  });

  it('repairs mojibake emoji before reading them', () => {
    expect(norms('lucu ÃƒÂ°Ã‚Å¸Ã‚ËœÃ‚â€š')).toEqual(['lucu', 'tertawa']);
    expect(norms('ini ðŸ‘‡')).toEqual(['ini', 'bawah']);
  });

  it('segments hashtags into parts that remember the whole tag', () => {
    const a = analyse('Mantap #GanjarMahfud2024');
    const parts = a.tokens.filter((t) => t.kind === 'hashtag_part');
    expect(parts.map((t) => t.norm)).toEqual(['ganjar', 'mahfud', '2024']);
    expect(parts.every((t) => t.hashtag === 'ganjarmahfud2024')).toBe(true);
    expect(parts.map((t) => a.original.slice(t.start, t.end))).toEqual(['Ganjar', 'Mahfud', '2024']);
    expect(a.hashtags).toEqual([{ tag: 'ganjarmahfud2024', start: 7, end: 24, first: 1, last: 4 }]);
  });

  it('gives models one normalised string', () => {
    expect(normalisedText(analyse('Gak  usah, pilih 02!!'))).toBe('tidak usah pilih 02');
  });

  it('is deterministic', () => {
    expect(analyse(SAMPLES[0]!)).toEqual(analyse(SAMPLES[0]!));
  });
});
