import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { configDocsTable } from '../../../src/config/config.load.ts';

describe('README configuration table', () => {
  it('matches the config schema (regenerate with `npx netra config --docs`)', () => {
    const readme = readFileSync('README.md', 'utf8');
    const m = /<!-- CONFIG-TABLE -->\n([\s\S]*?)\n<!-- \/CONFIG-TABLE -->/.exec(readme);
    expect(m, 'README.md lacks the CONFIG-TABLE markers').not.toBeNull();
    expect(m![1]).toBe(configDocsTable());
  });
});
