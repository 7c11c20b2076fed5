import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/domain/errors.ts';
import { disagreementRows, readAdjudication } from '../../../src/training/labelling/adjudicate.ts';
import { makeBatches } from '../../../src/training/labelling/batches.ts';
import { readDecisionFiles } from '../../../src/training/labelling/label-files.ts';
import { mergeLabels } from '../../../src/training/labelling/merge.ts';
import { readSampleFile } from '../../../src/training/labelling/sample-file.ts';
import { SharedRows } from '../../../src/training/labelling/shared-rows.ts';

const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const root = mkdtempSync(path.join(os.tmpdir(), 'netra-merge-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const shared = path.join(root, 'shared');
mkdirSync(path.join(shared, 'datasets', 'ordinary'), { recursive: true });
const EMOT = ['Selamat pagi semua semangat kerja', 'lebaran😭😭😭'];
const IDSA = ['aku masih kelas 5 kak', 'lho aku ngomong apasi'];
writeFileSync(
  path.join(shared, 'datasets', 'ordinary', 'emot-emotion-tweets.csv'),
  `text,emotion\n${EMOT.map((t) => `${t},happy`).join('\n')}\n`,
);
writeFileSync(
  path.join(shared, 'datasets', 'ordinary', 'idsa-sentiment-tweets.csv'),
  `text,sentiment\n${IDSA.map((t) => `${t},0`).join('\n')}\n`,
);

const sampleRows = [
  ...EMOT.map((t, i) => ({
    id: `ordinary/emot:${i + 1}`,
    pool: 'ordinary',
    stratum: 'random',
    source_file: 'ordinary/emot-emotion-tweets.csv',
    source_row: i + 1,
    text: t,
    text_sha256: sha(t),
    split: 'train',
  })),
  ...IDSA.map((t, i) => ({
    id: `ordinary/idsa:${i + 1}`,
    pool: 'ordinary',
    stratum: 'flagged:hoax',
    source_file: 'ordinary/idsa-sentiment-tweets.csv',
    source_row: i + 1,
    text: t,
    text_sha256: sha(t),
    split: 'dev',
  })),
];
const file = (name: string, rows: unknown[]) => {
  const f = path.join(root, name);
  writeFileSync(f, rows.map((r) => (typeof r === 'string' ? r : JSON.stringify(r))).join('\n') + '\n');
  return f;
};
const sampleFile = file('sample.jsonl', sampleRows);
const none = { labels: [], target: null, uncertain: false, note: '', partisan_kind: null, hate_target: null, abusive_has_target: null };

describe('merge of the labellers files', () => {
  const sample = readSampleFile(sampleFile);
  const known = new Set(sample.keys());

  it('rejects bad label rows with FILE:LINE: field, all at once', () => {
    const f = file('batch-01.labels.jsonl', [
      { id: 'ordinary/emot:1', ...none },
      { id: 'ordinary/emot:2', ...none, labels: ['hoax', 'spam'] },
      { id: 'ordinary/idsa:1', ...none, labels: ['partisan'], partisan_kind: 'support' },
      { id: 'ordinary/idsa:2', ...none, labels: ['abusive'] },
      { id: 'nope:1', ...none },
      { id: 'ordinary/emot:1', ...none },
      '{"id": broken',
    ]);
    let err: InputFileError | undefined;
    try {
      readDecisionFiles([f], known);
    } catch (e) {
      err = e as InputFileError;
    }
    expect(err).toBeInstanceOf(InputFileError);
    // The JSON error stops the read before the fields are checked.
    expect(err!.message).toContain(`${f}:7: not valid JSON`);
    const g = file('batch-02.labels.jsonl', [
      { id: 'ordinary/emot:1', ...none },
      { id: 'ordinary/emot:2', ...none, labels: ['hoax', 'spam'] },
      { id: 'ordinary/idsa:1', ...none, labels: ['partisan'], partisan_kind: 'support' },
      { id: 'ordinary/idsa:2', ...none, labels: ['abusive'] },
      { id: 'nope:1', ...none },
      { id: 'ordinary/emot:1', ...none },
      { id: 'ordinary/emot:2', labels: [], target: null, uncertain: 'no', note: '' },
    ]);
    expect(() => readDecisionFiles([g], known)).toThrow(
      new RegExp(
        [
          `${g}:2: field "labels": has unknown label\\(s\\) "spam"`,
          `${g}:3: field "target": must name the pair or party when "partisan" is labelled`,
          `${g}:4: field "abusive_has_target": must be true or false when "abusive" is labelled`,
          `${g}:5: field "id": "nope:1" is not in the sample`,
          `${g}:6: field "id": "ordinary/emot:1" was already labelled at ${g}:1`,
          `${g}:7: field "uncertain": must be true or false`,
        ].join('[\\s\\S]*'),
      ),
    );
  });

  const primaryFile = file('batch-03.labels.jsonl', [
    { id: 'ordinary/emot:1', ...none },
    { id: 'ordinary/emot:2', ...none, note: 'lebaran, no claim' },
    { id: 'ordinary/idsa:1', ...none, labels: ['hoax'], uncertain: true },
    { id: 'ordinary/idsa:2', unusable: true, note: 'not a post' },
  ]);
  const doubleFile = file('double.labels.jsonl', [
    { id: 'ordinary/emot:2', ...none },
    { id: 'ordinary/idsa:1', ...none, note: 'personal fact, not a claim' },
  ]);

  it('needs an adjudicated decision for every disagreement, then takes it', () => {
    const primary = readDecisionFiles([primaryFile], known);
    const double = readDecisionFiles([doubleFile], known);
    const s = new SharedRows(shared);
    expect(() => mergeLabels({ sample, sampleFile, primary, double, shared: s })).toThrow(
      /double.labels.jsonl:2: field "labels": "ordinary\/idsa:1": the two labellers differ on labels .* no adjudicated decision/,
    );

    const dis = disagreementRows(sample, primary, double);
    expect(dis).toHaveLength(1);
    expect(dis[0]).toMatchObject({ id: 'ordinary/idsa:1', differs: ['labels'], final: null, text: IDSA[0] });
    const unfilled = file('adjudication-unfilled.jsonl', dis);
    expect(() => readAdjudication(unfilled, known)).toThrow(`${unfilled}:1: field "final": must be the adjudicated decision`);
    const adjFile = file('adjudication.jsonl', [{ ...dis[0], final: { ...none, note: 'adjudicated: no claim asserted' } }]);
    const adjudicated = readAdjudication(adjFile, known);

    const r = mergeLabels({ sample, sampleFile, primary, double, adjudicated, shared: s });
    expect(r.unusable).toBe(1);
    expect(r.adjudicated).toBe(1);
    expect(r.doubleLabelled).toBe(2);
    expect(r.rows.map((x) => x['id'])).toEqual(['ordinary/emot:1', 'ordinary/emot:2', 'ordinary/idsa:1']);
    const idsa = r.rows[2]!;
    expect(idsa).toMatchObject({
      labels: [],
      note: 'adjudicated: no claim asserted',
      adjudicated: true,
      double_labelled: true,
      split: 'dev',
      source_row: 1,
      text_sha256: sha(IDSA[0]!),
    });
    // Licence: EmoT (Apache-2.0) ships its text; idsa (licence not stated) ships ids only.
    expect(idsa).not.toHaveProperty('text');
    expect(r.rows[0]).toMatchObject({ text: EMOT[0] });
  });

  it('keeps at most a few words of the text in the notes of ids-only rows', () => {
    const quoting = (id: string, text: string) => ({ id, ...none, note: `'${text}' is no claim` });
    const primary = readDecisionFiles(
      [
        file('batch-06.labels.jsonl', [
          quoting('ordinary/emot:1', EMOT[0]!),
          quoting('ordinary/emot:2', EMOT[1]!),
          quoting('ordinary/idsa:1', IDSA[0]!),
          quoting('ordinary/idsa:2', IDSA[1]!),
        ]),
      ],
      known,
    );
    const r = mergeLabels({ sample, sampleFile, primary, shared: new SharedRows(shared) });
    // EmoT ships its text, so its note may quote it; idsa is ids only: the quote is cut.
    expect(r.rows[0]).toMatchObject({ note: `'${EMOT[0]}' is no claim` });
    expect(r.rows[2]).toMatchObject({ id: 'ordinary/idsa:1', note: "'aku masih kelas 5…' is no claim" });
    expect(r.rows[3]).toMatchObject({ id: 'ordinary/idsa:2', note: "'lho aku ngomong…' is no claim" });
  });

  it('fails on sampled posts without labels unless told to leave them out', () => {
    const partial = readDecisionFiles([file('batch-04.labels.jsonl', [{ id: 'ordinary/emot:1', ...none }])], known);
    const s = new SharedRows(shared);
    expect(() => mergeLabels({ sample, sampleFile, primary: partial, shared: s })).toThrow(/3 sampled post\(s\) have no labels yet/);
    expect(mergeLabels({ sample, sampleFile, primary: partial, shared: s, allowMissing: true }).missing).toHaveLength(3);
  });

  it('fails when a sampled text no longer matches the shared file', () => {
    const changed = file('sample-changed.jsonl', [{ ...sampleRows[3], source_row: 1 }]);
    const s2 = readSampleFile(changed);
    const primary = readDecisionFiles([file('batch-05.labels.jsonl', [{ id: 'ordinary/idsa:2', ...none }])], new Set(s2.keys()));
    expect(() => mergeLabels({ sample: s2, sampleFile: changed, primary, shared: new SharedRows(shared) })).toThrow(
      `${changed}:1: field "text_sha256": does not match the text at`,
    );
  });
});

describe('makeBatches', () => {
  const rows = ['campaign', 'headlines', 'ordinary', 'local', 'unlabelled'].flatMap((pool) =>
    Array.from({ length: 40 }, (_, i) => ({
      id: `${pool}:${i}`,
      pool: pool as never,
      stratum: 'random',
      text: `t ${pool} ${i}`,
      ...(pool === 'headlines' ? { tag: i % 2 ? 'True' : 'False' } : {}),
    })),
  );

  it('mixes every pool into every batch, draws the double set from all batches, and is seeded', () => {
    const p = makeBatches(rows, { count: 8, double: 32, seed: 4 });
    expect(p.batches.map((b) => b.length)).toEqual(Array(8).fill(25));
    for (const b of p.batches) expect(new Set(b.map((r) => r.pool)).size).toBe(5);
    expect(p.double).toHaveLength(32);
    const inBatch = new Map(p.batches.flatMap((b, k) => b.map((r) => [r.id, k] as const)));
    expect(new Set(p.double.map((r) => inBatch.get(r.id))).size).toBe(8);
    expect(p.batches.flat().find((r) => r.id === 'headlines:1')!.context).toMatch(/TurnBackHoax/);
    expect(makeBatches(rows, { count: 8, double: 32, seed: 4 })).toEqual(p);
    expect(makeBatches(rows, { count: 8, double: 32, seed: 5 }).double).not.toEqual(p.double);
  });
});

describe('target ids', () => {
  it('accept the 2014, 2019 and 2024 presidential pairs, parties and regional races, and nothing else', async () => {
    const { checkLabelFields } = await import('../../../src/domain/label-fields.ts');
    const row = (target: string) => ({
      labels: ['partisan'],
      target,
      uncertain: false,
      note: '',
      partisan_kind: 'attack',
      hate_target: null,
      abusive_has_target: null,
    });
    for (const t of [
      'pilpres-2014/01',
      'pilpres-2019/02',
      'pilpres-2024/03',
      'party/pdip',
      'pilkada-dki-2017/ahok-djarot',
      'pilkada-jateng-2024/02',
    ])
      expect(checkLabelFields(row(t), { required: true })).toHaveProperty('fields');
    for (const t of ['pilpres-2024/04', 'pilpres-2015/01', 'Prabowo', 'pilkada/02'])
      expect(checkLabelFields(row(t), { required: true })).toHaveProperty('problem.field', 'target');
  });
});
