import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { BUCKET_NAMES, evaluateStream, lengthBucket } from '../../../src/eval/stream-eval.ts';
import { readStreamPosts } from '../../../src/training/stream-posts.ts';
import { flaggedSampleMarkdown, streamReportMarkdown } from '../../../src/eval/stream-report.md.ts';
import { wilsonInterval } from '../../../src/eval/metrics.ts';
import { ordinarySplit } from '../../../src/training/ordinary-split.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';

const FIXTURE = 'test/fixtures/stream/small-stream.jsonl';

describe('Wilson interval', () => {
  it('matches the textbook values and stays inside [0, 1]', () => {
    const [lo, hi] = wilsonInterval(5, 10);
    expect(lo).toBeCloseTo(0.2366, 4);
    expect(hi).toBeCloseTo(0.7634, 4);
    const [lo0, hi0] = wilsonInterval(0, 10);
    expect(lo0).toBe(0);
    expect(hi0).toBeCloseTo(0.2775, 4);
    expect(wilsonInterval(1, 1000)[0]).toBeGreaterThan(0);
    expect(wilsonInterval(0, 0)).toEqual([0, 0]);
  });
});

describe('stream evaluation', () => {
  it('buckets posts by length', () => {
    expect(lengthBucket(0)).toBe('0-19');
    expect(lengthBucket(39)).toBe('20-39');
    expect(lengthBucket(40)).toBe('40-79');
    expect(lengthBucket(300)).toBe('280+');
    expect(BUCKET_NAMES).toEqual(['0-19', '20-39', '40-79', '80-159', '160-279', '280+']);
  });

  it('counts flags per 1,000 per label, by length and by source, with a seeded sample carrying the evidence', async () => {
    const posts = await readStreamPosts([FIXTURE]);
    expect(posts.map((p) => p.source)).toEqual([
      'small-stream.jsonl',
      'small-stream.jsonl',
      'replies',
      'small-stream.jsonl',
      'replies',
      'small-stream.jsonl',
      'small-stream.jsonl',
      'replies',
    ]);
    const clf = fakeClassifier();
    const r = await evaluateStream({
      posts,
      classifier: clf,
      labels: ['partisan', 'abusive', 'money_politics', 'hoax'],
      inputs: [FIXTURE],
      command: 'test',
      samplePerLabel: 1,
      seed: 7,
      batchSize: 3,
    });
    expect(r.posts).toBe(8);
    const partisan = r.labels.find((l) => l.label === 'partisan')!;
    expect(partisan).toMatchObject({ flags: 2, perThousand: 250 });
    expect(partisan.ci95[0]).toBeGreaterThan(0);
    expect(partisan.ci95[1]).toBeLessThan(1000);
    expect(r.labels.find((l) => l.label === 'abusive')).toMatchObject({ flags: 2, perThousand: 250 });
    expect(r.labels.find((l) => l.label === 'hoax')).toMatchObject({ flags: 0, perThousand: 0 });
    expect(r.anyLabel.flags).toBe(5);
    const replies = r.bySource.find((s) => s.source === 'replies')!;
    expect(replies.posts).toBe(3);
    expect(replies.labels['abusive']).toMatchObject({ flags: 2 });
    const short = r.byLength.find((b) => b.bucket === '0-19')!;
    expect(short.posts).toBe(2); // "dasar anjing kau", "#coblos02 #coblos02"
    expect(short.labels['partisan']!.flags).toBe(1);
    expect(r.byLength.find((b) => b.bucket === '40-79')!.labels['money_politics']!.flags).toBe(1);
    expect(r.evidenceSources['abusive']).toEqual({ lexicon: 2 });
    // One sampled post per flagged label, with its evidence; the same seed gives the same sample.
    expect(r.sample.posts.map((s) => s.label)).toEqual(['partisan', 'abusive', 'money_politics']);
    expect(r.sample.posts[1]!.evidence[0]).toMatchObject({ label: 'abusive', rule: 'marker:anjing' });
    const again = await evaluateStream({
      posts,
      classifier: fakeClassifier(),
      labels: ['partisan', 'abusive', 'money_politics', 'hoax'],
      inputs: [FIXTURE],
      command: 'test',
      samplePerLabel: 1,
      seed: 7,
    });
    expect(again.sample.posts.map((s) => s.id)).toEqual(r.sample.posts.map((s) => s.id));
    const md = streamReportMarkdown(r);
    expect(md).toContain('| partisan | 2 | 250.00 |');
    expect(md).toContain('| replies | 3 |');
    const sample = flaggedSampleMarkdown(r);
    expect(sample).toContain('## hoax: 0 of 0 flagged post(s)');
    expect(sample).toContain('`marker:anjing`');
  });

  it('reads CSV rows through the adapter, one part of the ordinary partition at a time', async () => {
    const all = await readStreamPosts(['test/fixtures/stream/small-stream.csv']);
    expect(all.map((p) => p.id)).toEqual(['small-stream.csv:1', 'small-stream.csv:2', 'small-stream.csv:3', 'small-stream.csv:4']);
    const parts = await Promise.all(
      (['train', 'dev', 'test'] as const).map((part) => readStreamPosts(['test/fixtures/stream/small-stream.csv'], { part })),
    );
    expect(
      parts
        .flat()
        .map((p) => p.id)
        .sort(),
    ).toEqual(all.map((p) => p.id).sort());
    parts.forEach((ps, i) => ps.forEach((p) => expect(ordinarySplit('small-stream.csv', p.line)).toBe(['train', 'dev', 'test'][i])));
    await expect(readStreamPosts([FIXTURE], { part: 'dev' })).rejects.toThrow(/CSV inputs only/);
  });

  it('stops on a bad JSON Lines row with file, line and field', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'netra-stream-'));
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","text":"ok"}\n{"id":"b"}\nnot json\n{"id":"c","text":"x","source":5}\n');
    await expect(readStreamPosts([bad])).rejects.toThrow(
      /bad\.jsonl:2: field "text": must be a string[\s\S]*bad\.jsonl:3: not valid JSON[\s\S]*bad\.jsonl:4: field "source"/,
    );
    rmSync(dir, { recursive: true, force: true });
  });
});
