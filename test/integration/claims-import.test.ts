import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importClaims } from '../../src/claims/claims-import.ts';
import { claimMatcherFromDb } from '../../src/claims/load-claim-matcher.ts';
import { InputFileError } from '../../src/domain/errors.ts';
import { findClaim, listClaims } from '../../src/repositories/claims.repository.ts';
import { analyse } from '../../src/nlp/analyse.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

describe.each(testDialects())('claims import on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-claims-'));
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('imports a TurnBackHoax CSV once; re-importing changes nothing', async () => {
    const first = await importClaims(t.db, 'test/fixtures/claims/small-tbh.csv');
    expect(first).toMatchObject({ format: 'turnbackhoax', rows: 3, created: 3, updated: 0, unchanged: 0 });
    const again = await importClaims(t.db, 'test/fixtures/claims/small-tbh.csv');
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3 });
    const c = await findClaim(t.db, 'turnbackhoax:101');
    expect(c?.title).toBe('Bawaslu Melarang Tim Prabowo Hadir di Debat');
    // The fact-check's explanation is stored but not matched on.
    expect(c?.claim_text).toContain('PENJELASAN');
    expect(c?.normalised_text).not.toContain('keluar');
    expect(c?.normalised_text).toContain('larang');
    expect(c?.content_sha256).toMatch(/^[0-9a-f]{64}$/);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'claims.imported').execute();
    expect(audit).toHaveLength(1);
  });

  it('updates a changed claim in place and adds new ones (keyed by source and source id)', async () => {
    const f = path.join(dir, 'update.csv');
    await writeFile(f, 'id,title,claim_text,category\n101,Bawaslu Larang Tim Prabowo Ikut Debat Kedua,,politics\n104,Claim baru,,others\n');
    const before = await findClaim(t.db, 'turnbackhoax:101');
    const s = await importClaims(t.db, f);
    expect(s).toMatchObject({ created: 1, updated: 1, unchanged: 0 });
    const after = await findClaim(t.db, 'turnbackhoax:101');
    expect(after?.id).toBe(before?.id);
    expect(after?.title).toBe('Bawaslu Larang Tim Prabowo Ikut Debat Kedua');
    expect(after?.content_sha256).not.toBe(before?.content_sha256);
    expect(after!.imported_at.getTime()).toBe(before!.imported_at.getTime());
    expect(await t.db.selectFrom('claims').select('id').execute()).toHaveLength(4);
  });

  it('rejects a file with bad rows, naming line and field, and stores nothing; --skip-invalid keeps the good rows', async () => {
    let err: unknown;
    try {
      await importClaims(t.db, 'test/fixtures/claims/broken-tbh.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputFileError);
    expect((err as Error).message).toContain('test/fixtures/claims/broken-tbh.csv:3: field "id"');
    expect((err as Error).message).toContain('nothing was imported');
    expect(await findClaim(t.db, 'turnbackhoax:201')).toBeUndefined();
    const s = await importClaims(t.db, 'test/fixtures/claims/broken-tbh.csv', { skipInvalid: true });
    expect(s.created).toBe(1);
    expect(s.invalid).toHaveLength(3);
  });

  it('lists and searches claims; the matcher reads them from the database', async () => {
    expect((await listClaims(t.db, { search: 'prabowo' })).map((c) => c.source_id)).toEqual(['101']);
    expect((await listClaims(t.db, { category: 'scam' })).map((c) => c.source_id)).toEqual(['103']);
    await importClaims(t.db, 'data/claims/pemilu-2024.jsonl');
    const m = await claimMatcherFromDb(t.db);
    expect(m).not.toBeNull();
    const text = 'gawat, katanya bawaslu ngelarang tim prabowo dateng ke debat selanjutnya';
    const [match] = await m!.match([{ text, analysed: analyse(text) }]);
    expect(match?.id).toMatch(/^(netra:tbh-3553|turnbackhoax:101)$/);
    expect(match!.similarity).toBeGreaterThan(0.5);
  });
});
