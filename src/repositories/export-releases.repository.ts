import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';

export interface NewRelease {
  id: string;
  actor: string;
  purpose: string | null;
  outDir: string;
  filters: unknown;
  counts: Record<string, unknown>;
  manifestSha256: string;
}

/** Record a release and which post each of its pseudonymous ids stands for. */
export async function recordRelease(db: Db, r: NewRelease, posts: readonly { pseudonym: string; postId: number }[]): Promise<void> {
  await db
    .insertInto('export_releases')
    .values({
      id: r.id,
      actor: r.actor,
      purpose: r.purpose,
      out_dir: r.outDir,
      filters: JSON.stringify(r.filters),
      counts: JSON.stringify(r.counts),
      manifest_sha256: r.manifestSha256,
    })
    .execute();
  for (let i = 0; i < posts.length; i += 1000) {
    const chunk = posts.slice(i, i + 1000);
    if (chunk.length)
      await db
        .insertInto('export_release_posts')
        .values(chunk.map((p) => ({ release_id: r.id, pseudonym: p.pseudonym, post_id: p.postId })))
        .execute();
  }
  await recordReleasePersons(db, r.id);
}

/**
 * Record whom a release contains (person ids and their post counts), from its post mapping.
 * Kept when a person is erased (the mapping is not), so the releases to recall stay known.
 */
export async function recordReleasePersons(db: Db, releaseId: string): Promise<void> {
  await sql`insert into export_release_persons (release_id, person_id, posts)
    select m.release_id, a.person_id, count(*) from export_release_posts m
    join posts p on p.id = m.post_id join accounts a on a.id = p.account_id
    where m.release_id = ${releaseId} group by m.release_id, a.person_id
    on conflict (release_id, person_id) do nothing`.execute(db);
}

/** The releases that contain a person, newest first. */
export async function releasesContaining(
  db: Db,
  personId: number,
): Promise<{ releaseId: string; createdAt: Date; actor: string; outDir: string; posts: number; manifestSha256: string | null }[]> {
  const rows = await db
    .selectFrom('export_release_persons as rp')
    .innerJoin('export_releases as r', 'r.id', 'rp.release_id')
    .select(['r.id', 'r.created_at', 'r.actor', 'r.out_dir', 'rp.posts', 'r.manifest_sha256'])
    .where('rp.person_id', '=', personId)
    .orderBy('r.created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    releaseId: r.id,
    createdAt: r.created_at,
    actor: r.actor,
    outDir: r.out_dir,
    posts: Number(r.posts),
    manifestSha256: r.manifest_sha256,
  }));
}

/** The posts these pseudonymous ids stand for, in any release (pseudonyms of different releases never collide in practice). */
export async function postsOfPseudonyms(
  db: Db,
  pseudonyms: readonly string[],
): Promise<Map<string, { postId: number; releaseId: string }>> {
  const out = new Map<string, { postId: number; releaseId: string }>();
  for (let i = 0; i < pseudonyms.length; i += 1000) {
    const chunk = pseudonyms.slice(i, i + 1000);
    if (chunk.length === 0) continue;
    const rows = await db
      .selectFrom('export_release_posts')
      .select(['pseudonym', 'post_id', 'release_id'])
      .where('pseudonym', 'in', chunk)
      .execute();
    for (const r of rows) out.set(r.pseudonym, { postId: r.post_id, releaseId: r.release_id });
  }
  return out;
}

export interface NewAnnotation {
  postId: number;
  labels: string[];
  annotator: string;
  provenance: string;
  annotatedAt: Date | null;
  sourceRef: string;
}

/** Store imported annotations; one already imported (same post, provenance and reference) is updated. */
export async function upsertAnnotations(
  db: Db,
  importId: string,
  items: readonly NewAnnotation[],
): Promise<{ inserted: number; updated: number }> {
  let inserted = 0;
  let updated = 0;
  for (const a of items) {
    const existing = await db
      .selectFrom('post_annotations')
      .select(['id', 'labels'])
      .where('post_id', '=', a.postId)
      .where('provenance', '=', a.provenance)
      .where('source_ref', '=', a.sourceRef)
      .executeTakeFirst();
    if (!existing) {
      await db
        .insertInto('post_annotations')
        .values({
          post_id: a.postId,
          labels: JSON.stringify(a.labels),
          provenance: a.provenance,
          annotator: a.annotator,
          annotated_at: a.annotatedAt,
          source_ref: a.sourceRef,
          import_id: importId,
        })
        .execute();
      inserted++;
    } else if (JSON.stringify(existing.labels) !== JSON.stringify(a.labels)) {
      await db
        .updateTable('post_annotations')
        .set({ labels: JSON.stringify(a.labels), annotated_at: a.annotatedAt, import_id: importId })
        .where('id', '=', existing.id)
        .execute();
      updated++;
    }
  }
  return { inserted, updated };
}
