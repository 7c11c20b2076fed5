import { describe, expect, it } from 'vitest';
import { segmentHashtag } from '../../../src/nlp/hashtag-segment.ts';
import { loadNlpResources, unigramModel } from '../../../src/nlp/resources.ts';

const words = (body: string, model = loadNlpResources().model) => segmentHashtag(body, model).map((p) => p.text.toLowerCase());

describe('segmentHashtag (shipped vocabulary)', () => {
  it('splits CamelCase, digits and case-run hashtags', () => {
    expect(words('GanjarMahfud2024')).toEqual(['ganjar', 'mahfud', '2024']);
    expect(words('AMINajaDulu')).toEqual(['amin', 'aja', 'dulu']);
    expect(words('02Melanjutkan')).toEqual(['02', 'melanjutkan']);
    expect(words('AsalBukanPrabowo')).toEqual(['asal', 'bukan', 'prabowo']);
  });
  it('segments all-lowercase hashtags with the word model', () => {
    expect(words('prabowogemoy')).toEqual(['prabowo', 'gemoy']);
    expect(words('aminajadulu')).toEqual(['amin', 'aja', 'dulu']);
    expect(words('ganjarpranowopilihanumat')).toEqual(['ganjar', 'pranowo', 'pilihan', 'umat']);
    expect(words('aniessalam1jari')).toEqual(['anies', 'salam', '1', 'jari']);
  });
  it('reads leet digits inside words only when that reads better', () => {
    expect(words('GanjarMahfudM3nang')).toEqual(['ganjar', 'mahfud', 'menang']);
    expect(words('Salam3Jari')).toEqual(['salam', '3', 'jari']);
  });
  it('gives offsets inside the body', () => {
    const body = 'GanjarMahfud2024';
    for (const p of segmentHashtag(body, loadNlpResources().model)) expect(body.slice(p.start, p.end)).toBe(p.text);
  });
});

describe('segmentHashtag (toy model)', () => {
  it('prefers known words and never crosses a lower->Upper boundary', () => {
    const model = unigramModel(
      new Map([
        ['ab', 100],
        ['abc', 1],
        ['cd', 100],
      ]),
    );
    expect(segmentHashtag('abcd', model).map((p) => p.text)).toEqual(['ab', 'cd']);
    expect(segmentHashtag('AbcD', model).map((p) => p.text)).toEqual(['Abc', 'D']);
  });
});
