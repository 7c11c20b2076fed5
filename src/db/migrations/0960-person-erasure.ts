import { sql, type Kysely } from 'kysely';

/**
 * Issue 15 (item 1): erasure of a person (UU PDP 27/2022 art. 8).
 *
 * - `person_erasures`: that an erasure happened (when, by whom, why, how many rows). The audit
 *   log's entry for it names only this row's id; the reason stays here, in a table that can be
 *   corrected, never in the immutable log.
 * - `erasure_tombstones`: SHA-256 digests of the erased person's registry key, NIP and
 *   platform handles. The registry import refuses rows that match one (so re-importing the old
 *   CSV does not bring the person back) until an admin lifts it. A digest of a NIP can be
 *   confirmed by someone who already knows the NIP; it cannot be read back into one by anybody
 *   else. It is the minimum a do-not-collect list needs.
 * - `evidence.erased_at`: evidence rows stay (the custody chain refers to them) but lose their
 *   URL and details, their files are deleted, and `evidence verify` skips them; the custody
 *   chain gets an `erased` entry without personal data.
 * - `export_release_persons`: which persons each release contains (item 2), by id only, so the
 *   list of releases to recall survives the erasure of the person's posts and mappings.
 *   Filled here from the releases taken before.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('person_erasures')
    .addColumn('id', 'integer', (c) => c.primaryKey().generatedAlwaysAsIdentity())
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('erased_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('counts', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await db.schema
    .createTable('erasure_tombstones')
    .addColumn('digest', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('person_key', 'nip', 'account')`))
    .addColumn('erasure_id', 'integer', (c) => c.notNull().references('person_erasures.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .execute();
  await sql`alter table evidence add column erased_at timestamptz`.execute(db);
  await sql`alter table evidence_custody drop constraint if exists evidence_custody_action_check`.execute(db);
  await sql`alter table evidence_custody add constraint evidence_custody_action_check check (action in ('captured', 'verified', 'verify_failed', 'missing', 'erased'))`.execute(
    db,
  );

  await db.schema
    .createTable('export_release_persons')
    .addColumn('release_id', 'text', (c) => c.notNull().references('export_releases.id'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('persons.id'))
    .addColumn('posts', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('export_release_persons_pkey', ['release_id', 'person_id'])
    .execute();
  await db.schema.createIndex('export_release_persons_person_idx').on('export_release_persons').column('person_id').execute();
  await sql`insert into export_release_persons (release_id, person_id, posts)
    select m.release_id, a.person_id, count(*) from export_release_posts m
    join posts p on p.id = m.post_id join accounts a on a.id = p.account_id
    group by m.release_id, a.person_id`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('export_release_persons').ifExists().execute();
  await sql`alter table evidence_custody drop constraint if exists evidence_custody_action_check`.execute(db);
  await sql`alter table evidence_custody add constraint evidence_custody_action_check check (action in ('captured', 'verified', 'verify_failed', 'missing'))`.execute(
    db,
  );
  await sql`alter table evidence drop column if exists erased_at`.execute(db);
  await db.schema.dropTable('erasure_tombstones').ifExists().execute();
  await db.schema.dropTable('person_erasures').ifExists().execute();
}
