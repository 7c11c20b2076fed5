import { sql, type Kysely } from 'kysely';

/**
 * Issue 13: login limits that parallel requests cannot beat, and that do not tell whether an
 * account exists.
 *
 * One row per throttled key: `account:<username>` (whether or not that user exists) and
 * `address:<client address>`. A login attempt is counted here, atomically, before its password
 * is checked; the count includes attempts still being checked, so 30 simultaneous tries get at
 * most the allowed number of password checks. `locked_until` is set when an account reaches
 * its limit. This replaces `users.failed_logins` and `users.locked_until` (0601), which only
 * existed for real users (an unknown name was never locked: that told names apart).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('login_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    // Failed attempts in the window, plus those being checked now.
    .addColumn('attempts', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(0)
        .check(sql`attempts >= 0`),
    )
    .addColumn('window_started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('locked_until', 'timestamptz')
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('login_throttle_updated_idx').on('login_throttle').column('updated_at').execute();
  // Carry over live lockouts.
  await sql`insert into login_throttle (key, attempts, window_started_at, locked_until, updated_at)
    select 'account:' || username, failed_logins, now(), locked_until, now() from users where failed_logins > 0 or locked_until > now()`.execute(
    db,
  );
  await db.schema.alterTable('users').dropColumn('failed_logins').execute();
  await db.schema.alterTable('users').dropColumn('locked_until').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('users')
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .execute();
  await db.schema.dropTable('login_throttle').ifExists().execute();
}
