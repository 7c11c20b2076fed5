import { describe, expect, it } from 'vitest';
import { cleanSourceText, HATE_SHARES, HATE_SOURCES, hatePart } from '../../../src/training/data/hate-sources.ts';

const spec = (name: string) => HATE_SOURCES.find((s) => s.name === name)!;
const ibrohim = (f: Record<string, string>, identity = false) =>
  spec('ibrohim2019').map({ text: f.Tweet ?? '', fields: { HS: '0', Abusive: '0', ...f } }, identity)!;

describe('public hate/abusive sources', () => {
  it('deals texts into train/dev/test by the normalised text only, in about the stated shares', () => {
    expect(hatePart('RT @a: Dasar kadrun!! https://t.co/x')).toBe(hatePart('dasar kadrun'));
    const n = 4000;
    const parts = { train: 0, dev: 0, test: 0 };
    for (let i = 0; i < n; i++) parts[hatePart(`posting nomor ${i} tentang sesuatu`)]++;
    expect(parts.test / n).toBeGreaterThan(HATE_SHARES.test - 0.03);
    expect(parts.test / n).toBeLessThan(HATE_SHARES.test + 0.03);
    expect(parts.train / n).toBeGreaterThan(HATE_SHARES.train - 0.03);
  });

  it('decodes the byte escapes and literal \\n of the tweet dumps', () => {
    expect(cleanSourceText('ngakak asu\\xf0\\x9f\\x98\\x82\\nbener')).toBe('ngakak asu😂\nbener');
    expect(cleanSourceText("jangan gitu dong'")).toBe('jangan gitu dong');
    expect(cleanSourceText("jum'at berkah'")).toBe("jum'at berkah'");
  });

  it('Ibrohim 2019: HS at an individual for what they did is not hate by labels.md; an identity category or target is', () => {
    expect(ibrohim({ HS: '1', HS_Individual: '1', HS_Other: '1', Abusive: '1' })).toMatchObject({ y: [0, 1], ibrohimHS: 1 });
    expect(ibrohim({ HS: '1', HS_Individual: '1', HS_Other: '1' }, true)).toMatchObject({ y: [1, 0] });
    expect(ibrohim({ HS: '1', HS_Group: '1', HS_Religion: '1' })).toMatchObject({ y: [1, 0], mask: [1, 1] });
    expect(ibrohim({ HS: '0' }, true)).toMatchObject({ y: [0, 0], ibrohimHS: 0 });
  });

  it('maps the other sets with care: unknown labels are masked', () => {
    expect(spec('ibrohim2018').map({ text: '', fields: { Label: '3' } }, false)).toMatchObject({ y: [0, 1], mask: [0, 1] });
    expect(spec('ibrohim2018').map({ text: '', fields: { Label: '1' } }, false)).toMatchObject({ y: [0, 0], mask: [0, 1] });
    expect(spec('netifier').map({ text: '', fields: { sara: '1', radikalisme: '0' } }, false)).toMatchObject({ y: [1, 0], mask: [1, 0] });
    expect(spec('netifier').map({ text: '', fields: { sara: '0', radikalisme: '1' } }, false)).toMatchObject({ mask: [0, 0] });
    expect(spec('javanese').map({ text: '', fields: { hate: '1', abusive: '1' } }, false)).toMatchObject({ y: [0, 1] });
    expect(spec('sundanese').map({ text: '', fields: { hate: '1', abusive: '1' } }, true)).toMatchObject({ y: [1, 1] });
    expect(spec('instagram').map({ text: '', fields: { bullying: '1' } }, false)).toMatchObject({ y: [0, 1], mask: [1, 1] });
  });
});
