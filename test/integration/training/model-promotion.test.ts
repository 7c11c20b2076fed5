import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { promoteModel, rollbackModel } from '../../../src/training/model-promotion.ts';
import { currentVersion } from '../../../src/training/model-versions.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

describe.each(testDialects())('model promotion and rollback on %s', (dialect) => {
  let t: TestDb;
  let dir: string;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    dir = await mkdtemp(path.join(os.tmpdir(), 'netra-promote-'));
    for (const v of ['20261201-aaaa', '20261202-bbbb', '20261203-cccc']) {
      await mkdir(path.join(dir, 'hate-abusive', v), { recursive: true });
      await writeFile(path.join(dir, 'hate-abusive', v, 'model.json'), '{}');
    }
  });
  afterAll(async () => {
    await t?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('rolls back through the versions in use before, as a stack: a second rollback never re-promotes the one just rolled back', async () => {
    expect(await promoteModel(t.db, dir, 'hate-abusive', '20261201-aaaa', 'user:admin')).toBe('20261203-cccc');
    expect(await promoteModel(t.db, dir, 'hate-abusive', '20261202-bbbb', 'user:admin')).toBe('20261201-aaaa');
    expect(await rollbackModel(t.db, dir, 'hate-abusive', 'user:admin')).toEqual({ from: '20261202-bbbb', to: '20261201-aaaa' });
    expect(await currentVersion(dir, 'hate-abusive')).toBe('20261201-aaaa');
    expect(await rollbackModel(t.db, dir, 'hate-abusive', 'user:admin')).toEqual({ from: '20261201-aaaa', to: '20261203-cccc' });
    expect(await currentVersion(dir, 'hate-abusive')).toBe('20261203-cccc');
    await expect(rollbackModel(t.db, dir, 'hate-abusive', 'user:admin')).rejects.toThrow(
      /no earlier version.*every earlier promotion has been rolled back/,
    );
    expect(await currentVersion(dir, 'hate-abusive')).toBe('20261203-cccc');
    const audit = await t.db.selectFrom('audit_log').select(['actor', 'action']).where('entity_type', '=', 'model').orderBy('id').execute();
    expect(audit.map((a) => a.action)).toEqual(['model.promoted', 'model.promoted', 'model.rolled_back', 'model.rolled_back']);
  });

  it('without a promotion, rolls back to the version folder before the current one', async () => {
    await mkdir(path.join(dir, 'partisan', '20261201-xxxx'), { recursive: true });
    await writeFile(path.join(dir, 'partisan', '20261201-xxxx', 'model.json'), '{}');
    await expect(rollbackModel(t.db, dir, 'partisan', 'user:admin')).rejects.toThrow(/no earlier version/);
    await mkdir(path.join(dir, 'partisan', '20261202-yyyy'), { recursive: true });
    await writeFile(path.join(dir, 'partisan', '20261202-yyyy', 'model.json'), '{}');
    expect(await rollbackModel(t.db, dir, 'partisan', 'user:admin')).toEqual({ from: '20261202-yyyy', to: '20261201-xxxx' });
  });
});
