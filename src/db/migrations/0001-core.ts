import { sql, type Kysely } from 'kysely';

/**
 * The core tables of issue 2: registry, posts with versions, evidence, classifications,
 * flags, the append-only audit log and scan runs. Runs unchanged on PGlite and PostgreSQL.
 */
// Migrations must not depend on the app's evolving types: `any` is Kysely's documented choice here.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('agencies')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('persons')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_key', 'text', (c) => c.notNull().unique())
    .addColumn('nip', 'text', (c) => c.unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('agency_id', 'integer', (c) => c.notNull().references('agencies.id'))
    .addColumn('position', 'text')
    .addColumn('region', 'text')
    .addColumn('province', 'text')
    .addColumn('employment_type', 'text', (c) => c.check(sql`employment_type in ('PNS', 'PPPK')`))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();

  await db.schema
    .createTable('accounts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('profile_url', 'text', (c) => c.notNull())
    .addColumn('platform_account_id', 'text')
    .addColumn('link_source', 'text')
    .addColumn('link_confidence', 'real', (c) => c.check(sql`link_confidence between 0 and 1`))
    .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('active', 'boolean', (c) => c.notNull().defaultTo(true))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('accounts_platform_handle_key', ['platform', 'handle'])
    .execute();
  await db.schema.createIndex('accounts_person_idx').on('accounts').column('person_id').execute();

  await db.schema
    .createTable('posts')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('external_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'integer', (c) => c.references('accounts.id'))
    .addColumn('handle', 'text', (c) => c.notNull())
    .addColumn('url', 'text')
    .addColumn('kind', 'text', (c) => c.notNull().defaultTo('post'))
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'timestamptz')
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('last_seen_at', 'timestamptz', (c) => c.notNull())
    .addColumn('current_version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('deleted_at', 'timestamptz')
    .addUniqueConstraint('posts_platform_external_id_key', ['platform', 'external_id'])
    .execute();
  await db.schema.createIndex('posts_account_idx').on('posts').columns(['account_id', 'posted_at']).execute();

  await db.schema
    .createTable('post_versions')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('raw', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('collected_at', 'timestamptz', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addUniqueConstraint('post_versions_post_version_key', ['post_id', 'version'])
    .execute();

  await db.schema
    .createTable('evidence')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addColumn('post_version', 'integer')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('storage_path', 'text', (c) => c.notNull())
    .addColumn('sha256', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('mime', 'text')
    .addColumn('url', 'text')
    .addColumn('captured_at', 'timestamptz', (c) => c.notNull())
    .addColumn('collector_version', 'text')
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('evidence_post_kind_sha_key', ['post_id', 'kind', 'sha256'])
    .execute();

  await db.schema
    .createTable('classifications')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addColumn('post_version', 'integer', (c) => c.notNull())
    .addColumn('classifier_key', 'text', (c) => c.notNull())
    .addColumn('scores', 'jsonb', (c) => c.notNull())
    .addColumn('flags', 'jsonb', (c) => c.notNull())
    .addColumn('evidence', 'jsonb', (c) => c.notNull())
    .addColumn('findings', 'jsonb', (c) => c.notNull())
    .addColumn('nlp_version', 'text', (c) => c.notNull())
    .addColumn('lexicon_version', 'text', (c) => c.notNull())
    .addColumn('model_versions', 'jsonb', (c) => c.notNull())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('classifications_post_version_key', ['post_id', 'post_version', 'classifier_key'])
    .execute();

  await db.schema
    .createTable('flags')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('post_id', 'integer', (c) => c.notNull().unique().references('posts.id'))
    .addColumn('classification_id', 'integer', (c) => c.notNull().references('classifications.id'))
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('max_score', 'real', (c) => c.notNull())
    .addColumn('priority', 'real', (c) => c.notNull())
    .addColumn('status', 'text', (c) =>
      c
        .notNull()
        .defaultTo('open')
        .check(sql`status in ('open', 'claimed', 'escalated', 'confirmed', 'dismissed')`),
    )
    .addColumn('assignee', 'text')
    .addColumn('claimed_at', 'timestamptz')
    .addColumn('claim_expires_at', 'timestamptz')
    .addColumn('election_phase', 'text')
    .addColumn('discovered_at', 'timestamptz', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await db.schema.createIndex('flags_queue_idx').on('flags').columns(['status', 'priority desc']).execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('entity_type', 'text', (c) => c.notNull())
    .addColumn('entity_id', 'text', (c) => c.notNull())
    .addColumn('before', 'jsonb')
    .addColumn('after', 'jsonb')
    .addColumn('context', 'jsonb')
    .execute();
  await db.schema.createIndex('audit_log_entity_idx').on('audit_log').columns(['entity_type', 'entity_id']).execute();
  // Append-only by construction, not by convention: the database itself refuses changes.
  await sql`create function netra_audit_log_append_only() returns trigger language plpgsql as $$
    begin raise exception 'audit_log is append-only (% refused)', tg_op; end $$`.execute(db);
  await sql`create trigger audit_log_append_only before update or delete on audit_log
    for each row execute function netra_audit_log_append_only()`.execute(db);
  await sql`create trigger audit_log_no_truncate before truncate on audit_log
    for each statement execute function netra_audit_log_append_only()`.execute(db);

  await db.schema
    .createTable('scan_runs')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('pipeline', 'text', (c) => c.notNull())
    .addColumn('pipeline_path', 'text')
    .addColumn('trigger', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('running', 'succeeded', 'partial', 'failed')`))
    .addColumn('started_at', 'timestamptz', (c) => c.notNull())
    .addColumn('finished_at', 'timestamptz')
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('errors', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of [
    'scan_runs',
    'audit_log',
    'flags',
    'classifications',
    'evidence',
    'post_versions',
    'posts',
    'accounts',
    'persons',
    'agencies',
  ]) {
    await db.schema.dropTable(t).ifExists().execute();
  }
  await sql`drop function if exists netra_audit_log_append_only()`.execute(db);
}
