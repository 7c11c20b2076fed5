import { sql, type Kysely } from 'kysely';

/**
 * Issue 4: why an account is believed to be a civil servant's. `link_source` and
 * `link_confidence` exist since 0001; this adds who established the link, when, and a URL
 * showing the basis (e.g. the bio that names the position).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('accounts')
    .addColumn('link_established_by', 'text')
    // A calendar date as written (YYYY-MM-DD): no time zone to shift it.
    .addColumn('link_established_at', 'text', (c) => c.check(sql`link_established_at ~ '^[0-9]{4}-[0-9]{2}-[0-9]{2}$'`))
    .addColumn('link_evidence_url', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['link_evidence_url', 'link_established_at', 'link_established_by'])
    await db.schema.alterTable('accounts').dropColumn(c).execute();
}
