import { sql, type Kysely } from 'kysely';

/**
 * Issue 7, research exports. `export_releases`: every export (who, when, filters, manifest hash).
 * `export_release_posts`: which post each pseudonymous post id of a release stands for, kept only
 * inside netra's database (never in the export) so that annotations made on an export can be
 * brought back. `post_annotations`: labels that come from outside the review app, e.g. a research team annotating an
 * export in Label Studio and bringing the annotations back (`netra labels import`). One row per
 * annotation (several per post allowed: several annotators). `provenance` says who and where,
 * `label-studio:<annotator>`; `source_ref` points back into the imported file.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('export_releases')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('purpose', 'text')
    .addColumn('out_dir', 'text', (c) => c.notNull())
    .addColumn('filters', 'jsonb', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull())
    .addColumn('manifest_sha256', 'text')
    .execute();
  await db.schema
    .createTable('export_release_posts')
    .addColumn('release_id', 'text', (c) => c.notNull().references('export_releases.id'))
    .addColumn('pseudonym', 'text', (c) => c.notNull())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    .addPrimaryKeyConstraint('export_release_posts_pk', ['release_id', 'pseudonym'])
    .execute();
  await db.schema.createIndex('export_release_posts_pseudonym_idx').on('export_release_posts').column('pseudonym').execute();
  await db.schema
    .createTable('post_annotations')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('post_id', 'integer', (c) => c.notNull().references('posts.id'))
    // The labels the annotator says apply (an empty list: none of them).
    .addColumn('labels', 'jsonb', (c) => c.notNull())
    .addColumn('provenance', 'text', (c) => c.notNull())
    .addColumn('annotator', 'text', (c) => c.notNull())
    .addColumn('annotated_at', 'timestamptz')
    // `<file name>#task=<id>/annotation=<id>`: where in the imported file this came from.
    .addColumn('source_ref', 'text', (c) => c.notNull())
    .addColumn('import_id', 'text', (c) => c.notNull())
    .addColumn('imported_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addUniqueConstraint('post_annotations_unique', ['post_id', 'provenance', 'source_ref'])
    .execute();
  await db.schema.createIndex('post_annotations_post_idx').on('post_annotations').column('post_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const t of ['post_annotations', 'export_release_posts', 'export_releases']) await db.schema.dropTable(t).ifExists().execute();
}
