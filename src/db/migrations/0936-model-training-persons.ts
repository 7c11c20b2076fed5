import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (item 1): which persons' reviewed posts each model version was trained on
 * (`netra train --with-reviews`), by person id and post count only, so `netra exports affected`
 * lists the model versions trained on a person as a fact. Deleted by `netra persons erase`
 * with the person's other mappings (the erasure's report lists the versions to retrain).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('model_training_persons')
    .addColumn('task', 'text', (c) => c.notNull())
    .addColumn('version', 'text', (c) => c.notNull())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addColumn('trained_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('model_training_persons_pkey', ['task', 'version', 'person_id'])
    .execute();
  await db.schema.createIndex('model_training_persons_person_idx').on('model_training_persons').column('person_id').execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('model_training_persons').ifExists().execute();
}
