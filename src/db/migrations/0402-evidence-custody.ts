import { sql, type Kysely } from 'kysely';

/**
 * Issue 4: chain of custody for evidence files. Each evidence row says how it was captured
 * (by whom, from which source, in which way, with the WIB time as a report shows it), and an
 * append-only event table records every capture and every verification of the file's hash.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('evidence')
    .addColumn('captured_at_wib', 'text')
    .addColumn('source', 'text')
    .addColumn('method', 'text', (c) => c.check(sql`method in ('collection', 'flagged', 'manual', 'collected-record')`))
    .addColumn('actor', 'text')
    .addColumn('details', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema.createIndex('evidence_post_idx').on('evidence').columns(['post_id', 'post_version']).execute();

  await db.schema
    .createTable('evidence_custody')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence.id'))
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull().check(sql`action in ('captured', 'verified', 'verify_failed', 'missing')`))
    .addColumn('sha256_observed', 'text')
    .addColumn('detail', 'jsonb')
    .execute();
  await db.schema.createIndex('evidence_custody_evidence_idx').on('evidence_custody').column('evidence_id').execute();
  // Custody records are never rewritten: the database refuses it, as for the audit log.
  await sql`create function netra_evidence_custody_append_only() returns trigger language plpgsql as $$
    begin raise exception 'evidence_custody is append-only (% refused)', tg_op; end $$`.execute(db);
  await sql`create trigger evidence_custody_append_only before update or delete on evidence_custody
    for each row execute function netra_evidence_custody_append_only()`.execute(db);
  await sql`create trigger evidence_custody_no_truncate before truncate on evidence_custody
    for each statement execute function netra_evidence_custody_append_only()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('evidence_custody').ifExists().execute();
  await sql`drop function if exists netra_evidence_custody_append_only()`.execute(db);
  await db.schema.dropIndex('evidence_post_idx').ifExists().execute();
  for (const c of ['details', 'actor', 'method', 'source', 'captured_at_wib'])
    await db.schema.alterTable('evidence').dropColumn(c).execute();
}
