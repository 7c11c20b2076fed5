import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { importAccountsCsv } from '../../src/registry/accounts-import.ts';
import { countRegistry, listAccounts } from '../../src/repositories/registry.repository.ts';
import { InputFileError } from '../../src/domain/errors.ts';
import { clearAccountDispute } from '../../src/repositories/account-links.repository.ts';
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

  it('leaves an account with a disputed identity as it is (no re-link, tag kept) until the dispute is cleared', async () => {
    const budi = await t.db.selectFrom('accounts').selectAll().where('handle', '=', 'budi_guru').executeTakeFirstOrThrow();
    await t.db
      .updateTable('accounts')
      .set({ tags: JSON.stringify([...budi.tags, 'identity_disputed']) })
      .where('id', '=', budi.id)
      .execute();
    // The registry now says budi_guru is Sri Wahyuni's account (line 2), with no tags.
    const dir = await mkdtemp(path.join(os.tmpdir(), 'netra-reg-'));
    const csv = (await readFile('test/fixtures/registry/small.csv', 'utf8')).replace(
      /^.*,x,budi_guru,.*$/m,
      ',Sri Wahyuni,Kecamatan Tallo,Staf,Makassar,Sulawesi Selatan,PPPK,x,budi_guru,,laporan masyarakat,0.8,',
    );
    await writeFile(`${dir}/relink.csv`, csv);
    try {
      const s = await importAccountsCsv(t.db, `${dir}/relink.csv`);
      expect(s.disputed).toEqual({ rows: 1, lines: [2] });
      const held = await t.db.selectFrom('accounts').selectAll().where('id', '=', budi.id).executeTakeFirstOrThrow();
      expect(held.person_id).toBe(budi.person_id);
      expect(held.tags).toContain('identity_disputed');
      expect(held.link_source).toBe(budi.link_source);

      expect(await clearAccountDispute(t.db, { accountId: budi.id, actor: 'user:sari', now: new Date() })).toBe(true);
      expect(await clearAccountDispute(t.db, { accountId: budi.id, actor: 'user:sari', now: new Date() })).toBe(false);
      const after = await importAccountsCsv(t.db, `${dir}/relink.csv`);
      expect(after.disputed.rows).toBe(0);
      const relinked = await t.db.selectFrom('accounts').selectAll().where('id', '=', budi.id).executeTakeFirstOrThrow();
      expect(relinked.person_id).not.toBe(budi.person_id);
      expect(relinked.tags).toEqual([]);
      const cleared = await t.db.selectFrom('audit_log').select('actor').where('action', '=', 'account.identity_dispute_cleared').execute();
      expect(cleared).toEqual([{ actor: 'user:sari' }]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
