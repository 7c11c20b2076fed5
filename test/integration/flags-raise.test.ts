import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RawPost } from '../../src/domain/raw-post.ts';
import type { Classification } from '../../src/domain/classification.ts';
import type { Label } from '../../src/domain/labels.ts';
import { auditHistory } from '../../src/repositories/audit.repository.ts';
import { storeClassifications } from '../../src/repositories/classifications.repository.ts';
import { raiseFlags, type RaiseFlagInput } from '../../src/repositories/flags.repository.ts';
import { storePosts } from '../../src/repositories/posts.repository.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const post = (id: string): RawPost & { accountId: null } => ({
  platform: 'x',
  externalId: id,
  handle: 'budi',
  url: null,
  kind: 'post',
  text: `post ${id}`,
  postedAt: new Date('2024-01-15T01:30:00Z'),
  raw: {},
  accountId: null,
});

const result = (key: string, flags: Label[]): Classification => ({
  scores: { partisan: 0.9, hate: 0.1, abusive: 0.1, hoax: 0, money_politics: 0 },
  flags,
  evidence: [],
  findings: [],
  versions: { nlp: 'n', lexicon: 'l', models: {}, key },
});

describe.each(testDialects())('raising flags in batches on %s', (dialect) => {
  let t: TestDb;
  const posts = new Map<string, number>();
  /** A classification of post `p` by classifier `key`, stored; its id. */
  const classified = async (p: string, key: string, flags: Label[]) =>
    (await storeClassifications(t.db, [{ postId: posts.get(p)!, version: 1, result: result(key, flags) }])).get(posts.get(p)!)!;
  const input = (p: string, classificationId: number, labels: Label[]): RaiseFlagInput => ({
    postId: posts.get(p)!,
    classificationId,
    labels,
    maxScore: 0.9,
    priority: 50,
    phase: 'campaign',
    discoveredAt: new Date('2024-01-16T00:00:00Z'),
  });

  beforeAll(async () => {
    t = await openTestDb(dialect);
    const names = ['a', 'b', 'c', 'd'];
    (await storePosts(t.db, names.map(post), { source: 'test' })).forEach((s, i) => posts.set(names[i]!, s.postId));
  });
  afterAll(async () => t?.close());

  it('creates, leaves unchanged, updates and keeps decisions as one flag at a time would, in input order', async () => {
    const a1 = await classified('a', 'k1', ['partisan']);
    const b1 = await classified('b', 'k1', ['partisan']);
    const first = await raiseFlags(t.db, [input('a', a1, ['partisan']), input('b', b1, ['partisan'])], 'system:test');
    expect(first.map((r) => r.outcome)).toEqual(['created', 'created']);
    const flagA = first[0]!.flagId;
    const flagB = first[1]!.flagId;
    expect(flagA).not.toBe(flagB);
    expect((await auditHistory(t.db, 'flag', flagA)).map((e) => e.action)).toEqual(['flag.created']);

    const b2 = await classified('b', 'k2', ['partisan', 'hate']);
    const c1 = await classified('c', 'k1', ['hate']);
    const second = await raiseFlags(
      t.db,
      [input('a', a1, ['partisan']), input('b', b2, ['partisan', 'hate']), input('c', c1, ['hate'])],
      'system:test',
    );
    expect(second.map((r) => r.outcome)).toEqual(['unchanged', 'updated', 'created']);
    expect(second[1]!.flagId).toBe(flagB);
    const fb = await t.db.selectFrom('flags').selectAll().where('id', '=', flagB).executeTakeFirstOrThrow();
    expect(fb.classification_id).toBe(b2);
    expect(fb.labels).toEqual(['partisan', 'hate']);
    expect((await auditHistory(t.db, 'flag', flagB)).map((e) => e.action)).toEqual(['flag.created', 'flag.reclassified']);

    await t.db.updateTable('flags').set({ status: 'confirmed' }).where('id', '=', flagA).execute();
    const a2 = await classified('a', 'k2', ['hate']);
    const third = await raiseFlags(t.db, [input('a', a2, ['hate'])], 'system:test');
    expect(third).toEqual([{ flagId: flagA, outcome: 'kept_decision' }]);
    const fa = await t.db.selectFrom('flags').selectAll().where('id', '=', flagA).executeTakeFirstOrThrow();
    expect(fa.classification_id).toBe(a1);
    expect((await auditHistory(t.db, 'flag', flagA)).map((e) => e.action)).toEqual(['flag.created', 'flag.reclassified_after_decision']);
  });

  it('a post listed twice in one batch gets one flag', async () => {
    const d1 = await classified('d', 'k1', ['partisan']);
    const r = await raiseFlags(t.db, [input('d', d1, ['partisan']), input('d', d1, ['partisan'])], 'system:test');
    expect(r.map((x) => x.outcome)).toEqual(['created', 'unchanged']);
    expect(r[0]!.flagId).toBe(r[1]!.flagId);
    expect(await raiseFlags(t.db, [], 'system:test')).toEqual([]);
  });
});
