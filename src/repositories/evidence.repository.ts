import { sql } from 'kysely';
import type { Evidence, EvidenceCustody } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/** One evidence file for one post version, with how it was captured. */
export interface EvidenceInput {
  postId: number;
  postVersion: number | null;
  kind: string;
  storagePath: string;
  sha256: string;
  bytes: number;
  mime: string;
  url: string | null;
  capturedAt: Date;
  capturedAtWib: string;
  collectorVersion: string;
  source: string;
  method: 'collection' | 'flagged' | 'manual' | 'collected-record';
  actor: string;
  details?: Record<string, unknown>;
}

/**
 * Record evidence rows and a `captured` custody event for each. The same file for the same
 * post and kind is one row (a repeated capture of identical bytes adds a custody event only).
 * Returns the evidence ids, in input order.
 */
export async function recordEvidence(db: Db, rows: readonly EvidenceInput[]): Promise<number[]> {
  if (rows.length === 0) return [];
  const ids: number[] = [];
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    await db
      .insertInto('evidence')
      .values(
        chunk.map((r) => ({
          post_id: r.postId,
          post_version: r.postVersion,
          kind: r.kind,
          storage_path: r.storagePath,
          sha256: r.sha256,
          bytes: r.bytes,
          mime: r.mime,
          url: r.url,
          captured_at: r.capturedAt,
          captured_at_wib: r.capturedAtWib,
          collector_version: r.collectorVersion,
          source: r.source,
          method: r.method,
          actor: r.actor,
          details: JSON.stringify(r.details ?? {}),
        })),
      )
      .onConflict((oc) => oc.columns(['post_id', 'kind', 'sha256']).doNothing())
      .execute();
    const found = await db
      .selectFrom('evidence')
      .select(['id', 'post_id', 'kind', 'sha256'])
      .where(sql<boolean>`(post_id, kind, sha256) in (${sql.join(chunk.map((r) => sql`(${r.postId}, ${r.kind}, ${r.sha256})`))})`)
      .execute();
    const byKey = new Map(found.map((f) => [`${f.post_id}\u0000${f.kind}\u0000${f.sha256}`, f.id]));
    const chunkIds = chunk.map((r) => byKey.get(`${r.postId}\u0000${r.kind}\u0000${r.sha256}`)!);
    await db
      .insertInto('evidence_custody')
      .values(
        chunk.map((r, j) => ({
          evidence_id: chunkIds[j]!,
          actor: r.actor,
          action: 'captured' as const,
          sha256_observed: r.sha256,
          detail: JSON.stringify({ method: r.method, source: r.source, url: r.url, capturedAt: r.capturedAt.toISOString() }),
        })),
      )
      .execute();
    ids.push(...chunkIds);
  }
  return ids;
}

export interface CustodyEvent {
  evidenceId: number;
  actor: string;
  action: 'verified' | 'verify_failed' | 'missing';
  sha256Observed: string | null;
  detail?: unknown;
}

export async function appendCustody(db: Db, events: readonly CustodyEvent[]): Promise<void> {
  for (let i = 0; i < events.length; i += 1000) {
    await db
      .insertInto('evidence_custody')
      .values(
        events.slice(i, i + 1000).map((e) => ({
          evidence_id: e.evidenceId,
          actor: e.actor,
          action: e.action,
          sha256_observed: e.sha256Observed,
          detail: e.detail === undefined ? null : JSON.stringify(e.detail),
        })),
      )
      .execute();
  }
}

/** Evidence rows in id order, a page at a time (for verification of large stores). */
export async function evidencePage(db: Db, afterId: number, limit: number, postIds?: readonly number[]): Promise<Evidence[]> {
  let q = db.selectFrom('evidence').selectAll().where('id', '>', afterId);
  if (postIds?.length) q = q.where('post_id', 'in', [...postIds]);
  return q.orderBy('id').limit(limit).execute();
}

export async function evidenceForPost(db: Db, postId: number): Promise<Evidence[]> {
  return db.selectFrom('evidence').selectAll().where('post_id', '=', postId).orderBy('id').execute();
}

export async function custodyOf(db: Db, evidenceId: number): Promise<EvidenceCustody[]> {
  return db.selectFrom('evidence_custody').selectAll().where('evidence_id', '=', evidenceId).orderBy('id').execute();
}

/**
 * Of these posts, those whose current version has no screenshot yet (and whose removal was not
 * already recorded): what a flag still needs.
 * With the post's URL, platform, handle and account.
 */
export async function postsLackingScreenshot(db: Db, postIds: readonly number[]) {
  if (postIds.length === 0) return [];
  return db
    .selectFrom('posts as p')
    .select(['p.id', 'p.platform', 'p.handle', 'p.url', 'p.current_version', 'p.account_id', 'p.deleted_at', 'p.raw'])
    .where('p.id', 'in', [...postIds])
    .where(({ not, exists, selectFrom }) =>
      not(exists(selectFrom('evidence as e').select('e.id').whereRef('e.post_id', '=', 'p.id').whereRef('e.post_version', '=', 'p.current_version').where('e.kind', 'in', ['screenshot', 'removal-page']))),
    )
    .orderBy('p.id')
    .execute();
}
