import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccountsCsv } from '../../src/registry/accounts-import.ts';
import { countRegistry, listAccounts } from '../../src/repositories/registry.repository.ts';
import { InputFileError } from '../../src/domain/errors.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

describe.each(testDialects())('accounts import on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('imports people and their handles, and re-importing changes nothing', async () => {
    const first = await importAccountsCsv(t.db, 'test/fixtures/registry/small.csv');
    expect(first.persons).toEqual({ created: 2, updated: 0, unchanged: 0 });
    expect(first.accounts).toEqual({ created: 3, updated: 0, unchanged: 0 });
    const again = await importAccountsCsv(t.db, 'test/fixtures/registry/small.csv');
    expect(again.persons).toEqual({ created: 0, updated: 0, unchanged: 2 });
    expect(again.accounts).toEqual({ created: 0, updated: 0, unchanged: 3 });
    expect(await countRegistry(t.db)).toEqual({ agencies: 2, persons: 2, accounts: 3 });
    const audit = await t.db.selectFrom('audit_log').select('action').execute();
    expect(audit.filter((a) => a.action === 'account.created')).toHaveLength(3);
  });

  it('filters accounts by platform, agency, region and tag', async () => {
    expect((await listAccounts(t.db, { platforms: ['x'] })).map((a) => a.handle)).toEqual(['budi_guru']);
    expect((await listAccounts(t.db, { regions: ['Sulawesi Selatan'] })).map((a) => a.handle)).toEqual(['sriw']);
    expect((await listAccounts(t.db, { tags: ['guru'] })).map((a) => a.handle)).toEqual(['budi_guru', 'budi.guru']);
    expect((await listAccounts(t.db, { agencies: ['Kecamatan Tallo'] })).map((a) => a.personName)).toEqual(['Sri Wahyuni']);
  });

  it('rejects a broken CSV naming line and field, and changes nothing already stored', async () => {
    const before = await t.db.selectFrom('accounts').selectAll().orderBy('id').execute();
    const auditBefore = await t.db.selectFrom('audit_log').select('id').execute();
    let err: unknown;
    try {
      await importAccountsCsv(t.db, 'test/fixtures/registry/broken.csv');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(InputFileError);
    const msg = (err as Error).message;
    expect(msg).toContain('test/fixtures/registry/broken.csv:3: field "platform"');
    expect(msg).toContain('test/fixtures/registry/broken.csv:4: field "profile_url"');
    expect(msg).toContain('test/fixtures/registry/broken.csv:4: field "link_confidence"');
    // Line 2 is valid and would have changed budi_guru's confidence: it must not have been applied.
    expect(await t.db.selectFrom('accounts').selectAll().orderBy('id').execute()).toEqual(before);
    expect(await t.db.selectFrom('audit_log').select('id').execute()).toHaveLength(auditBefore.length);
  });

  it('updates a changed row and audits before and after', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'netra-reg-'));
    const csv = (await readFile('test/fixtures/registry/small.csv', 'utf8')).replace(
      'bio menyebut jabatan,0.9',
      'bio menyebut jabatan,0.95',
    );
    await writeFile(`${dir}/changed.csv`, csv);
    const s = await importAccountsCsv(t.db, `${dir}/changed.csv`).finally(() => rm(dir, { recursive: true, force: true }));
    expect(s.accounts).toEqual({ created: 0, updated: 1, unchanged: 2 });
    const entry = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'account.updated').executeTakeFirstOrThrow();
    expect((entry.before as { link_confidence: number }).link_confidence).toBeCloseTo(0.9);
    expect((entry.after as { link_confidence: number }).link_confidence).toBeCloseTo(0.95);
  });
});
