import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InputFileError } from '../../../src/domain/errors.ts';
import { loadEvalData } from '../../../src/eval/eval-data.ts';

describe('loadEvalData', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-evaldata-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  const put = async (name: string, lines: unknown[]) => {
    const f = path.join(dir, name);
    await writeFile(f, lines.map((l) => (typeof l === 'string' ? l : JSON.stringify(l))).join('\n') + '\n');
    return f;
  };

  it('reads labelled rows, orders labels, filters a split and records the splits present', async () => {
    const f = await put('a.jsonl', [
      {
        id: 'r1',
        text: 'coblos 02',
        labels: ['money_politics', 'partisan'],
        split: 'test',
        uncertain: false,
        target: 'pilpres-2024/02',
        stratum: 'random',
      },
      { id: 'r2', text: 'selamat pagi', labels: [], split: 'dev' },
      '',
      { id: 'r3', text: 'hoaks!', labels: [], split: 'test', kind: 'debunk', note: 'warns' },
    ]);
    const d = await loadEvalData(f, { split: 'test' });
    expect(d.rows.map((r) => r.id)).toEqual(['r1', 'r3']);
    expect(d.rows[0]).toMatchObject({ labels: ['partisan', 'money_politics'], line: 1, target: 'pilpres-2024/02', group: 'random' });
    expect(d.rows[1]).toMatchObject({ line: 4, group: 'debunk', note: 'warns' });
    expect(d.splits).toEqual({ test: 2, dev: 1 });
    expect(d.totalRows).toBe(3);
    await expect(loadEvalData(f, { split: 'train' })).rejects.toThrow(/no row has split "train" \(splits present: test, dev\)/);
  });

  it('lists every bad row with file, line and field, and evaluates nothing', async () => {
    const f = await put('bad.jsonl', [
      { id: 'ok', text: 't', labels: [] },
      { id: 'x', text: 't', labels: ['partisan', 'spam'] },
      '{"id": broken',
      { id: 'y', text: 5, labels: [] },
      { id: 'z', text: 't', labels: 'partisan' },
      { id: 'ok', text: 't', labels: [] },
      { id: 'u', text: 't', labels: [], uncertain: 'yes' },
    ]);
    const err = await loadEvalData(f).catch((e) => e);
    expect(err).toBeInstanceOf(InputFileError);
    const msg = (err as Error).message;
    expect(msg).toContain(`${f}:2: field "labels": has unknown label(s) "spam"`);
    expect(msg).toContain(`${f}:3: not valid JSON`);
    expect(msg).toContain(`${f}:4: field "text": must be a string (got 5)`);
    expect(msg).toContain(`${f}:5: field "labels": must be an array`);
    expect(msg).toContain(`${f}:6: field "id": "ok" repeats line 1`);
    expect(msg).toContain(`${f}:7: field "uncertain": must be true or false`);
  });

  it('requires a split on every row when --split is asked for', async () => {
    const f = await put('nosplit.jsonl', [
      { id: 'a', text: 't', labels: [], split: 'test' },
      { id: 'b', text: 't', labels: [] },
    ]);
    await expect(loadEvalData(f, { split: 'test' })).rejects.toThrow(`${f}:2: field "split": is missing, but --split test was asked for`);
  });

  it('joins gold rows (platform + external_id) with the posts file beside them', async () => {
    const sub = path.join(dir, 'gold');
    await import('node:fs/promises').then((fs) => fs.mkdir(sub));
    await writeFile(
      path.join(sub, 'posts.jsonl'),
      `${JSON.stringify({ platform: 'x', external_id: '1', text: 'Coblos 02!' })}\n${JSON.stringify({ platform: 'facebook', external_id: '1', text: 'rapat' })}\n`,
    );
    const g = path.join(sub, 'gold.jsonl');
    await writeFile(
      g,
      `${JSON.stringify({ platform: 'facebook', external_id: '1', labels: [] })}\n${JSON.stringify({ platform: 'x', external_id: '1', labels: ['partisan'] })}\n`,
    );
    const d = await loadEvalData(g);
    expect(d.postsFile).toBe(path.join(sub, 'posts.jsonl'));
    expect(d.rows.map((r) => [r.id, r.text, r.labels])).toEqual([
      ['facebook:1', 'rapat', []],
      ['x:1', 'Coblos 02!', ['partisan']],
    ]);
    await writeFile(g, `${JSON.stringify({ platform: 'x', external_id: '9', labels: [] })}\n`);
    await expect(loadEvalData(g)).rejects.toThrow(`${g}:1: field "external_id": "9" on x is not in the posts file`);
    const lone = await put('lone-gold.jsonl', [{ platform: 'x', external_id: '1', labels: [] }]);
    await expect(loadEvalData(lone)).rejects.toThrow(/give the posts file with --posts/);
  });

  it('names a missing data file', async () => {
    await expect(loadEvalData(path.join(dir, 'nope.jsonl'))).rejects.toThrow(/cannot read data file .*nope\.jsonl: no such file/);
  });
});
