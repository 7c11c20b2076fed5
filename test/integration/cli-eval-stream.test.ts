import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'netra-eval-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const env = { NETRA_DATA_DIR: path.join(dir, 'data') };

describe('netra eval --stream and --all', () => {
  it('reports flags per 1,000 posts and writes the report and a sample of flagged posts to read', async () => {
    const out = path.join(dir, 'stream');
    const r = await runCli(
      ['eval', '--stream', 'test/fixtures/stream/small-stream.jsonl', '--claims', 'none', '--out', out, '--sample', '5', '--seed', '3'],
      { env },
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/small-stream\.jsonl: 8 posts/);
    expect(r.stdout).toMatch(/^money_politics\s+1\s+125\.00\s+/m);
    for (const f of ['report.json', 'report.md', 'flagged-sample.md', 'flagged-sample.jsonl'])
      expect(existsSync(path.join(out, f)), f).toBe(true);
    const sample = readFileSync(path.join(out, 'flagged-sample.jsonl'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { label: string; id: string; evidence: unknown[] });
    expect(sample.find((s) => s.label === 'money_politics')?.id).toBe('s4');
    expect(sample.every((s) => s.evidence.length > 0)).toBe(true);
    const report = JSON.parse(readFileSync(path.join(out, 'report.json'), 'utf8')) as { posts: number; bySource: { source: string }[] };
    expect(report.posts).toBe(8);
    expect(report.bySource.map((s) => s.source)).toEqual(['replies', 'small-stream.jsonl']);
  });

  it('stops on a bad row, and on a wrong mix of options', async () => {
    const bad = path.join(dir, 'bad.jsonl');
    writeFileSync(bad, '{"id":"a","text":"ok"}\n{"text":"no id"}\n');
    const r = await runCli(['eval', '--stream', bad, '--claims', 'none'], { env });
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(`${bad}:2: field "id"`);
    const both = await runCli(['eval', '--stream', bad, '--data', 'data/labelled/election-posts.jsonl'], { env });
    expect(both.code).not.toBe(0);
    expect(both.stderr).toMatch(/exactly one of --data/);
  });

  it('--all measures the labelled test splits, says what it skipped without ../shared, and leaves the README alone', async () => {
    const readme = path.join(dir, 'README.md');
    const before = '# t\n<!-- EVAL-ALL -->\nold\n<!-- /EVAL-ALL -->\n';
    writeFileSync(readme, before);
    const r = await runCli(['eval', '--all', '--out', path.join(dir, 'card'), '--readme', readme], {
      env: { ...env, NETRA_SHARED_DIR: path.join(dir, 'no-shared') },
      timeoutMs: 300_000,
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('**Labelled test splits**');
    expect(r.stdout).toMatch(/`election-posts\.jsonl` \(397\)/);
    expect(r.stdout).toMatch(/\*\*Skipped\*\* in this run: hoax claim matching: no .*turnbackhoax-2024-debunked-claims\.csv/);
    expect(r.stdout).toContain('hoax-paraphrases.jsonl test (hoax): needs the TurnBackHoax claims of ../shared');
    expect(r.stdout).toMatch(/flags per 1,000 ordinary posts: need .*ordinary/);
    expect(r.stderr).toContain('left unchanged');
    expect(readFileSync(readme, 'utf8')).toBe(before);
    const card = JSON.parse(readFileSync(path.join(dir, 'card', 'card.json'), 'utf8')) as {
      labelled: { name: string }[];
      ordinary: unknown;
    };
    expect(card.labelled.map((s) => s.name)).toEqual(['election-posts.jsonl', 'money-written.jsonl', 'casual-comments.jsonl']);
    expect(card.ordinary).toBeNull();
  }, 320_000);
});
