import { describe, expect, it } from 'vitest';
import { analyse } from '../../../src/nlp/analyse.ts';
import { NEGATION_WINDOW } from '../../../src/nlp/negation.ts';

const negatedNorms = (text: string) =>
  analyse(text)
    .tokens.filter((t) => t.negated)
    .map((t) => t.norm);

describe('negation scope', () => {
  it('marks the next tokens after a negator, up to the window', () => {
    expect(NEGATION_WINDOW).toBe(3);
    expect(negatedNorms('tolak serangan fajar sekarang juga')).toEqual(['serangan', 'fajar', 'sekarang']);
  });
  it('reads slang negators (gak, nggak, ga) as negators', () => {
    expect(negatedNorms('gak usah pilih dia')).toEqual(['usah', 'pilih', 'dia']);
    expect(negatedNorms('nggak suka')).toEqual(['suka']);
  });
  it('stops at clause punctuation and at "tapi"', () => {
    expect(negatedNorms('jangan golput, pilih 03')).toEqual(['golput']);
    expect(negatedNorms('bukan dia tapi pilih 02')).toEqual(['dia']);
  });
  it('keeps a hashtag its own scope', () => {
    expect(negatedNorms('#AsalBukanPrabowo #Coblos3')).toEqual(['prabowo']);
    expect(negatedNorms('jangan #Coblos3')).toEqual([]);
  });
  it('does not mark the negator itself', () => {
    expect(negatedNorms('tidak')).toEqual([]);
  });
});
