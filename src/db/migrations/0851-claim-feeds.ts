import { sql, type Kysely } from 'kysely';

/**
 * Issue 12 (item 8): live debunked-claims feeds.
 * - `claim_feed_cursors`: how far each feed (TurnBackHoax's WordPress API, an RSS feed) was
 *   read, so a sync asks only for what changed since, and how the last sync went.
 * - `classifications.base_key`: the classifier key without the claims version; when only the
 *   claims changed, scans re-classify recent posts only.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('claim_feed_cursors')
    .addColumn('feed', 'text', (c) => c.primaryKey())
    .addColumn('url', 'text', (c) => c.notNull())
    .addColumn('modified_after', 'timestamptz')
    .addColumn('last_run_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_ok_at', 'timestamptz')
    .addColumn('last_status', 'text', (c) => c.notNull())
    .addColumn('last_message', 'text')
    .addColumn('items_seen', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claims_created', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('claims_updated', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();
  await db.schema.alterTable('classifications').addColumn('base_key', 'text').execute();
  await db.schema
    .createIndex('classifications_base_key_idx')
    .on('classifications')
    .columns(['post_id', 'post_version', 'base_key'])
    .execute();
  await sql`comment on table claim_feed_cursors is 'Debunked-claims feeds: cursor and last outcome per feed (issue 12).'`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('classifications_base_key_idx').ifExists().execute();
  await db.schema.alterTable('classifications').dropColumn('base_key').execute();
  await db.schema.dropTable('claim_feed_cursors').ifExists().execute();
}
