import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/domain/labels.ts';
import { runCli } from '../helpers/run-cli.ts';

const rows = [
  { id: 'p1', text: 'Pokoknya 02 gemoy, coblos Prabowo-Gibran! #02Melanjutkan', labels: ['partisan'], split: 'test' },
  { id: 'p2', text: 'Ayo ke TPS 14 Februari, gunakan hak pilihmu!', labels: [], split: 'test' },
  { id: 'p3', text: 'dasar 4nj1ng lu g0bl0k', labels: ['abusive'], split: 'test' },
  { id: 'p4', text: 'Tolak politik uang! Laporkan serangan fajar ke Bawaslu', labels: [], split: 'test' },
  { id: 'p5', text: 'Ganjar orangnya baik, semoga sehat selalu', labels: ['partisan'], split: 'test', uncertain: true },
  { id: 'p6', text: 'Rapat koordinasi jam 9 di aula', labels: ['hate'], split: 'test' },
  { id: 'p7', text: 'AMIN aja dulu! #AMINajaDulu', labels: ['partisan'], split: 'dev' },
];

describe('netra eval', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-eval-'));
    await writeFile(path.join(dir, 'data.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('agrees with netra classify, writes report.json, report.md and one SVG per label', async () => {
    const out = path.join(dir, 'out');
    const r = await runCli(['eval', '--data', path.join(dir, 'data.jsonl'), '--split', 'test', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/6 rows, classifier \w+/);
    expect(r.stdout).toMatch(/^partisan\s+0\.\d\d/m);
    expect(r.stdout).toContain('macro-F1 ');

    // The same texts through `netra classify`: the confusion counts must follow from its flags.
    const test = rows.filter((x) => x.split === 'test');
    const c = await runCli(['classify', '--in', '-', '--out', '-'], {
      input: test.map((x) => JSON.stringify({ id: x.id, text: x.text })).join('\n'),
    });
    expect(c.code).toBe(0);
    const flags = new Map(
      c.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l))
        .map((o: { id: string; flags: string[] }) => [o.id, o.flags]),
    );

    const report = JSON.parse(await readFile(path.join(out, 'report.json'), 'utf8'));
    expect(report.data).toMatchObject({ rows: 6, rowsInFile: 7, split: 'test', splits: { test: 6, dev: 1 } });
    expect(report.command).toContain('netra eval --data');
    for (const label of LABELS) {
      const l = report.labels.find((x: { label: string }) => x.label === label);
      const expected = { tp: 0, fp: 0, fn: 0, tn: 0 };
      for (const x of test) {
        const g = x.labels.includes(label);
        const p = flags.get(x.id)!.includes(label);
        expected[g ? (p ? 'tp' : 'fn') : p ? 'fp' : 'tn']++;
      }
      expect({ label, tp: l.tp, fp: l.fp, fn: l.fn, tn: l.tn }).toEqual({ label, ...expected });
      const svg = await readFile(path.join(out, `pr-${label}.svg`), 'utf8');
      expect(svg).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
    }
    // The hate row is a plain office post: it must be listed as a false negative.
    expect(report.errors.hate.falseNegatives.map((e: { id: string }) => e.id)).toEqual(['p6']);
    expect(report.certain.rows).toBe(5);
    const md = await readFile(path.join(out, 'report.md'), 'utf8');
    expect(md).toContain('## Per label');
    expect(md).toContain('Rapat koordinasi jam 9 di aula');
  });

  it('evaluates the demo gold labels with the demo pipeline (texts joined from posts.jsonl)', async () => {
    const out = path.join(dir, 'demo');
    const r = await runCli([
      'eval',
      '--data',
      'data/demo/gold.jsonl',
      '--pipeline',
      'pipelines/demo.yaml',
      '--labels',
      'partisan,hoax',
      '--out',
      out,
      '--json',
    ]);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.data.rows).toBe(307);
    expect(report.labels.map((l: { label: string }) => l.label)).toEqual(['partisan', 'hoax']);
    expect(report.labels[0].support).toBe(59); // the image posts add 2 (poster, photo) and 1 hoax (screenshot)
    expect(report.labels[1].support).toBe(19);
    // The pipeline's claim files are read (never imported into a database) for hoax matching.
    expect(report.classifier.versions.models.claims).toMatch(/^tfidf-\d+\+\d+\./);
    const none = JSON.parse(
      (
        await runCli([
          'eval',
          '--data',
          'data/demo/gold.jsonl',
          '--pipeline',
          'pipelines/demo.yaml',
          '--labels',
          'hoax',
          '--claims',
          'none',
          '--out',
          out,
          '--json',
        ])
      ).stdout,
    );
    // Without claims only the trained models (models/) are listed.
    expect(none.classifier.versions.models.claims).toBeUndefined();
    expect(Object.keys(none.classifier.versions.models).sort()).toEqual(['hate-abusive', 'money-politics', 'partisan']);
  });

  it('stops on bad rows with file, line and field, and on unknown labels or splits', async () => {
    await writeFile(
      path.join(dir, 'bad.jsonl'),
      `${JSON.stringify(rows[0])}\n${JSON.stringify({ id: 'b', text: 't', labels: ['partisan', 'gossip'] })}\n`,
    );
    const r = await runCli(['eval', '--data', path.join(dir, 'bad.jsonl'), '--out', path.join(dir, 'bad')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${path.join(dir, 'bad.jsonl')}:2: field "labels": has unknown label(s) "gossip"`);
    const s = await runCli(['eval', '--data', path.join(dir, 'data.jsonl'), '--split', 'train']);
    expect(s.code).toBe(1);
    expect(s.stderr).toContain('no row has split "train" (splits present: test, dev)');
    const l = await runCli(['eval', '--data', path.join(dir, 'data.jsonl'), '--labels', 'partisan,spam']);
    expect(l.code).toBe(1);
    expect(l.stderr).toContain('unknown label(s) spam');
  });
});
