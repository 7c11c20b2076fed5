import { sql, type Kysely } from 'kysely';

/**
 * Issue 12 (item 3): a post's own words and the post it shares, told apart. `posts.text` is the
 * account's own words only; a quote's or repost's shared post (its id, URL, author and words)
 * goes in the `shared_*` columns, as context and evidence, never scored as the account's words.
 * Posts without a shared post keep them null (file imports and old rows stay valid).
 *
 * Web-collected X reposts from before this migration (`rt:<handle>:<id>`, with `raw.repostOf`)
 * held the reposted words as their text. They get their shared columns, and a new version whose
 * own words are empty (source `migration:0801`, with an audit entry): the old version stays, as
 * every version does, and the next scan classifies the corrected one.
 */
const EMPTY_SHA256 = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .alterTable('posts')
    .addColumn('shared_kind', 'text', (c) => c.check(sql`shared_kind in ('quote', 'repost')`))
    .addColumn('shared_external_id', 'text')
    .addColumn('shared_url', 'text')
    .addColumn('shared_author_handle', 'text')
    .addColumn('shared_author_name', 'text')
    .addColumn('shared_text', 'text')
    .execute();
  // "Which registered accounts shared this campaign account's posts" (issue 16) is a lookup by author.
  await sql`create index posts_shared_author_idx on posts (platform, shared_author_handle) where shared_author_handle is not null`.execute(
    db,
  );

  await backfillWebReposts(db);
}

/**
 * Web-collected X reposts stored before 0801 (`rt:<handle>:<id>` with `raw.repostOf`): the
 * reposted words move to the shared columns, and a new version with empty own words is added
 * (the old one stays). Idempotent: rows already done are left alone.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function backfillWebReposts(db: Kysely<any>): Promise<void> {
  const old = sql`platform = 'x' and external_id like 'rt:%' and raw ? 'repostOf'`;
  await sql`update posts set shared_kind = 'repost', shared_external_id = raw->'repostOf'->>'id', shared_author_handle = lower(raw->'repostOf'->>'handle'),
    shared_url = url, shared_text = text where ${old} and shared_kind is null`.execute(db);
  await sql`insert into audit_log (actor, action, entity_type, entity_id, before, after, context)
    select 'system:migration-0801', 'post.versioned', 'post', id::text, jsonb_build_object('version', current_version, 'text', text),
      jsonb_build_object('version', current_version + 1, 'text', ''),
      '{"reason":"the reposted words were stored as the account''s own; they are now the shared post"}'::jsonb
    from posts where ${old} and text <> ''`.execute(db);
  await sql`insert into post_versions (post_id, version, text, content_sha256, raw, collected_at, source)
    select id, current_version + 1, '', ${EMPTY_SHA256}, raw, now(), 'migration:0801' from posts where ${old} and text <> ''`.execute(db);
  await sql`update posts set text = '', content_sha256 = ${EMPTY_SHA256}, current_version = current_version + 1 where ${old} and text <> ''`.execute(
    db,
  );
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists posts_shared_author_idx`.execute(db);
  for (const c of ['shared_text', 'shared_author_name', 'shared_author_handle', 'shared_url', 'shared_external_id', 'shared_kind'])
    await db.schema.alterTable('posts').dropColumn(c).execute();
}
