import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { classifyJsonlStream } from '../../../src/classify/classify-stream.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';

async function run(lines: string[], batchSize = 2) {
  const out = new PassThrough();
  const chunks: string[] = [];
  out.on('data', (c) => chunks.push(String(c)));
  const bad: [number, string][] = [];
  const r = await classifyJsonlStream({
    input: Readable.from([lines.join('\n')]),
    output: out,
    classifier: fakeClassifier(),
    inputName: 'in.jsonl',
    batchSize,
    onBadLine: (l, m) => bad.push([l, m]),
  });
  out.end();
  return {
    r,
    bad,
    records: chunks
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l)),
  };
}

describe('classify JSON Lines contract', () => {
  it('writes one record per good line, in order, and reports bad lines by number', async () => {
    const { r, bad, records } = await run([
      '{"id":"a","text":"dasar anjing","lang":"id"}',
      '{"id":"b","text":"selamat pagi"}',
      'oops',
      '{"id":3,"text":"x"}',
      '{"id":"c"}',
      '',
      '{"id":"d","text":"ada amplop #coblos02"}',
    ]);
    expect(records.map((x) => x.id)).toEqual(['a', 'b', 'd']);
    expect(bad.map(([l]) => l)).toEqual([3, 4, 5]);
    expect(bad[1]![1]).toContain('"id"');
    expect(bad[2]![1]).toContain('"text"');
    expect(r).toMatchObject({ classified: 3, bad: 3 });
    const a = records[0];
    expect(Object.keys(a.scores).sort()).toEqual(['abusive', 'hate', 'hoax', 'money_politics', 'partisan']);
    expect(a.flags).toEqual(['abusive']);
    expect(a.evidence[0]).toMatchObject({ label: 'abusive', start: 6, end: 12, text: 'anjing' });
    expect(records[2].flags).toEqual(['partisan', 'money_politics']);
    for (const rec of records) for (const p of Object.values(rec.scores) as number[]) expect(p >= 0 && p <= 1).toBe(true);
  });

  it('keeps order across many batches', async () => {
    const lines = Array.from({ length: 1000 }, (_, i) => JSON.stringify({ id: `p${i}`, text: i % 7 === 0 ? 'anjing' : 'halo' }));
    const { records } = await run(lines, 64);
    expect(records).toHaveLength(1000);
    expect(records.every((rec, i) => rec.id === `p${i}` && rec.flags.length > 0 === (i % 7 === 0))).toBe(true);
  });
});
