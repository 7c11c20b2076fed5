import { sql, type Kysely } from 'kysely';

/**
 * Issue 3: the database of debunked claims that hoax claim matching compares posts with
 * (`netra claims import`). One row per claim of a source (TurnBackHoax, Mafindo, a JSONL file);
 * (source, source_id) is unique so that re-importing updates a claim instead of duplicating it.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('claims')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('source', 'text', (c) => c.notNull().check(sql`source ~ '^[a-z0-9][a-z0-9_.-]*$'`))
    .addColumn('source_id', 'text', (c) => c.notNull().check(sql`length(source_id) between 1 and 200`))
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('claim_text', 'text', (c) => c.notNull())
    // What matching compares: the claim as circulated, normalised and stemmed by src/nlp.
    .addColumn('normalised_text', 'text', (c) => c.notNull())
    .addColumn('nlp_version', 'text', (c) => c.notNull())
    .addColumn('category', 'text')
    .addColumn('debunk_url', 'text')
    // A calendar date as written (YYYY-MM-DD): no time zone to shift it.
    .addColumn('published_on', 'text', (c) => c.check(sql`published_on ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('content_sha256', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('claims_source_source_id_key', ['source', 'source_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('claims').execute();
}
