import type { Post } from '../db/schema.ts';
import { contentSha256, type RawPost, type ReplyTarget, type SharedPost } from '../domain/raw-post.ts';
import type { Db } from '../db/handle.ts';

export type StoreOutcome = 'new' | 'edited' | 'unchanged' | 'restored';

export interface StoredPost {
  postId: number;
  version: number;
  outcome: StoreOutcome;
}

const KEYS_PER_QUERY = 5000;

/** The `shared_*` columns of a post (all null when it shares nothing). */
export function sharedColumns(s: SharedPost | undefined) {
  return {
    shared_kind: s?.kind ?? null,
    shared_external_id: s?.externalId ?? null,
    shared_url: s?.url ?? null,
    shared_author_handle: s?.authorHandle?.toLowerCase().replace(/^@/, '') ?? null,
    shared_author_name: s?.authorName ?? null,
    shared_text: s?.text ?? null,
  };
}

/** The `reply_to_*` columns of a post (all null when the source names no replied-to post). (0907) */
export function replyColumns(r: ReplyTarget | undefined) {
  return {
    reply_to_external_id: r?.externalId ?? null,
    reply_to_author_handle: r?.authorHandle?.toLowerCase().replace(/^@/, '') ?? null,
    reply_to_url: r?.url ?? null,
  };
}

/**
 * The stored posts with these (platform, external_id) keys: per platform, `external_id = any(...)`
 * on the unique index. (A `(platform, external_id) in ((..), (..))` list is not planned as index
 * lookups and scans the whole table: every account's collection got slower as posts grew.)
 */
async function postsByKey(db: Db, keys: readonly Pick<RawPost, 'platform' | 'externalId'>[]) {
  const byPlatform = new Map<string, string[]>();
  for (const k of keys) {
    const list = byPlatform.get(k.platform);
    if (list) list.push(k.externalId);
    else byPlatform.set(k.platform, [k.externalId]);
  }
  const out = [];
  for (const [platform, ids] of byPlatform) {
    for (let i = 0; i < ids.length; i += KEYS_PER_QUERY) {
      out.push(
        ...(await db
          .selectFrom('posts')
          .select([
            'id',
            'platform',
            'external_id',
            'content_sha256',
            'current_version',
            'deleted_at',
            'shared_kind',
            'reply_to_author_handle',
          ])
          .where('platform', '=', platform)
          .where('external_id', 'in', ids.slice(i, i + KEYS_PER_QUERY))
          .execute()),
      );
    }
  }
  return out;
}

/**
 * Store a batch of collected posts in one round of queries where possible:
 * - unseen (platform, external_id): inserted with version 1;
 * - same content: `last_seen_at` moves on (a post seen again after `deleted_at` is restored);
 * - changed content: a new version is added and the post points at it; old versions stay.
 * Idempotent: storing the same batch twice changes nothing but `last_seen_at`.
 * Call inside a transaction.
 */
