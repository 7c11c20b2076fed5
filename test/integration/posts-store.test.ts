import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawPost } from '../../src/domain/raw-post.ts';
import { markDeleted, postVersions, storePosts } from '../../src/repositories/posts.repository.ts';
import { appendAudit } from '../../src/repositories/audit.repository.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const post = (id: string, text: string): RawPost & { accountId: null } => ({
  platform: 'x',
  externalId: id,
  handle: 'budi',
  url: `https://x.com/budi/status/${id}`,
  kind: 'post',
  text,
  postedAt: new Date('2024-01-15T01:30:00Z'),
  raw: { id, text },
  accountId: null,
});

describe.each(testDialects())('post storage on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('stores new posts once, however often they are collected', async () => {
    const a = await storePosts(t.db, [post('1', 'halo'), post('2', 'dunia'), post('1', 'halo')], { source: 'test' });
    expect(a.map((r) => r.outcome)).toEqual(['new', 'new', 'new']);
    const b = await storePosts(t.db, [post('1', 'halo'), post('2', 'dunia')], { source: 'test' });
    expect(b.map((r) => r.outcome)).toEqual(['unchanged', 'unchanged']);
    const n = await t.db.selectFrom('posts').select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    expect(Number(n.n)).toBe(2);
  });

  it('keeps every version of an edited post', async () => {
    const [r] = await storePosts(t.db, [post('1', 'halo, sudah diedit')], { source: 'test' });
    expect(r).toMatchObject({ outcome: 'edited', version: 2 });
    const versions = await postVersions(t.db, r!.postId);
    expect(versions.map((v) => [v.version, v.text])).toEqual([
      [1, 'halo'],
      [2, 'halo, sudah diedit'],
    ]);
    const p = await t.db.selectFrom('posts').selectAll().where('id', '=', r!.postId).executeTakeFirstOrThrow();
    expect(p.text).toBe('halo, sudah diedit');
    expect(p.current_version).toBe(2);
    // Unicode re-encoding (NFD vs NFC) is not an edit.
    const [same] = await storePosts(t.db, [post('2', 'dunia'.normalize('NFD'))], { source: 'test' });
    expect(same!.outcome).toBe('unchanged');
  });

  it('marks deletions and restores a post seen again', async () => {
    const [r] = await storePosts(t.db, [post('2', 'dunia')], { source: 'test' });
    expect(await markDeleted(t.db, [r!.postId])).toBe(1);
    expect(await markDeleted(t.db, [r!.postId])).toBe(0);
    const [again] = await storePosts(t.db, [post('2', 'dunia')], { source: 'test' });
    expect(again!.outcome).toBe('restored');
  });

  it('keeps the audit log append-only', async () => {
    await appendAudit(t.db, { actor: 'test', action: 'x.done', entityType: 'x', entityId: 1, after: { a: 1 } });
    await expect(sql`update audit_log set actor = 'mallory'`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`delete from audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    await expect(sql`truncate audit_log`.execute(t.db)).rejects.toThrow(/append-only/);
    const rows = await t.db.selectFrom('audit_log').select('actor').execute();
    expect(rows.map((r) => r.actor)).toEqual(['test']);
  });
});
