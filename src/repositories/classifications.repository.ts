import { sql } from 'kysely';
import type { Classification } from '../domain/classification.ts';
import type { Db } from '../db/handle.ts';

export interface PendingPost {
  postId: number;
  version: number;
  text: string;
  postedAt: Date | null;
}

/**
 * Posts whose current version has no classification by this classifier yet (not deleted),
 * oldest id first, after `afterId`: callers page through with the last id they saw.
 */
export async function pendingClassification(
  db: Db,
  classifierKey: string,
  limit: number,
  afterId = 0,
  postIds?: readonly number[],
): Promise<PendingPost[]> {
  let q = db
    .selectFrom('posts as p')
    .select(['p.id as postId', 'p.current_version as version', 'p.text', 'p.posted_at as postedAt'])
    .where('p.deleted_at', 'is', null)
    .where('p.id', '>', afterId)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('classifications as c')
            .select(sql`1`.as('one'))
            .whereRef('c.post_id', '=', 'p.id')
            .whereRef('c.post_version', '=', 'p.current_version')
            .where('c.classifier_key', '=', classifierKey),
        ),
      ),
    );
  if (postIds) {
    if (postIds.length === 0) return [];
    q = q.where('p.id', 'in', [...postIds]);
  }
  return q.orderBy('p.id').limit(limit).execute();
}

/** Store classifications; an existing one for the same post version and classifier stands. Returns ids by post id. */
export async function storeClassifications(
  db: Db,
  items: readonly { postId: number; version: number; result: Classification }[],
): Promise<Map<number, number>> {
  const ids = new Map<number, number>();
  if (items.length === 0) return ids;
  const inserted = await db
    .insertInto('classifications')
    .values(
      items.map(({ postId, version, result }) => ({
        post_id: postId,
        post_version: version,
        classifier_key: result.versions.key,
        base_key: result.versions.baseKey ?? null,
        scores: JSON.stringify(result.scores),
        flags: JSON.stringify(result.flags),
        evidence: JSON.stringify(result.evidence),
        findings: JSON.stringify(result.findings),
        nlp_version: result.versions.nlp,
        lexicon_version: result.versions.lexicon,
        model_versions: JSON.stringify(result.versions.models),
      })),
    )
    .onConflict((oc) => oc.columns(['post_id', 'post_version', 'classifier_key']).doNothing())
    .returning(['id', 'post_id'])
    .execute();
  for (const r of inserted) ids.set(r.post_id, r.id);
  const missing = items.filter((i) => !ids.has(i.postId));
  if (missing.length > 0) {
    const key = items[0]!.result.versions.key;
    const rows = await db
      .selectFrom('classifications')
      .select(['id', 'post_id'])
      .where('classifier_key', '=', key)
      .where(sql<boolean>`(post_id, post_version) in (${sql.join(missing.map((m) => sql`(${m.postId}, ${m.version})`))})`)
      .execute();
    for (const r of rows) ids.set(r.post_id, r.id);
  }
  return ids;
}

/** When only the debunked claims changed (same base key), which posts to classify again. */
export interface ReclassifyWindow {
  /** The classifier's key without the claims version. */
  baseKey: string;
  /** Posts posted (or, without a time, first collected) since then are classified again; older ones keep their classification. */
  since: Date;
}

/**
 * Ids of every post whose current version this classifier has not seen (not deleted), ascending.
 * With `window`, a post version already classified by a classifier that differs only in its
 * claims is left alone unless it is recent: new debunks re-classify recent posts, not the archive.
 */
export async function pendingPostIds(db: Db, classifierKey: string, window?: ReclassifyWindow): Promise<number[]> {
  let q = db
    .selectFrom('posts as p')
    .select('p.id')
    .where('p.deleted_at', 'is', null)
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('classifications as c')
            .select(sql`1`.as('one'))
            .whereRef('c.post_id', '=', 'p.id')
            .whereRef('c.post_version', '=', 'p.current_version')
            .where('c.classifier_key', '=', classifierKey),
        ),
      ),
    );
  if (window)
    q = q.where((e) =>
      e.or([
        e(sql<Date>`coalesce(p.posted_at, p.collected_at)`, '>=', window.since),
        e.not(
          e.exists(
            e
              .selectFrom('classifications as b')
              .select(sql`1`.as('one'))
              .whereRef('b.post_id', '=', 'p.id')
              .whereRef('b.post_version', '=', 'p.current_version')
              .where('b.base_key', '=', window.baseKey),
          ),
        ),
      ]),
    );
  const rows = await q.orderBy('p.id').execute();
  return rows.map((r) => r.id);
}
