import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 (item 1): the registry of campaign accounts. One row per official account of a
 * candidate, pair, party or campaign team in a contest, per platform, with the source that says
 * it is official. A row may name its owner without an account (`platform` and `handle` both
 * null) when no cited source gives the handle: netra never guesses one.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('campaign_accounts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    /** contest|owner_kind|owner_name|platform|handle, lowercase: what makes re-import idempotent. */
    .addColumn('entry_key', 'text', (c) => c.notNull().unique())
    .addColumn('contest', 'text', (c) => c.notNull())
    .addColumn('owner_kind', 'text', (c) => c.notNull().check(sql`owner_kind in ('candidate', 'pair', 'party', 'team')`))
    .addColumn('owner_name', 'text', (c) => c.notNull())
    .addColumn('owner_ref', 'text')
    .addColumn('platform', 'text')
    .addColumn('handle', 'text')
    .addColumn('profile_url', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('source_url', 'text')
    .addColumn('note', 'text')
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('campaign_accounts_handle_platform', sql`(platform is null) = (handle is null)`)
    .execute();
  await sql`create index campaign_accounts_handle_idx on campaign_accounts (platform, handle) where handle is not null`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('campaign_accounts').ifExists().execute();
}
