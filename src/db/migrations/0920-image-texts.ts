import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 (item 3): text read from a post's images (OCR), kept apart from the account's own
 * words. One row per image file (an `evidence` row of kind `image`) and OCR engine+model key: the
 * text, the word boxes, the mean confidence, and exactly which engine and model read it. A
 * flag raised from image text points here and at the evidence file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('image_texts')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addColumn('post_version', 'integer', (c) => c.notNull())
    .addColumn('evidence_id', 'integer', (c) => c.notNull().references('evidence.id'))
    .addColumn('image_sha256', 'text', (c) => c.notNull())
    .addColumn('engine_key', 'text', (c) => c.notNull())
    .addColumn('engine', 'text', (c) => c.notNull())
    .addColumn('engine_version', 'text', (c) => c.notNull())
    .addColumn('model', 'text', (c) => c.notNull())
    .addColumn('model_version', 'text', (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('confidence', 'real', (c) => c.notNull())
    .addColumn('words', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('passes', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('image_texts_evidence_engine_key', ['evidence_id', 'engine_key'])
    .execute();
  await db.schema.createIndex('image_texts_post_idx').on('image_texts').columns(['post_id', 'post_version']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('image_texts').execute();
}