export async function storePosts(
  db: Db,
  posts: readonly (RawPost & { accountId: number | null })[],
  opts: { source: string; collectedAt?: Date },
): Promise<StoredPost[]> {
  if (posts.length === 0) return [];
  const now = opts.collectedAt ?? new Date();
  // Deduplicate within the batch: the last occurrence wins (the freshest copy).
  const byKey = new Map<string, RawPost & { accountId: number | null }>();
  for (const p of posts) byKey.set(`${p.platform}\u0000${p.externalId}`, p);
  const unique = [...byKey.values()];

  const existing = await postsByKey(db, unique);
  const found = new Map(existing.map((e) => [`${e.platform}\u0000${e.external_id}`, e]));

  const results = new Map<string, StoredPost>();
  const fresh = unique.filter((p) => !found.has(`${p.platform}\u0000${p.externalId}`));
  if (fresh.length > 0) {
    const inserted = await db
      .insertInto('posts')
      .values(
        fresh.map((p) => ({
          platform: p.platform,
          external_id: p.externalId,
          account_id: p.accountId,
          handle: p.handle,
          url: p.url,
          kind: p.kind,
          text: p.text,
          posted_at: p.postedAt,
          collected_at: now,
          last_seen_at: now,
          current_version: 1,
          content_sha256: contentSha256(p.text),
          raw: JSON.stringify(p.raw ?? {}),
          ...sharedColumns(p.shared),
          ...replyColumns(p.replyTo),
        })),
      )
      // A concurrent writer may have inserted the same post: theirs stands, ours is re-read below.
      .onConflict((oc) => oc.columns(['platform', 'external_id']).doNothing())
      .returning(['id', 'platform', 'external_id'])
      .execute();
    const insertedIds = new Map(inserted.map((r) => [`${r.platform}\u0000${r.external_id}`, r.id]));
    const versions = fresh.flatMap((p) => {
      const id = insertedIds.get(`${p.platform}\u0000${p.externalId}`);
      return id === undefined
        ? []
        : [
            {
              post_id: id,
              version: 1,
              text: p.text,
              content_sha256: contentSha256(p.text),
              raw: JSON.stringify(p.raw ?? {}),
              collected_at: now,
              source: opts.source,
            },
          ];
    });
    if (versions.length > 0) await db.insertInto('post_versions').values(versions).execute();
    for (const [k, id] of insertedIds) results.set(k, { postId: id, version: 1, outcome: 'new' });
    // Lost a race: treat as existing.
    const raced = fresh.filter((p) => !insertedIds.has(`${p.platform}\u0000${p.externalId}`));
    if (raced.length > 0) {
      const again = await postsByKey(db, raced);
      for (const e of again) found.set(`${e.platform}\u0000${e.external_id}`, e);
    }
  }

  const seenIds: number[] = [];
  const restoredIds: number[] = [];
  // A post stored before its shared post was known (a file import, a drawn page) gets it now.
  const learnedShared: { id: number; shared: SharedPost }[] = [];
  const learnedReply: { id: number; replyTo: ReplyTarget }[] = [];
  for (const p of unique) {
    const key = `${p.platform}\u0000${p.externalId}`;
    if (results.has(key)) continue;
    const e = found.get(key);
    if (!e) continue;
    const sha = contentSha256(p.text);
    if (sha === e.content_sha256) {
      if (p.shared && !e.shared_kind) learnedShared.push({ id: e.id, shared: p.shared });
      if (p.replyTo?.authorHandle && !e.reply_to_author_handle) learnedReply.push({ id: e.id, replyTo: p.replyTo });
      if (e.deleted_at) restoredIds.push(e.id);
      else seenIds.push(e.id);
      results.set(key, { postId: e.id, version: e.current_version, outcome: e.deleted_at ? 'restored' : 'unchanged' });
      continue;
    }
    // An edit: keep the old version, add the new one, point the post at it.
    const version = e.current_version + 1;
    await db
      .insertInto('post_versions')
      .values({
        post_id: e.id,
        version,
        text: p.text,
        content_sha256: sha,
        raw: JSON.stringify(p.raw ?? {}),
        collected_at: now,
        source: opts.source,
      })
      .onConflict((oc) => oc.columns(['post_id', 'version']).doNothing())
      .execute();
    await db
      .updateTable('posts')
      .set({
        text: p.text,
        content_sha256: sha,
        current_version: version,
        raw: JSON.stringify(p.raw ?? {}),
        last_seen_at: now,
        deleted_at: null,
        url: p.url,
        ...(p.shared ? sharedColumns(p.shared) : {}),
        ...(p.replyTo ? replyColumns(p.replyTo) : {}),
      })
      .where('id', '=', e.id)
      .where('current_version', '=', e.current_version)
      .execute();
    results.set(key, { postId: e.id, version, outcome: 'edited' });
  }
  if (seenIds.length > 0) await db.updateTable('posts').set({ last_seen_at: now }).where('id', 'in', seenIds).execute();
  if (restoredIds.length > 0)
    await db.updateTable('posts').set({ last_seen_at: now, deleted_at: null }).where('id', 'in', restoredIds).execute();
  for (const l of learnedShared) await db.updateTable('posts').set(sharedColumns(l.shared)).where('id', '=', l.id).execute();
  for (const l of learnedReply) await db.updateTable('posts').set(replyColumns(l.replyTo)).where('id', '=', l.id).execute();

  return posts.map((p) => results.get(`${p.platform}\u0000${p.externalId}`)!).filter(Boolean);
}

/** Mark posts as deleted (gone from the platform); their versions and evidence stay. */
export async function markDeleted(db: Db, postIds: readonly number[], at = new Date()): Promise<number> {
  if (postIds.length === 0) return 0;
  const r = await db
    .updateTable('posts')
    .set({ deleted_at: at })
    .where('id', 'in', [...postIds])
    .where('deleted_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

export async function getPost(db: Db, id: number): Promise<Post | undefined> {
  return db.selectFrom('posts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function postVersions(db: Db, postId: number) {
  return db.selectFrom('post_versions').selectAll().where('post_id', '=', postId).orderBy('version').execute();
}

/**
 * Stored, not-deleted posts of an account on a platform posted at or after `from` (all when
 * `from` is null): what a complete listing of that span must contain. Ids, external ids, URLs
 * and content hashes only.
 */
export async function accountPostsSince(db: Db, accountId: number, platform: string, from: Date | null) {
  let q = db
    .selectFrom('posts')
    .select(['id', 'external_id', 'content_sha256', 'posted_at', 'url', 'current_version'])
    .where('account_id', '=', accountId)
    .where('platform', '=', platform)
    .where('deleted_at', 'is', null);
  if (from) q = q.where('posted_at', '>=', from);
  return q.execute();
}
