import type { Kysely } from 'kysely';

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
    .addColumn('link_established_at', 'date')
    .addColumn('link_evidence_url', 'text')
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  for (const c of ['link_evidence_url', 'link_established_at', 'link_established_by']) await db.schema.alterTable('accounts').dropColumn(c).execute();
}
