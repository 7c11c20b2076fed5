import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadEvalData } from '../../../src/eval/eval-data.ts';
import { readLabelled } from '../../../src/training/data/labelled.data.ts';
import { readExclusion } from '../../../src/nlp/lexicon-build/corpus-counts.ts';
import { exclusionTextResolver, sharedTextResolver } from '../../../src/training/labelling/labelled-text.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const root = mkdtempSync(path.join(os.tmpdir(), 'netra-shared-text-'));
const shared = path.join(root, 'shared');
const labelled = path.join(root, 'labelled');
mkdirSync(path.join(shared, 'datasets', 'ordinary'), { recursive: true });
mkdirSync(labelled);
writeFileSync(
  path.join(shared, 'datasets', 'ordinary', 'idsa-sentiment-tweets.csv'),
  'text,sentiment\nlagu bosan apa yang aku save ni,-1\n"kita lanjutkan saja, diam ini",0\n',
);
const T2 = 'kita lanjutkan saja, diam ini';
const row = (over: Record<string, unknown>) => ({
  id: 'ordinary/idsa:2',
  source_file: 'ordinary/idsa-sentiment-tweets.csv',
  source_row: 2,
  text_sha256: sha(T2),
  labels: [],
  target: null,
  uncertain: false,
  split: 'dev',
  note: '',
  partisan_kind: null,
  hate_target: null,
  abusive_has_target: null,
  ...over,
});
const put = (name: string, rows: unknown[]) => {
  writeFileSync(path.join(labelled, name), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return path.join(labelled, name);
};

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('ids-only labelled rows', () => {
  it('resolve to the shared text in training and in netra eval', async () => {
    put('ok.jsonl', [row({})]);
    expect(readLabelled(labelled, 'ok.jsonl', { sharedDir: shared }).rows[0]).toMatchObject({
      id: 'ordinary/idsa:2',
      text: T2,
      split: 'dev',
    });
    const d = await loadEvalData(path.join(labelled, 'ok.jsonl'), { resolveText: sharedTextResolver(shared) });
    expect(d.rows[0]!.text).toBe(T2);
    await expect(loadEvalData(path.join(labelled, 'ok.jsonl'))).rejects.toThrow(
      /ok.jsonl:1: field "text": must be a string \(got nothing\); an ids-only row needs the shared folder/,
    );
  });

  it('fail with FILE:LINE: field "text_sha256" when the shared text changed', async () => {
    const f = put('bad-hash.jsonl', [row({ text_sha256: sha('something else') })]);
    expect(() => readLabelled(labelled, 'bad-hash.jsonl', { sharedDir: shared })).toThrow(
      `${f}:1: field "text_sha256": does not match the text at`,
    );
    await expect(loadEvalData(f, { resolveText: sharedTextResolver(shared) })).rejects.toThrow(
      `${f}:1: field "text_sha256": does not match`,
    );
  });

  it('fail with the field for a row past the end of the file or an unknown source', () => {
    const f = put('bad-row.jsonl', [row({ source_row: 9 })]);
    expect(() => readLabelled(labelled, 'bad-row.jsonl', { sharedDir: shared })).toThrow(`${f}:1: field "source_row": 9 is past the end`);
    put('bad-src.jsonl', [row({ source_file: 'ordinary/nope.csv' })]);
    expect(() => readLabelled(labelled, 'bad-src.jsonl', { sharedDir: shared })).toThrow(
      /bad-src.jsonl:1: field "source_file": "ordinary\/nope.csv" is not a source/,
    );
  });

  it('fail with a clear message when the shared folder is absent', async () => {
    const f = put('ok2.jsonl', [row({})]);
    const missing = path.join(root, 'no-such-shared');
    expect(() => readLabelled(labelled, 'ok2.jsonl', { sharedDir: missing })).toThrow(
      /the shared datasets folder .*no-such-shared\/datasets does not exist: give --shared DIR .* or set NETRA_SHARED_DIR/,
    );
    await expect(loadEvalData(f, { resolveText: sharedTextResolver(missing) })).rejects.toThrow(
      /ok2.jsonl:1: the row has no "text".*does not exist/,
    );
  });

  it('check the new label fields where present', async () => {
    const f = put('stance.jsonl', [row({ labels: ['hate'], hate_target: 'weather' })]);
    expect(() => readLabelled(labelled, 'stance.jsonl', { sharedDir: shared })).toThrow(
      `${f}:1: field "hate_target": must be one of religion`,
    );
    const g = put('kind.jsonl', [row({ labels: [], partisan_kind: 'support' })]);
    await expect(loadEvalData(g, { resolveText: sharedTextResolver(shared) })).rejects.toThrow(
      `${g}:1: field "partisan_kind": is "support", a kind that takes a side`,
    );
  });

  it('count in the exclusion rule by their normalised text when a resolver is given', () => {
    const dir = path.join(root, 'ex');
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'a.jsonl'), JSON.stringify(row({})) + '\n');
    expect(readExclusion(dir).keys.size).toBe(0);
    expect([...readExclusion(dir, exclusionTextResolver(shared)).keys]).toEqual(['kita lanjutkan saja diam ini']);
  });
});
