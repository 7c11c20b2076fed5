import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AccessDenied, authorise, EXPORT_ROLES } from '../../src/export/export-access.ts';
import { seedUser } from '../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

describe.each(testDialects())('who may export, on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    await seedUser(t.db, 'rina', 'researcher');
    await seedUser(t.db, 'root', 'admin');
    await seedUser(t.db, 'sari', 'analyst');
    await seedUser(t.db, 'lama', 'researcher');
    await t.db.updateTable('users').set({ disabled: true }).where('username', '=', 'lama').execute();
  });
  afterAll(async () => t?.close());
  const ask = (username: string, extra: { includeDeleted?: boolean; idsOnly?: boolean; purpose?: string } = {}) =>
    authorise(t.db, { username, action: 'export', roles: EXPORT_ROLES, ...extra });

  it('lets researchers and admins export', async () => {
    expect(await ask('rina')).toEqual({ username: 'rina', role: 'researcher' });
    expect(await ask('ROOT')).toEqual({ username: 'root', role: 'admin' });
    expect(await ask('root', { includeDeleted: true, purpose: 'deletion study, ethics approval 12/2026' })).toMatchObject({
      role: 'admin',
    });
    expect(await ask('root', { idsOnly: true })).toMatchObject({ role: 'admin' });
  });

  it.each([
    ['sari', {}, /has the role analyst/],
    ['nobody', {}, /there is no user "nobody"/],
    ['lama', {}, /is disabled/],
    ['rina', { includeDeleted: true, purpose: 'a long enough purpose' }, /only by an admin/],
    ['rina', { idsOnly: true }, /ids-only export .* only by an admin/],
    ['root', { includeDeleted: true }, /need --purpose/],
    ['root', { includeDeleted: true, purpose: 'why' }, /need --purpose/],
  ] as const)('refuses %s %j, and audits the refusal', async (user, extra, message) => {
    const before = await t.db.selectFrom('audit_log').select('id').where('action', '=', 'export.refused').execute();
    const err = await ask(user, extra).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AccessDenied);
    expect((err as Error).message).toMatch(message);
    const after = await t.db.selectFrom('audit_log').selectAll().where('action', '=', 'export.refused').orderBy('id').execute();
    expect(after).toHaveLength(before.length + 1);
    expect(after[after.length - 1]!.actor).toBe(`user:${user}`);
  });
});
