import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (item 1): retention per kind of data, applied by a scheduled job.
 *
 * - `retention_runs`: every applied run (scheduled or by hand): the settings it used and how
 *   many rows/files of each kind it removed (counts only, never personal data). A scheduled
 *   run carries its tick; the tick is unique, so several schedulers start one run per tick.
 * - `posts.purged_at`: when a post's content was removed (by retention or an erasure); the
 *   row stays as an empty shell because flags, decisions and evidence custody refer to it.
 * - `export_releases.expired_at`: when retention removed a release's pseudonym mappings
 *   (and its folder); which persons it contained stays (recall after an erasure).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('retention_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('finished_at', 'timestamptz')
    .addColumn('trigger', 'text', (c) => c.notNull().check(sql`trigger in ('schedule', 'manual')`))
    .addColumn('scheduled_for', 'timestamptz', (c) => c.unique())
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('settings', 'jsonb', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'text')
    .execute();
  await sql`alter table posts add column purged_at timestamptz`.execute(db);
  await sql`alter table export_releases add column expired_at timestamptz`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`alter table export_releases drop column if exists expired_at`.execute(db);
  await sql`alter table posts drop column if exists purged_at`.execute(db);
  await db.schema.dropTable('retention_runs').ifExists().execute();
}
