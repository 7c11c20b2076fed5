import { sql, type Kysely } from 'kysely';

/**
 * Issue 12 (items 5 and 6): collection at scale.
 * - `account_platform_ids`: the platform's own id of a registered account, per source (X user id,
 *   Meta Content Library id), looked up once in batches and reused, with what the lookup found.
 * - `api_usage`: units an API source used per day (X posts read, TikTok requests and records,
 *   Meta records), so a pipeline's monthly or daily cap holds across runs and workers.
 * - `politeness_slots`, `politeness_windows`, `politeness_breakers`: the pace, the platform's own
 *   rate-limit windows and the circuit breaker of each platform and egress, shared by every
 *   worker on PostgreSQL (N workers together keep one pace).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('account_platform_ids')
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('platform_user_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('pending', 'ok', 'not_found', 'private', 'suspended')`))
    .addColumn('detail', 'text')
    .addColumn('checked_at', 'timestamptz', (c) => c.notNull())
    .addColumn('claimed_until', 'timestamptz')
    .addPrimaryKeyConstraint('account_platform_ids_pkey', ['account_id', 'source'])
    .execute();
  await sql`comment on table account_platform_ids is 'Platform ids of registered accounts per source, looked up in batches (issue 12).'`.execute(
    db,
  );

  await db.schema
    .createTable('api_usage')
    .addColumn('source_key', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('day', 'date', (c) => c.notNull())
    .addColumn('used', 'bigint', (c) => c.notNull().defaultTo(0))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('api_usage_pkey', ['source_key', 'unit', 'day'])
    .execute();

  await db.schema
    .createTable('politeness_slots')
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('last_start', 'timestamptz', (c) => c.notNull())
    .addPrimaryKeyConstraint('politeness_slots_pkey', ['key', 'slot'])
    .execute();
  await db.schema
    .createTable('politeness_windows')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('remaining', 'integer', (c) => c.notNull())
    .addColumn('reset_at', 'timestamptz', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema
    .createTable('politeness_breakers')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('state', 'jsonb', (c) => c.notNull())
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['politeness_breakers', 'politeness_windows', 'politeness_slots', 'api_usage', 'account_platform_ids'])
    await db.schema.dropTable(t).ifExists().execute();
}
