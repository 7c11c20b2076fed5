import { sql, type Kysely } from 'kysely';

/**
 * Issue 6: the case report of a confirmed flag, as the analyst edits it before sending it to
 * Bawaslu: the narrative (uraian kejadian), who reports, and where it happened. Everything else
 * in the report is read live from the flag, the registry and the evidence. `version` guards
 * concurrent edits like `flags.version` does.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('case_reports')
    .addColumn('flag_id', 'integer', (c) => c.primaryKey().references('flags.id'))
    .addColumn('narrative', 'text', (c) => c.notNull())
    .addColumn('reporter_name', 'text')
    .addColumn('place', 'text')
    .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('created_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('updated_by', 'integer', (c) => c.notNull().references('users.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('case_reports').ifExists().execute();
}
