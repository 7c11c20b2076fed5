import { describe, expect, it } from 'vitest';
import { PhraseMatcher } from '../../../src/classify/rules/phrase-matcher.ts';
import { analyse } from '../../../src/nlp/analyse.ts';

describe('PhraseMatcher', () => {
  const m = new PhraseMatcher<string>(analyse);
  m.add('serangan fajar', 'sf');
  m.add('bagi bagi sembako', 'sembako');
  m.add('pilih {ballot} dapat', 'pilih-dapat');
  m.add('{num} ribu', 'amount');
  m.add('dukung', 'dukung', { stem: true });
  m.add('gak', 'slang-in-lexicon');

  const found = (text: string) => m.match(analyse(text)).map((x) => [x.payload, text.slice(x.start, x.end)]);

  it('matches phrases with spans in the original text', () => {
    expect(found('Ada SERANGAN   FAJAR besok')).toEqual([['sf', 'SERANGAN   FAJAR']]);
  });
  it('reads hyphenated, spaced and alay reduplication alike', () => {
    expect(found('bagi-bagi sembako')).toEqual([['sembako', 'bagi-bagi sembako']]);
    expect(found('bagi2 sembako')).toEqual([['sembako', 'bagi2 sembako']]);
  });
  it('fills slots with ballot numbers and amounts', () => {
    expect(found('pilih 02 dapat 100rb')).toEqual([
      ['pilih-dapat', 'pilih 02 dapat'],
      ['amount', '100rb'],
    ]);
    expect(found('pilih 2024 dapat')).toEqual([]);
  });
  it('matches stems when asked: affixed forms', () => {
    expect(found('mendukung dan dukungan')).toEqual([
      ['dukung', 'mendukung'],
      ['dukung', 'dukungan'],
    ]);
  });
  it('compiles lexicon phrases with the same pipeline as posts', () => {
    expect(m.compile('gak')).toEqual(['tidak']);
    expect(found('nggak')).toEqual([['slang-in-lexicon', 'nggak']]);
  });
});
