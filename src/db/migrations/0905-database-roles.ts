import { sql, type Kysely } from 'kysely';

/**
 * Issue 13: least privilege on PostgreSQL. `netra db roles` records here which role owns
 * netra's objects and which role the app and workers connect as, so that every later
 * `netra db migrate` (run as the owner) grants the app role what it needs on new tables and
 * nothing more (src/db/roles.ts). Empty on PGlite and on databases set up without roles.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('database_roles')
    .addColumn('kind', 'text', (c) => c.primaryKey().check(sql`kind in ('owner', 'app')`))
    .addColumn('role_name', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('database_roles').ifExists().execute();
}
