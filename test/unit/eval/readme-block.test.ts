import { describe, expect, it } from 'vitest';
import { CARD_BEGIN, CARD_END, replaceBlock } from '../../../src/eval/readme-block.ts';

describe('README model card block', () => {
  const readme = `# x\n\nbefore\n${CARD_BEGIN}\nold figures\n${CARD_END}\nafter\n`;
  it('replaces only what is between the markers', () => {
    const out = replaceBlock(readme, '| new | 1 |\n');
    expect(out).toBe(`# x\n\nbefore\n${CARD_BEGIN}\n| new | 1 |\n${CARD_END}\nafter\n`);
    expect(replaceBlock(out, '| new | 1 |\n')).toBe(out); // regenerating the same figures changes nothing
  });
  it('refuses a README without exactly one pair of markers, in order', () => {
    expect(() => replaceBlock('# x\n', 'y')).toThrow(/needs exactly one/);
    expect(() => replaceBlock(`${CARD_END}\n${CARD_BEGIN}\n`, 'y')).toThrow(/needs exactly one/);
    expect(() => replaceBlock(`${readme}${CARD_BEGIN}\n`, 'y')).toThrow(/needs exactly one/);
  });
});
