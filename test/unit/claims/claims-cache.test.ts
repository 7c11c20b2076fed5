import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { claimsCacheKey, claimsCachePath, readClaimsCache, writeClaimsCache } from '../../../src/claims/claims-cache.ts';
import { analysedClaimsOfFile } from '../../../src/claims/load-claim-matcher.ts';

const CLAIMS = [
  {
    source: 'test',
    source_id: '1',
    title: 'Sirekap pakai algoritma judi online',
    claim_text: 'Sirekap KPU memakai algoritma judi online untuk mengatur suara.',
  },
  {
    source: 'test',
    source_id: '2',
    title: 'Gedung Bawaslu dibakar massa',
    claim_text: 'Massa membakar gedung Bawaslu karena menolak hasil pemilu.',
  },
];
const jsonl = (rows: object[]) => `${rows.map((r) => JSON.stringify(r)).join('\n')}\n`;

function captureLogger() {
  const lines: { msg: string; why?: string }[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      for (const l of String(chunk).split('\n').filter(Boolean)) lines.push(JSON.parse(l) as { msg: string });
      cb();
    },
  });
  return { logger: pino({ level: 'debug' }, stream), lines };
}

describe('claims cache', () => {
  let dir: string;
  let file: string;
  let cacheDir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'netra-claims-cache-'));
    file = path.join(dir, 'claims.jsonl');
    cacheDir = path.join(dir, 'cache');
    writeFileSync(file, jsonl(CLAIMS));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));
  const entryPath = () => claimsCachePath(cacheDir, claimsCacheKey(readFileSync(file), 'jsonl').fileSha256);

  it('writes the analysed claims once and reads them back on the next start', async () => {
    const first = await analysedClaimsOfFile(file, { cache: { dir: cacheDir } });
    expect(first.map((c) => c.id)).toEqual(['test:1', 'test:2']);
    expect(first[0]!.stems).toContain('sirekap');
    expect(readdirSync(cacheDir).filter((f) => f.endsWith('.tmp'))).toEqual([]); // written atomically: no temporary file left
    // Prove the second read comes from the cache: rewrite the entry (validly) with another title.
    const key = claimsCacheKey(readFileSync(file), 'jsonl');
    writeClaimsCache(entryPath(), key, [{ ...first[0]!, title: 'FROM THE CACHE' }, first[1]!]);
    const { logger, lines } = captureLogger();
    const second = await analysedClaimsOfFile(file, { cache: { dir: cacheDir, logger } });
    expect(second[0]!.title).toBe('FROM THE CACHE');
    expect(second[0]!.titleStems).toBe(first[0]!.titleStems);
    expect(lines.map((l) => l.msg)).toContain('analysed claims read from the cache');
  });

  it('analyses again when the claims file changed (its hash), and never serves the old claims', async () => {
    await analysedClaimsOfFile(file, { cache: { dir: cacheDir } });
    appendFileSync(
      file,
      jsonl([{ source: 'test', source_id: '3', title: 'Server KPU disetel menangkan paslon', claim_text: 'Server KPU disetel.' }]),
    );
    const after = await analysedClaimsOfFile(file, { cache: { dir: cacheDir } });
    expect(after.map((c) => c.id)).toEqual(['test:1', 'test:2', 'test:3']);
    expect(readClaimsCache(entryPath(), claimsCacheKey(readFileSync(file), 'jsonl'))).toHaveProperty('claims');
  });

  it('ignores an entry made by another normaliser or other dictionaries (stale key) and rebuilds it', async () => {
    const good = await analysedClaimsOfFile(file, { cache: { dir: cacheDir } });
    const key = claimsCacheKey(readFileSync(file), 'jsonl');
    writeClaimsCache(entryPath(), { ...key, normaliser: 'nlp-0.9+claims.1' }, [{ ...good[0]!, stems: 'stale' }]);
    const { logger, lines } = captureLogger();
    const again = await analysedClaimsOfFile(file, { cache: { dir: cacheDir, logger } });
    expect(again).toEqual(good);
    expect(lines.find((l) => l.msg.startsWith('claims cache entry not used'))?.why).toBe('stale');
    expect(readClaimsCache(entryPath(), key)).toEqual({ claims: good }); // rewritten with the current key
  });

  it('ignores a corrupt or truncated entry and rebuilds it', async () => {
    const good = await analysedClaimsOfFile(file, { cache: { dir: cacheDir } });
    const text = readFileSync(entryPath(), 'utf8');
    for (const broken of [text.slice(0, text.length - 20), text.replace('sirekap', 'sirekab'), 'not json at all', '']) {
      writeFileSync(entryPath(), broken);
      const { logger, lines } = captureLogger();
      expect(await analysedClaimsOfFile(file, { cache: { dir: cacheDir, logger } })).toEqual(good);
      expect(lines.find((l) => l.msg.startsWith('claims cache entry not used'))?.why).toBe('corrupt');
    }
    expect(readClaimsCache(entryPath(), claimsCacheKey(readFileSync(file), 'jsonl'))).toEqual({ claims: good });
  });

  it('goes on without a cache when the cache folder cannot be written', async () => {
    const blocked = path.join(dir, 'a-file');
    writeFileSync(blocked, 'x');
    const { logger, lines } = captureLogger();
    const claims = await analysedClaimsOfFile(file, { cache: { dir: path.join(blocked, 'cache'), logger } });
    expect(claims).toHaveLength(2);
    expect(lines.map((l) => l.msg)).toContain(
      'cannot write the claims cache (classification goes on; the next start analyses the claims again)',
    );
  });
});
