import { describe, expect, it } from 'vitest';
import { publicNameWords } from '../../../src/export/public-names.ts';

describe('public names kept by redaction', () => {
  it('reads the candidates of the shipped election lexicon', async () => {
    const words = await publicNameWords('data/lexicons');
    for (const w of ['prabowo', 'anies', 'ganjar', 'gibran', 'muhaimin']) expect(words).toContain(w);
    expect(words).not.toContain('pak');
  });

  it('adds contest folders and tolerates a missing folder', async () => {
    expect(await publicNameWords('no/such/dir')).toEqual([]);
  });
});
