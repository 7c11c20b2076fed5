import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FlagStatus } from '../../../src/domain/statuses.ts';
import { listQueue, type QueueFilter } from '../../../src/repositories/queue.repository.ts';
import { decideFlag, reopenOrWithdraw } from '../../../src/review/decide.ts';
import { takeNext } from '../../../src/review/queue.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

const DAY = 86_400_000;

/** A tiny deterministic generator (the test must not depend on luck). */
function rng(seed: number) {
  let x = seed;
  return () => (x = (x * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe.each(testDialects())('queue rank from precomputed person counts on %s', (dialect) => {
  let t: TestDb;
  type A = { userId: number; username: string; role: 'analyst' | 'supervisor' };
  let sari: A;
  let dewi: A;
  const now = new Date();
  beforeAll(async () => {
    t = await openTestDb(dialect);
    sari = { userId: (await seedUser(t.db, 'sari', 'analyst')).id, username: 'sari', role: 'analyst' };
    dewi = { userId: (await seedUser(t.db, 'dewi', 'supervisor')).id, username: 'dewi', role: 'supervisor' };
    const r = rng(7);
    const labels = [['partisan'], ['hate'], ['money_politics'], ['abusive', 'hate']];
    for (let i = 0; i < 80; i++) {
      // Person 0 is prolific; eight people in all.
      const p = i % 3 === 0 ? 0 : 1 + Math.floor(r() * 7);
      await seedFlag(t.db, {
        text: `unggahan ${i} ayo coblos ${i % 5}`,
        labels: labels[i % labels.length],
        priority: Math.round(r() * 10000) / 100,
        nip: `19850101200${String(p).padStart(9, '0')}`,
        personName: `Pegawai ${p}`,
        handle: `asn_rank_${p}`,
        agency: p % 2 ? 'Dinas Ganjil' : 'Dinas Genap',
        region: `Kabupaten ${p % 3}`,
        postedAt: new Date(now.getTime() - r() * 10 * DAY),
        discoveredAt: new Date(now.getTime() - r() * 3 * DAY),
      });
    }
    // Some posts without a time (recency fades from the discovery), one without an account.
    await t.db
      .updateTable('posts')
      .set({ posted_at: null })
      .where('id', 'in', sql<number>`(select id from posts order by id limit 5)`)
      .execute();
    await t.db
      .updateTable('posts')
      .set({ account_id: null })
      .where('id', '=', sql<number>`(select max(id) from posts)`)
      .execute();
  });
  afterAll(async () => t?.close());

  /** The rank as the README defines it, computed from the raw tables. */
  async function reference(statuses: FlagStatus[]) {
    const rows = await t.db
      .selectFrom('flags as f')
      .innerJoin('posts as p', 'p.id', 'f.post_id')
      .leftJoin('accounts as a', 'a.id', 'p.account_id')
      .select(['f.id', 'f.status', 'f.priority', 'f.discovered_at', 'p.posted_at', 'a.person_id', 'f.event_at'])
      .execute();
    const confirmed = new Map<number, number>();
    for (const x of rows)
      if (x.status === 'confirmed' && x.person_id !== null) confirmed.set(x.person_id, (confirmed.get(x.person_id) ?? 0) + 1);
    return rows
      .filter((x) => statuses.includes(x.status))
      .map((x) => {
        const at = (x.posted_at ?? x.discovered_at).getTime();
        const others = x.person_id === null ? 0 : (confirmed.get(x.person_id) ?? 0) - (x.status === 'confirmed' ? 1 : 0);
        return { id: x.id, rank: x.priority + Math.max(0, 6 - (now.getTime() - at) / DAY) + 3 * Math.min(3, others), eventAt: at };
      })
      .sort((a, b) => b.rank - a.rank || a.id - b.id);
  }

  async function expectSameOrder(filter: QueueFilter, statuses: FlagStatus[]) {
    const ref = await reference(statuses);
    const got = [];
    for (let offset = 0; ; offset += 25) {
      const page = await listQueue(t.db, { ...filter, statuses }, { limit: 25, offset, now });
      got.push(...page.items);
      expect(page.total).toBe(ref.length);
      if (page.items.length < 25) break;
    }
    expect(got.map((x) => x.id)).toEqual(ref.map((x) => x.id));
    for (const [i, x] of got.entries()) expect(x.rank).toBeCloseTo(ref[i]!.rank, 1);
  }

  async function expectCountsRight() {
    const recount = await sql<{
      person_id: number;
      n: number;
    }>`select a.person_id, count(*)::int as n from flags f join posts p on p.id = f.post_id
      join accounts a on a.id = p.account_id where f.status = 'confirmed' group by a.person_id`.execute(t.db);
    const stored = await t.db.selectFrom('person_flag_counts').select(['person_id', 'confirmed']).where('confirmed', '>', 0).execute();
    expect(Object.fromEntries(stored.map((s) => [s.person_id, s.confirmed]))).toEqual(
      Object.fromEntries(recount.rows.map((r) => [r.person_id, r.n])),
    );
  }

  it('orders the queue exactly as priority + recency + history, page after page', async () => {
    await expectSameOrder({}, ['open', 'claimed']);
  });

  it('keeps the person counts and every rank current through confirms, dismissals, a reopen and a re-linked account', async () => {
    const prolific = await t.db
      .selectFrom('flags as f')
      .innerJoin('persons as pe', 'pe.id', 'f.person_id')
      .select(['f.id', 'f.version'])
      .where('pe.name', '=', 'Pegawai 0')
      .orderBy('f.id')
      .execute();
    for (const f of prolific.slice(0, 4))
      await decideFlag(t.db, sari, { flagId: f.id, version: f.version, decision: 'confirm', skbItem: 6 });
    const others = await t.db
      .selectFrom('flags')
      .select(['id', 'version'])
      .where('status', '=', 'open')
      .orderBy('id', 'desc')
      .limit(6)
      .execute();
    for (const [i, f] of others.entries())
      await decideFlag(
        t.db,
        sari,
        i % 2
          ? { flagId: f.id, version: f.version, decision: 'confirm', skbItem: 2 }
          : { flagId: f.id, version: f.version, decision: 'dismiss', dismissReason: 'neutral_context' },
      );
    await expectCountsRight();
    await expectSameOrder({}, ['open', 'claimed']);
    await expectSameOrder({}, ['open', 'claimed', 'escalated', 'confirmed', 'dismissed']);
    // A reopened confirmation no longer counts for the person.
    const v = (await t.db.selectFrom('flags').select('version').where('id', '=', prolific[0]!.id).executeTakeFirstOrThrow()).version;
    await reopenOrWithdraw(t.db, dewi, { flagId: prolific[0]!.id, version: v, kind: 'reopen', reason: 'bukti baru' });
    await expectCountsRight();
    await expectSameOrder({}, ['open', 'claimed']);
    // An account found to belong to someone else: its flags and their counts move with it.
    const acc = await t.db.selectFrom('accounts').select(['id', 'person_id']).where('handle', '=', 'asn_rank_0').executeTakeFirstOrThrow();
    const other = await t.db.selectFrom('persons').select('id').where('name', '=', 'Pegawai 3').executeTakeFirstOrThrow();
    await t.db.updateTable('accounts').set({ person_id: other.id }).where('id', '=', acc.id).execute();
    expect((await t.db.selectFrom('flags').select('person_id').where('id', '=', prolific[1]!.id).executeTakeFirstOrThrow()).person_id).toBe(
      other.id,
    );
    await expectCountsRight();
    await expectSameOrder({}, ['open', 'claimed', 'confirmed']);
  });

  it('filters and sorts without losing the order: labels, agency, region, dates, post time, deadline, number', async () => {
    const ref = await reference(['open', 'claimed']);
    const hate = await listQueue(t.db, { statuses: ['open', 'claimed'], labels: ['hate'] }, { limit: 500, offset: 0, now });
    const hateIds = new Set(
      (
        await t.db
          .selectFrom('flags')
          .select('id')
          .where(sql<boolean>`labels ? 'hate'`)
          .execute()
      ).map((r) => r.id),
    );
    expect(hate.items.map((x) => x.id)).toEqual(ref.filter((x) => hateIds.has(x.id)).map((x) => x.id));
    const genap = await listQueue(t.db, { statuses: ['open', 'claimed'], agencies: ['dinas genap'] }, { limit: 500, offset: 0, now });
    expect(genap.items.every((x) => x.agency === 'Dinas Genap')).toBe(true);
    expect(genap.items.length).toBeGreaterThan(0);
    const region = await listQueue(t.db, { statuses: ['open', 'claimed'], regions: ['Kabupaten 1'] }, { limit: 500, offset: 0, now });
    expect(region.items.every((x) => x.region === 'Kabupaten 1')).toBe(true);
    const day = (d: number) => new Date(d + 7 * 3_600_000).toISOString().slice(0, 10);
    const from = day(now.getTime() - 4 * DAY);
    const inRange = await listQueue(t.db, { statuses: ['open', 'claimed'], from }, { limit: 500, offset: 0, now });
    expect(inRange.items.map((x) => x.id)).toEqual(ref.filter((x) => day(x.eventAt) >= from).map((x) => x.id));
    const posted = await listQueue(t.db, { statuses: ['open', 'claimed'], sort: 'posted', dir: 'asc' }, { limit: 500, offset: 0, now });
    expect(posted.items.map((x) => x.id)).toEqual([...ref].sort((a, b) => a.eventAt - b.eventAt || a.id - b.id).map((x) => x.id));
    const byId = await listQueue(t.db, { statuses: ['open', 'claimed'], sort: 'id', dir: 'desc' }, { limit: 500, offset: 0, now });
    expect(byId.items.map((x) => x.id)).toEqual(ref.map((x) => x.id).sort((a, b) => b - a));
    const deadline = await listQueue(t.db, { statuses: ['open', 'claimed'], sort: 'deadline' }, { limit: 500, offset: 0, now });
    const ds = deadline.items.map((x) => x.discoveredAt.getTime());
    expect(ds).toEqual([...ds].sort((a, b) => a - b));
  });

  it('take next claims the top-ranked open flag; analysts taking at once get different flags', async () => {
    const [top] = await reference(['open']);
    const got = await takeNext(t.db, sari, {}, 60_000);
    expect(got!.id).toBe(top!.id);
    const users = await Promise.all(
      Array.from({ length: 8 }, async (_, i) => ({
        userId: (await seedUser(t.db, `analis${i}`, 'analyst')).id,
        username: `analis${i}`,
        role: 'analyst' as const,
      })),
    );
    const other = dialect === 'postgres' ? await t.reopen() : t;
    try {
      const taken = await Promise.all(users.map((u, i) => takeNext(i % 2 ? other.db : t.db, u, {}, 60_000)));
      const ids = taken.map((f) => f!.id);
      expect(new Set(ids).size).toBe(users.length);
      expect(ids).not.toContain(got!.id);
    } finally {
      if (other !== t) await other.close();
    }
  });
});
