import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.ts';

const POST = 'Gawat, Bawaslu resmi larang tim Prabowo hadir di debat berikutnya, sebarkan!';
const DEBUNK = 'Hati-hati hoaks: kabar Bawaslu melarang tim Prabowo hadir di debat itu tidak benar.';

describe('netra claims and classify --claims (embedded database)', () => {
  let dir: string;
  let env: Record<string, string>;
  let input: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-cli-claims-'));
    env = { NETRA_DATA_DIR: path.join(dir, 'state') };
    input = path.join(dir, 'in.jsonl');
    await writeFile(input, `${JSON.stringify({ id: 'a', text: POST })}\n${JSON.stringify({ id: 'b', text: DEBUNK })}\n`);
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('imports, re-imports without change, and refuses a broken file naming line and field', async () => {
    const first = await runCli(['claims', 'import', 'test/fixtures/claims/small-tbh.csv'], { env });
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/claims\s+3 read: 3 new, 0 updated, 0 unchanged/);
    const again = await runCli(['claims', 'import', 'test/fixtures/claims/small-tbh.csv'], { env });
    expect(again.stdout).toMatch(/3 read: 0 new, 0 updated, 3 unchanged/);
    const bad = await runCli(['claims', 'import', 'test/fixtures/claims/broken-tbh.csv'], { env });
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('test/fixtures/claims/broken-tbh.csv:4: field "title"');
    expect(bad.stderr).toContain('nothing was imported');
  }, 180_000);

  it('lists and shows claims by the id evidence carries', async () => {
    const list = await runCli(['claims', 'list', '--search', 'prabowo'], { env });
    expect(list.stdout).toContain('turnbackhoax:101');
    expect(list.stdout).not.toContain('turnbackhoax:103');
    const show = await runCli(['claims', 'show', 'turnbackhoax:101'], { env });
    expect(show.stdout).toContain('Bawaslu Melarang Tim Prabowo Hadir di Debat');
    expect(show.stdout).toContain('not matched');
    const none = await runCli(['claims', 'show', 'turnbackhoax:999'], { env });
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no claim turnbackhoax:999');
  }, 120_000);

  it('classify matches claims of the database, and not the debunk', async () => {
    const r = await runCli(['classify', '--in', input, '--out', '-'], { env });
    expect(r.code).toBe(0);
    const [a, b] = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(a.flags).toContain('hoax');
    expect(a.evidence.find((e: { source: string }) => e.source === 'claim').claim.id).toBe('turnbackhoax:101');
    expect(b.flags).not.toContain('hoax');
    const off = await runCli(['classify', '--in', input, '--out', '-', '--claims', 'none'], { env });
    expect(JSON.parse(off.stdout.trim().split('\n')[0]!).evidence.some((e: { source: string }) => e.source === 'claim')).toBe(false);
  }, 120_000);

  it('classify reads a claims file without any database', async () => {
    const fresh = { NETRA_DATA_DIR: path.join(dir, 'empty') };
    const r = await runCli(['classify', '--in', input, '--out', '-', '--claims', 'data/claims/pemilu-2024.jsonl'], { env: fresh });
    expect(r.code).toBe(0);
    const a = JSON.parse(r.stdout.trim().split('\n')[0]!);
    expect(a.flags).toContain('hoax');
    expect(a.versions.models.claims).toMatch(/^tfidf-\d+\+18\./);
    const missing = await runCli(['classify', '--in', input, '--out', '-', '--claims', 'nope.jsonl'], { env: fresh });
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('cannot read --claims nope.jsonl');
  }, 120_000);
});
