import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../../src/db/connect.ts';
import { migrateTo, migrateToLatest } from '../../../src/db/migrations.ts';
import { verifyAuditChain } from '../../../src/domain/audit-chain.ts';
import type { ChainAnchor } from '../../../src/domain/hash-chain.ts';
import { appendAudit, auditChainHead, auditChainPage } from '../../../src/repositories/audit.repository.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

type Handle = TestDb['db'];
const verify = async (db: Handle, anchors?: ChainAnchor[]) =>
  verifyAuditChain((after) => auditChainPage(db, after, 7), await auditChainHead(db), anchors ? { anchors } : {});
/** What only the owner (or a superuser) can do: lift the append-only trigger for one statement. */
async function tamper(db: Handle, statement: string) {
  await sql`alter table audit_log disable trigger audit_log_append_only`.execute(db);
  try {
    await sql.raw(statement).execute(db);
  } finally {
    await sql`alter table audit_log enable trigger audit_log_append_only`.execute(db);
  }
}

describe.each(testDialects())('the hash-chained audit log on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
    const sari = { userId: (await seedUser(t.db, 'sari', 'analyst')).id, username: 'sari', role: 'analyst' as const };
    for (let i = 0; i < 4; i++) {
      const { flagId } = await seedFlag(t.db, { text: `unggahan ${i} "kutip" \\ 🗳️ é` });
      await decideFlag(t.db, sari, {
        flagId,
        version: 1,
        decision: i % 2 ? 'confirm' : 'dismiss',
        skbItem: 6,
        dismissReason: 'neutral_context',
        note: `catatan ${i} ünïcödé`,
      });
    }
  });
  afterAll(async () => t?.close());

  it('chains every entry, gapless, and verifies outside the database', async () => {
    const r = await verify(t.db);
    const n = Number(
      (
        await t.db
          .selectFrom('audit_log')
          .select(sql<number>`count(*)`.as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
    expect(r.breaks).toEqual([]);
    expect(r.entries).toBe(n);
    expect(r.head).toEqual(await auditChainHead(t.db));
  });

  it('stays one chain when writers append at the same time', async () => {
    const others = dialect === 'postgres' ? [await t.reopen(), await t.reopen()] : [];
    try {
      const handles = [t.db, ...others.map((o) => o.db)];
      await Promise.all(
        Array.from({ length: 30 }, (_, i) =>
          handles[i % handles.length]!.transaction().execute((trx) =>
            appendAudit(
              trx,
              [0, 1, 2].map((k) => ({ actor: `test:${i}`, action: 'test.concurrent', entityType: 'test', entityId: `${i}-${k}` })),
            ),
          ),
        ),
      );
    } finally {
      for (const o of others) await o.close();
    }
    expect((await verify(t.db)).breaks).toEqual([]);
  });

  it('the database refuses changing or removing entries and decisions', async () => {
    for (const stmt of [
      "update audit_log set actor = 'x'",
      'delete from audit_log',
      'truncate audit_log',
      "update flag_decisions set note = 'x'",
      'delete from flag_decisions',
      'truncate flag_decisions',
    ])
      await expect(sql.raw(stmt).execute(t.db), stmt).rejects.toThrow(/append-only/);
  });

  it('finds an entry changed, removed, or a chain rewritten whole, and the tail cut', async () => {
    const before = await verify(t.db);
    const e3 = (await auditChainPage(t.db, 2, 1))[0]!;
    await tamper(t.db, `update audit_log set actor = 'user:someone-else' where seq = 3`);
    expect((await verify(t.db)).breaks).toEqual([
      { seq: 3, id: e3.id, problem: 'hash does not match the entry (changed after it was written)' },
    ]);
    await tamper(t.db, `delete from audit_log where seq = 5`);
    expect((await verify(t.db)).breaks.map((b) => b.problem)).toEqual(
      expect.arrayContaining(['entries 5 are missing', 'prev_hash is not the hash of the entry before it']),
    );
    // Someone with full access recomputes every hash from entry 3 on: only an anchor written down earlier shows it.
    await tamper(
      t.db,
      `do $$ declare r record; prev text; n bigint := 2; begin
        select hash into prev from audit_log where seq = 2;
        for r in select * from audit_log where seq > 2 order by seq loop
          n := n + 1;
          update audit_log set seq = n, prev_hash = prev, hash = netra_audit_hash(n, prev, r.at, r.actor, r.action, r.entity_type, r.entity_id, r.before, r.after, r.context) where id = r.id;
          select hash into prev from audit_log where id = r.id;
        end loop;
        update audit_chain_head set seq = n, hash = prev;
      end $$`,
    );
    expect((await verify(t.db)).breaks).toEqual([]);
    const anchored = await verify(t.db, [{ seq: 3, hash: e3.hash }]);
    expect(anchored.breaks.map((b) => b.problem)).toEqual([expect.stringMatching(/^hash differs from the anchor/)]);
    // Cutting the last entries leaves the recorded head pointing past the end.
    await tamper(t.db, `delete from audit_log where seq = (select max(seq) from audit_log)`);
    expect((await verify(t.db)).breaks.map((b) => b.problem)).toEqual([
      expect.stringMatching(/^the recorded head is entry \d+, but the chain ends at/),
    ]);
    expect(before.breaks).toEqual([]);
  });
});

describe('the audit chain migration', () => {
  it('chains the entries that were there before it, in id order', async () => {
    const d = await openDatabase({ dbPath: 'memory://', migrate: false });
    try {
      await migrateTo(d.db, '0701-research-exports');
      for (let i = 0; i < 5; i++)
        await sql`insert into audit_log (actor, action, entity_type, entity_id, context) values ('test', 'old.entry', 'test', ${String(i)}, ${JSON.stringify({ i })}::jsonb)`.execute(
          d.db,
        );
      await migrateToLatest(d.db);
      await appendAudit(d.db, { actor: 'test', action: 'new.entry', entityType: 'test', entityId: 'x' });
      const r = await verify(d.db);
      expect(r.breaks).toEqual([]);
      expect(r.entries).toBe(6);
      expect((await auditChainPage(d.db, 0)).map((e) => e.action)).toEqual([...Array(5).fill('old.entry'), 'new.entry']);
    } finally {
      await d.close();
    }
  });
});

describe('netra audit verify', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'netra-audit-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  it('exits 0 on an intact chain, 1 on a break or a flag decided off the record, and explains anchors in --help', async () => {
    const env = { NETRA_DATA_DIR: dir, NETRA_DATABASE_URL: '' };
    const d = await openDatabase({ dbPath: path.join(dir, 'db') });
    let flagId: number;
    try {
      const sari = { userId: (await seedUser(d.db, 'sari', 'analyst')).id, username: 'sari', role: 'analyst' as const };
      flagId = (await seedFlag(d.db, { text: 'coblos' })).flagId;
      await decideFlag(d.db, sari, { flagId, version: 1, decision: 'confirm', skbItem: 6 });
      await seedFlag(d.db, { text: 'pilih nomor 1' });
    } finally {
      await d.close();
    }
    const ok = await runCli(['audit', 'verify'], { env });
    expect(ok.stderr).toBe('');
    expect(ok.code).toBe(0);
    expect(ok.stdout).toMatch(
      /audit log: \d+ entries, chain intact\nhead: (\d+):([0-9a-f]{64})\nflags: every decided flag has its decision on record/,
    );
    const head = /head: (\d+:[0-9a-f]{64})/.exec(ok.stdout)![1]!;
    expect((await runCli(['audit', 'verify', '--anchor', head], { env })).code).toBe(0);
    expect((await runCli(['audit', 'verify', '--anchor', 'bogus'], { env })).stderr).toMatch(/--anchor "bogus": write SEQ:HASH/);
    // A flag confirmed straight in the database, with no decision: history does not explain it.
    const d2 = await openDatabase({ dbPath: path.join(dir, 'db') });
    try {
      await d2.db
        .updateTable('flags')
        .set({ status: 'confirmed' })
        .where('id', '=', flagId! + 1)
        .execute();
      await tamper(d2.db, `update audit_log set after = '{"status": "dismissed"}' where seq = 2`);
    } finally {
      await d2.close();
    }
    const bad = await runCli(['audit', 'verify', '--json'], { env });
    expect(bad.code).toBe(1);
    const report = JSON.parse(bad.stdout);
    expect(report.ok).toBe(false);
    expect(report.breaks).toEqual([
      { seq: 2, id: expect.any(Number), problem: 'hash does not match the entry (changed after it was written)' },
    ]);
    expect(report.flagsOffTheRecord).toEqual([{ flagId: flagId! + 1, status: 'confirmed', lastDecision: null }]);
    const help = await runCli(['audit', 'verify', '--help'], {});
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/--anchor <seq:hash>/);
  });
});
