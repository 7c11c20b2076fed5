import { sql, type Kysely } from 'kysely';
import { custodyEntryHash } from '../../domain/custody-chain.ts';
import { CHAIN_GENESIS } from '../../domain/hash-chain.ts';

/**
 * Issue 12 (item 4): tamper-evident evidence. Evidence rows become append-only (the database
 * refuses UPDATE, DELETE and TRUNCATE, as for the audit log and the custody log), and the custody
 * log becomes a hash chain: every entry has a sequence number, the previous entry's hash and its
 * own hash (src/domain/custody-chain.ts). Unique sequence numbers and previous hashes make a fork
 * impossible. Entries written before this migration are chained in id order here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`create function netra_evidence_append_only() returns trigger language plpgsql as $$
    begin raise exception 'evidence is append-only (% refused)', tg_op; end $$`.execute(db);
  await sql`create trigger evidence_append_only before update or delete on evidence
    for each row execute function netra_evidence_append_only()`.execute(db);
  await sql`create trigger evidence_no_truncate before truncate on evidence
    for each statement execute function netra_evidence_append_only()`.execute(db);

  await db.schema
    .alterTable('evidence_custody')
    .addColumn('seq', 'integer')
    .addColumn('prev_hash', 'text')
    .addColumn('entry_hash', 'text')
    .execute();
  // The existing entries, chained in the order they were written.
  await sql`alter table evidence_custody disable trigger evidence_custody_append_only`.execute(db);
  let prev = CHAIN_GENESIS;
  let seq = 0;
  for (let after = 0; ;) {
    const rows = (await db.selectFrom('evidence_custody').selectAll().where('id', '>', after).orderBy('id').limit(1000).execute()) as {
      id: number;
      evidence_id: number;
      at: Date;
      actor: string;
      action: string;
      sha256_observed: string | null;
      detail: unknown;
    }[];
    if (rows.length === 0) break;
    for (const r of rows) {
      seq++;
      const hash = custodyEntryHash({
        seq,
        prevHash: prev,
        evidenceId: r.evidence_id,
        at: r.at,
        actor: r.actor,
        action: r.action,
        sha256Observed: r.sha256_observed,
        detail: r.detail,
      });
      // The stored time is cut to milliseconds, the precision the hash covers.
      await db.updateTable('evidence_custody').set({ seq, prev_hash: prev, entry_hash: hash, at: r.at }).where('id', '=', r.id).execute();
      prev = hash;
    }
    after = rows[rows.length - 1]!.id;
  }
  await sql`alter table evidence_custody enable trigger evidence_custody_append_only`.execute(db);
  await db.schema
    .alterTable('evidence_custody')
    .alterColumn('seq', (c) => c.setNotNull())
    .alterColumn('prev_hash', (c) => c.setNotNull())
    .alterColumn('entry_hash', (c) => c.setNotNull())
    .execute();
  await db.schema.alterTable('evidence_custody').addUniqueConstraint('evidence_custody_seq_key', ['seq']).execute();
  await db.schema.alterTable('evidence_custody').addUniqueConstraint('evidence_custody_prev_hash_key', ['prev_hash']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table evidence_custody drop constraint if exists evidence_custody_prev_hash_key`.execute(db);
  await sql`alter table evidence_custody drop constraint if exists evidence_custody_seq_key`.execute(db);
  for (const c of ['entry_hash', 'prev_hash', 'seq']) await db.schema.alterTable('evidence_custody').dropColumn(c).execute();
  await sql`drop trigger if exists evidence_no_truncate on evidence`.execute(db);
  await sql`drop trigger if exists evidence_append_only on evidence`.execute(db);
  await sql`drop function if exists netra_evidence_append_only()`.execute(db);
}
