import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LABELS } from '../../src/domain/labels.ts';
import { runCli } from '../helpers/run-cli.ts';

describe('netra classify (the stable contract)', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-classify-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('reads a file, writes one line per good input line in order, reports bad lines, exits 2', async () => {
    const input = [
      '{"id":"a","text":"Pokoknya 02 gemoy, coblos Prabowo-Gibran! #02Melanjutkan","extra":true}',
      '{"id":"b","text":"Ayo ke TPS 14 Februari, gunakan hak pilihmu!"}',
      '{"id":"c" "text":"broken"}',
      '{"id":"d","text":"dasar 4nj1ng lu g0bl0k"}',
      '{"text":"no id"}',
      '{"id":"e","text":"Tolak politik uang! Laporkan serangan fajar ke Bawaslu"}',
    ].join('\n');
    await writeFile(path.join(dir, 'in.jsonl'), input);
    const r = await runCli(['classify', '--in', path.join(dir, 'in.jsonl'), '--out', path.join(dir, 'out.jsonl')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`${path.join(dir, 'in.jsonl')}:3: not valid JSON`);
    expect(r.stderr).toContain(`${path.join(dir, 'in.jsonl')}:5: field "id"`);
    const out = (await readFile(path.join(dir, 'out.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(out.map((o) => o.id)).toEqual(['a', 'b', 'd', 'e']);
    for (const o of out) {
      expect(Object.keys(o.scores).sort()).toEqual([...LABELS].sort());
      for (const p of Object.values(o.scores) as number[]) {
        expect(p).toBeGreaterThanOrEqual(0);
        expect(p).toBeLessThanOrEqual(1);
      }
      expect(Array.isArray(o.flags) && Array.isArray(o.evidence)).toBe(true);
    }
    expect(out[0].flags).toEqual(['partisan']);
    expect(out[1].flags).toEqual([]);
    // An insult at "lu" (you) is abusive, and hate too by Ibrohim & Budi's definition (an
    // individual target), which the hate model follows.
    expect(out[2].flags).toContain('abusive');
    expect(out[2].flags).not.toContain('partisan');
    expect(out[3].flags).toEqual([]);
    const ev = out[2].evidence.find((e: { label: string }) => e.label === 'abusive');
    expect('dasar 4nj1ng lu g0bl0k'.slice(ev.start, ev.end)).toBe(ev.text);
  });

  it('streams stdin to stdout and exits 0 when every line is good', async () => {
    const r = await runCli(['classify', '--in', '-', '--out', '-'], {
      input: '{"id":"x","text":"selamat pagi"}\n{"id":"y","text":"amin ya Allah"}\n',
    });
    expect(r.code).toBe(0);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual(['x', 'y']);
  });

  it('handles 10,000 lines', async () => {
    const texts = ['Pokoknya 02 gemoy #02Melanjutkan', 'Selamat pagi, rapat jam 9', 'dasar goblok', 'Ayo ke TPS!'];
    const lines = Array.from({ length: 10_000 }, (_, i) => JSON.stringify({ id: String(i), text: texts[i % 4] }));
    await writeFile(path.join(dir, 'big.jsonl'), `${lines.join('\n')}\n`);
    const r = await runCli(['classify', '--in', path.join(dir, 'big.jsonl'), '--out', path.join(dir, 'big.out.jsonl')]);
    expect(r.code).toBe(0);
    const out = (await readFile(path.join(dir, 'big.out.jsonl'), 'utf8')).trim().split('\n');
    expect(out).toHaveLength(10_000);
    expect(JSON.parse(out[9_999]!).id).toBe('9999');
    expect(JSON.parse(out[2]!).flags).toContain('abusive');
    expect(JSON.parse(out[3]!).flags).toEqual([]);
  });

  it('names a missing input file', async () => {
    const r = await runCli(['classify', '--in', path.join(dir, 'nope.jsonl'), '--out', '-']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('nope.jsonl: no such file');
  });
});
