import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadNlpResources } from '../../../src/nlp/resources.ts';

function dir(files: Record<string, string>): string {
  const d = mkdtempSync(path.join(tmpdir(), 'netra-res-'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(d, f), text);
  return d;
}
const ok = {
  'vocab-id.tsv': 'word\tcount\tsources\nsaya\t3\tx\nkamu\t0\tx\n',
  'slang-id.tsv': '# c\nslang\tstandard\ngw\tsaya\n',
  'emoji-id.tsv': 'emoji\tgloss\n😂\ttertawa\n',
};

describe('loadNlpResources', () => {
  it('loads the three files', () => {
    const r = loadNlpResources(dir(ok));
    expect(r.vocab.get('saya')).toBe(3);
    expect(r.slang.get('gw')).toEqual(['saya']);
    expect(r.emoji.get('😂')).toEqual(['tertawa']);
    expect(r.model.cost('saya')).toBeCloseTo(-Math.log(4 / 5));
    expect(r.model.cost('dia')).toBeUndefined();
  });
  it('names file, line and field of a bad row', () => {
    expect(() => loadNlpResources(dir({ ...ok, 'vocab-id.tsv': 'word\tcount\nsaya\tbanyak\n' }))).toThrow(/vocab-id\.tsv:2: field "count"/);
    expect(() => loadNlpResources(dir({ ...ok, 'slang-id.tsv': 'slang\tstandard\ngw\n' }))).toThrow(
      /slang-id\.tsv:2: expected 2 tab-separated columns/,
    );
  });
  it('reads a folder once, and again when a file changes', () => {
    const d = dir(ok);
    const a = loadNlpResources(d);
    expect(loadNlpResources(d)).toBe(a);
    writeFileSync(path.join(d, 'slang-id.tsv'), 'slang\tstandard\ngw\tsaya\nlu\tkamu\n');
    const b = loadNlpResources(d);
    expect(b).not.toBe(a);
    expect(b.slang.get('lu')).toEqual(['kamu']);
  });
  it('says how to fix a missing file', () => {
    expect(() => loadNlpResources(dir({}))).toThrow(/vocab-id\.tsv: no such file \(run `netra lexicons build`\?\)/);
  });
});
