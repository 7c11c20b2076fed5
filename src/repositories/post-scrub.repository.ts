import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';

/** Rows an UPDATE or DELETE touched. */
const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

export interface EvidenceRef {
  id: number;
  storage_path: string;
}

export interface PostScrub {
  counts: Record<string, number>;
  /** Evidence rows cleared: each gets an `erased` custody entry; their files go unless still used. */
  evidence: EvidenceRef[];
}

/**
 * Remove the content of posts and everything derived from it, in the caller's transaction
 * (which must have lifted the append-only guards, see history-guard.repository.ts). The rows
 * stay as empty shells (flags, decisions and the custody chain refer to them by id): text,
 * versions, raw records, URLs, shared posts, evidence snippets of classifications, evidence
 * rows' URLs and details, notes, case reports and decision free text of their flags, export
 * mappings and imported annotations go. Flags keep labels, status and dates. Used by the erasure
 * of a person (`mark` erased) and by retention (`mark` purged). Counts only, never content.
 */
export async function scrubPosts(db: Db, postIds: readonly number[], mark: 'erased' | 'purged'): Promise<PostScrub> {
  const counts: Record<string, number> = {};
  if (postIds.length === 0) return { counts, evidence: [] };
  const evidence = await db
    .selectFrom('evidence')
    .select(['id', 'storage_path'])
    .where('post_id', 'in', [...postIds])
    .where('erased_at', 'is', null)
    .execute();
  const ids = sql.join([...postIds]);
  counts.post_versions = n(
    await sql`update post_versions set text = '', raw = '{}'::jsonb, content_sha256 = encode(sha256(''::bytea), 'hex') where post_id in (${ids})`.execute(
      db,
    ),
  );
  counts.classifications = n(
    await sql`update classifications set evidence = '[]'::jsonb, findings = '[]'::jsonb where post_id in (${ids})`.execute(db),
  );
  const flagIds = sql`select id from flags where post_id in (${ids})`;
  counts.flag_notes = n(await sql`delete from flag_notes where flag_id in (${flagIds})`.execute(db));
  counts.case_reports = n(await sql`delete from case_reports where flag_id in (${flagIds})`.execute(db));
  counts.flag_decisions = n(
    await sql`update flag_decisions set dismiss_text = null, note = null where flag_id in (${flagIds}) and (dismiss_text is not null or note is not null)`.execute(
      db,
    ),
  );
  counts.flags = n(await sql`update flags set search = null where post_id in (${ids})`.execute(db));
  counts.export_mappings = n(await sql`delete from export_release_posts where post_id in (${ids})`.execute(db));
  counts.annotations = n(await sql`delete from post_annotations where post_id in (${ids})`.execute(db));
  // Text read from the posts' images (OCR, 0920) is their content too.
  counts.image_texts = n(await sql`delete from image_texts where post_id in (${ids})`.execute(db));
  counts.evidence = await scrubEvidence(
    db,
    evidence.map((e) => e.id),
  );
  await sql`update posts set text = '', external_id = ${`${mark}-`} || id, handle = ${`${mark}-`} || coalesce(account_id::text, 'post-' || id::text), url = null, raw = '{}'::jsonb,
      content_sha256 = encode(sha256(''::bytea), 'hex'), shared_kind = null, shared_external_id = null, shared_url = null,
      shared_author_handle = null, shared_author_name = null, shared_text = null, reply_to_external_id = null, reply_to_author_handle = null,
      reply_to_url = null, purged_at = now() where id in (${ids})`.execute(db);
  // Engagements carried by these posts keep their kind and campaign account; their copy of the campaign post goes with the post (0907).
  counts.engagements = n(await sql`update engagements set target_text = null, detail = '{}'::jsonb where post_id in (${ids})`.execute(db));
  // The flags' search vectors follow the post text (0904's trigger); cleared above and here.
  await sql`update flags set search = null where post_id in (${ids})`.execute(db);
  return { counts, evidence };
}

/** Clear evidence rows (URL, details, actor) and mark them erased; the caller deletes files and appends custody entries. */
export async function scrubEvidence(db: Db, evidenceIds: readonly number[]): Promise<number> {
  if (evidenceIds.length === 0) return 0;
  return n(
    await sql`update evidence set url = null, details = '{}'::jsonb, actor = null, erased_at = now() where id in (${sql.join([...evidenceIds])}) and erased_at is null`.execute(
      db,
    ),
  );
}

/** Of these store paths, those no evidence row still in force refers to: their files may be deleted. */
export async function unusedEvidenceFiles(db: Db, paths: readonly string[]): Promise<string[]> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return [];
  const used = new Set(
    (
      await db.selectFrom('evidence').select('storage_path').where('storage_path', 'in', unique).where('erased_at', 'is', null).execute()
    ).map((r) => r.storage_path),
  );
  return unique.filter((p) => !used.has(p));
}
