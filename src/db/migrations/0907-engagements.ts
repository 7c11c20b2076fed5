import { sql, type Kysely } from 'kysely';

/**
 * Issue 16 (item 2): engagement with campaign accounts as evidence, and as flags.
 *
 * - `posts.reply_to_*`: the post a reply answers, where the source returns it (X API
 *   `referenced_tweets` replied_to, X web `in_reply_to_*`, "Replying to @" on X's page).
 * - `engagements`: one row per action of a registered account toward a campaign account's post
 *   or account (repost, quote, reply, mention in support, follow, like), with the campaign post
 *   it touches as captured (id, URL, author, text) and the civil servant's own post where there
 *   is one (a follow or a like has none).
 * - `flags.kind`: `post` (one flag per post, as before) or `engagement` (one open flag per
 *   person gathering that person's engagements as its items, `engagements.flag_id`). An
 *   engagement flag has no post and no classification of its own: a CHECK keeps `post_id` and
 *   `classification_id` set exactly for post flags; its person and time are set by netra.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('reply_to_external_id', 'text')
    .addColumn('reply_to_author_handle', 'text')
    .addColumn('reply_to_url', 'text')
    .execute();
  await sql`create index posts_reply_author_idx on posts (platform, reply_to_author_handle) where reply_to_author_handle is not null`.execute(
    db,
  );

  await sql`alter table flags add column kind text not null default 'post' check (kind in ('post', 'engagement'))`.execute(db);
  await sql`alter table flags alter column post_id drop not null`.execute(db);
  await sql`alter table flags alter column classification_id drop not null`.execute(db);
  await sql`alter table flags add constraint flags_kind_anchor check (
    (kind = 'post' and post_id is not null and classification_id is not null)
    or (kind = 'engagement' and post_id is null and classification_id is null and person_id is not null))`.execute(db);

  await db.schema
    .createTable('engagements')
    .addColumn('id', 'serial', (c) => c.primaryKey())
    /** kind|account|campaign account|post or target: a re-scan finds the same key and adds nothing. */
    .addColumn('engagement_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('repost', 'quote', 'reply', 'mention', 'follow', 'like')`))
    .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id'))
    .addColumn('person_id', 'integer', (c) => c.references('persons.id'))
    .addColumn('post_id', 'integer', (c) => c.references('posts.id'))
    .addColumn('campaign_account_id', 'integer', (c) => c.notNull().references('campaign_accounts.id'))
    .addColumn('target_external_id', 'text')
    .addColumn('target_url', 'text')
    .addColumn('target_author_handle', 'text', (c) => c.notNull())
    .addColumn('target_text', 'text')
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('observed_at', 'timestamptz', (c) => c.notNull())
    .addColumn('detail', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('flag_id', 'integer', (c) => c.references('flags.id'))
    .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addCheckConstraint('engagements_post_kind', sql`kind in ('follow', 'like') or post_id is not null`)
    .execute();
  await sql`create index engagements_person_idx on engagements (person_id, observed_at)`.execute(db);
  await sql`create index engagements_flag_idx on engagements (flag_id)`.execute(db);
  // An account linked to another person: its engagements follow (flags already raised keep their person: a decision was on them).
  await sql`create function netra_engagements_person_moved() returns trigger language plpgsql as $$
    begin
      update engagements set person_id = new.person_id where account_id = new.id;
      return null;
    end $$`.execute(db);
  await sql`create trigger engagements_person_moved after update of person_id on accounts for each row
    when (old.person_id is distinct from new.person_id) execute function netra_engagements_person_moved()`.execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop trigger if exists engagements_person_moved on accounts`.execute(db);
  await sql`drop function if exists netra_engagements_person_moved()`.execute(db);
  await db.schema.dropTable('engagements').ifExists().execute();
  await sql`delete from flags where kind = 'engagement'`.execute(db);
  await sql`alter table flags drop constraint if exists flags_kind_anchor`.execute(db);
  await sql`alter table flags alter column post_id set not null`.execute(db);
  await sql`alter table flags alter column classification_id set not null`.execute(db);
  await sql`alter table flags drop column kind`.execute(db);
  await sql`drop index if exists posts_reply_author_idx`.execute(db);
  for (const c of ['reply_to_url', 'reply_to_author_handle', 'reply_to_external_id'])
    await db.schema.alterTable('posts').dropColumn(c).execute();
}
