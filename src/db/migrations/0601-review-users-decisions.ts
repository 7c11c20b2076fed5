import { sql, type Kysely } from 'kysely';

/**
 * Issue 6, the analysts' review app: users with roles, login sessions, and the decisions
 * people take on flags. `flags.version` (0001) is the optimistic-concurrency counter that every
 * decision checks and bumps.
 *
 * `flag_decisions` is a log, not one row per flag: a flag collects several decisions
 * (an analyst escalates, a supervisor confirms; labels are corrected, then the flag is confirmed),
 * and a blind second review of the same flag by another analyst is stored as `round` 2 (round 1
 * is the review that drives the flag's status). Agreement between rounds is computed on top.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('users')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('username', 'text', (c) =>
      c
        .notNull()
        .unique()
        .check(sql`username ~ '^[a-z][a-z0-9._-]{1,31}$'`),
    )
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('role', 'text', (c) => c.notNull().check(sql`role in ('admin', 'supervisor', 'analyst', 'researcher')`))
    // `scrypt$<N>$<r>$<p>$<salt b64>$<hash b64>`: the parameters travel with the hash.
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('disabled', 'boolean', (c) => c.notNull().defaultTo(false))
    .addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('locked_until', 'timestamptz')
    .addColumn('last_login_at', 'timestamptz')
    .addColumn('password_changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('sessions')
    // SHA-256 of the cookie's token: a leaked table does not give working sessions.
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
    .addColumn('ip', 'text')
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_user_idx').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('flag_decisions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('flag_id', 'integer', (c) => c.notNull().references('flags.id'))
    // 1: the review that drives the flag's status; 2+: blind reviews of the same flag by others.
    .addColumn('round', 'integer', (c) =>
      c
        .notNull()
        .defaultTo(1)
        .check(sql`round >= 1`),
    )
    .addColumn('decision', 'text', (c) => c.notNull().check(sql`decision in ('confirm', 'dismiss', 'escalate', 'correct')`))
    .addColumn('skb_item', 'integer', (c) => c.check(sql`skb_item between 1 and 11`))
    .addColumn('dismiss_reason', 'text')
    .addColumn('dismiss_text', 'text')
    // The labels before and after a correction (a confirm may also carry the final labels).
    .addColumn('labels_before', 'jsonb')
    .addColumn('corrected_labels', 'jsonb')
    .addColumn('note', 'text')
    .addColumn('decided_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('decided_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    // The flag version the person saw when deciding (optimistic concurrency).
    .addColumn('flag_version', 'integer', (c) => c.notNull())
    .addCheckConstraint('flag_decisions_confirm_skb', sql`decision <> 'confirm' or skb_item is not null`)
    .addCheckConstraint('flag_decisions_dismiss_reason', sql`decision <> 'dismiss' or dismiss_reason is not null`)
    .addCheckConstraint('flag_decisions_correct_labels', sql`decision <> 'correct' or corrected_labels is not null`)
    .execute();
  await db.schema.createIndex('flag_decisions_flag_idx').on('flag_decisions').columns(['flag_id', 'round', 'decided_at']).execute();
  await db.schema.createIndex('flag_decisions_user_idx').on('flag_decisions').columns(['decided_by', 'decided_at']).execute();

  // Free-text notes on a flag (not decisions): every note is kept.
  await db.schema
    .createTable('flag_notes')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('flag_id', 'integer', (c) => c.notNull().references('flags.id'))
    .addColumn('author_id', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('flag_notes_flag_idx').on('flag_notes').column('flag_id').execute();

  // Stale claims are released by expiry time: index the claimed ones.
  await db.schema
    .createIndex('flags_claim_expiry_idx')
    .on('flags')
    .column('claim_expires_at')
    .where(sql.ref('status'), '=', 'claimed')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('flags_claim_expiry_idx').ifExists().execute();
  for (const t of ['flag_notes', 'flag_decisions', 'sessions', 'users']) await db.schema.dropTable(t).ifExists().execute();
}
