import { sql, type Kysely } from 'kysely';

/**
 * Issue 4: where collection got to, per account and source. A re-scan lists only what is newer
 * than `newest_posted_at` (less the source's look-back window); `max_post_count` remembers that
 * an account used to return posts, so an empty answer later is an alert, not a silent zero.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('collect_cursors')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('newest_external_id', 'text')
    .addColumn('newest_posted_at', 'timestamptz')
    .addColumn('last_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_status', 'text', (c) => c.notNull())
    .addColumn('last_message', 'text')
    .addColumn('last_ok_at', 'timestamptz')
    .addColumn('last_post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_post_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
    .addPrimaryKeyConstraint('collect_cursors_pkey', ['account_id', 'source'])
    .execute();
  await sql`comment on table collect_cursors is 'Per account and source: newest post seen and the outcome of the last collection (issue 4).'`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('collect_cursors').ifExists().execute();
}
