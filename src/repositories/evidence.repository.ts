import { sql } from 'kysely';
import type { Evidence, EvidenceCustody } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';
import { custodyEntryHash } from '../domain/custody-chain.ts';
import { CHAIN_GENESIS } from '../domain/hash-chain.ts';

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
    // The capture entry binds the row's facts (post, kind, path, hash) into the chain: a row
    // rewritten later no longer matches what the chain recorded.
    await appendCustody(
      db,
      chunk.map((r, j) => ({
        evidenceId: chunkIds[j]!,
        actor: r.actor,
        action: 'captured' as const,
        sha256Observed: r.sha256,
        detail: {
          method: r.method,
          source: r.source,
          capturedAt: r.capturedAt.toISOString(),
          postId: r.postId,
          kind: r.kind,
          path: r.storagePath,
          sha256: r.sha256,
          bytes: r.bytes,
        },
      })),
    );
    ids.push(...chunkIds);
  }
  return ids;
}

export interface CustodyEvent {
  evidenceId: number;
  actor: string;
  action: 'captured' | 'verified' | 'verify_failed' | 'missing' | 'erased';
  sha256Observed: string | null;
  detail?: unknown;
}

/** Any number, the same in every process: the lock that serialises appends to the chain. */
const CHAIN_LOCK = 0x6e657472;

/** The newest entry of the custody chain, or null when it is empty. */
export async function custodyChainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const r = await db.selectFrom('evidence_custody').select(['seq', 'entry_hash']).orderBy('seq', 'desc').limit(1).executeTakeFirst();
  return r ? { seq: Number(r.seq), hash: r.entry_hash } : null;
}

/**
 * Append entries to the custody hash chain. Writers take one transaction-scoped lock, read the
 * head and chain from it, so entries of concurrent writers never fork the chain (the unique
 * `seq` and `prev_hash` would refuse a fork anyway). Runs in the caller's transaction, or in one
 * of its own.
 */
export async function appendCustody(db: Db, events: readonly CustodyEvent[]): Promise<void> {
  if (events.length === 0) return;
  if (!db.isTransaction) return db.transaction().execute((trx) => appendCustody(trx, events));
  await sql`select pg_advisory_xact_lock(${CHAIN_LOCK})`.execute(db);
  const head = await custodyChainHead(db);
  let seq = head?.seq ?? 0;
  let prev = head?.hash ?? CHAIN_GENESIS;
  const rows = events.map((e) => {
    seq++;
    // Milliseconds: the precision JavaScript reads back, so the hash can be recomputed from the row.
    const at = new Date();
    const detail = e.detail === undefined ? null : e.detail;
    const entry_hash = custodyEntryHash({
      seq,
      prevHash: prev,
      evidenceId: e.evidenceId,
      at,
      actor: e.actor,
      action: e.action,
      sha256Observed: e.sha256Observed,
      detail,
    });
    const row = {
      evidence_id: e.evidenceId,
      at,
      actor: e.actor,
      action: e.action,
      sha256_observed: e.sha256Observed,
      detail: detail === null ? null : JSON.stringify(detail),
      seq,
      prev_hash: prev,
      entry_hash,
    };
    prev = entry_hash;
    return row;
  });
  for (let i = 0; i < rows.length; i += 1000)
    await db
      .insertInto('evidence_custody')
      .values(rows.slice(i, i + 1000))
      .execute();
}

/** Custody entries in chain order, a page at a time. */
export async function custodyPage(db: Db, afterSeq: number, limit: number): Promise<EvidenceCustody[]> {
  return db.selectFrom('evidence_custody').selectAll().where('seq', '>', afterSeq).orderBy('seq').limit(limit).execute();
}

/** The first `captured` entry of each of these evidence rows: what the chain says each file was. */
export async function firstCaptures(db: Db, evidenceIds: readonly number[]): Promise<Map<number, EvidenceCustody>> {
  const out = new Map<number, EvidenceCustody>();
  if (evidenceIds.length === 0) return out;
  const rows = await db
    .selectFrom('evidence_custody')
    .selectAll()
    .where('evidence_id', 'in', [...evidenceIds])
    .where('action', '=', 'captured')
    .orderBy('seq')
    .execute();
  for (const r of rows) if (!out.has(r.evidence_id)) out.set(r.evidence_id, r);
  return out;
}

/** Evidence rows in id order, a page at a time (for verification of large stores). */
export async function evidencePage(db: Db, afterId: number, limit: number, postIds?: readonly number[]): Promise<Evidence[]> {
  // Evidence of an erased person has no file any more, on purpose (its custody says `erased`).
  let q = db.selectFrom('evidence').selectAll().where('id', '>', afterId).where('erased_at', 'is', null);
  if (postIds?.length) q = q.where('post_id', 'in', [...postIds]);
  return q.orderBy('id').limit(limit).execute();
}

/** Which of these store paths some evidence row refers to. */
export async function evidencePathsInUse(db: Db, paths: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(paths)];
  if (unique.length === 0) return new Set();
  const rows = await db.selectFrom('evidence').select('storage_path').where('storage_path', 'in', unique).execute();
  return new Set(rows.map((r) => r.storage_path));
}

export async function evidenceForPost(db: Db, postId: number): Promise<Evidence[]> {
  return db.selectFrom('evidence').selectAll().where('post_id', '=', postId).orderBy('id').execute();
}

export async function custodyOf(db: Db, evidenceId: number): Promise<EvidenceCustody[]> {
  return db.selectFrom('evidence_custody').selectAll().where('evidence_id', '=', evidenceId).orderBy('seq').execute();
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
      not(
        exists(
          selectFrom('evidence as e')
            .select('e.id')
            .whereRef('e.post_id', '=', 'p.id')
            .whereRef('e.post_version', '=', 'p.current_version')
            .where('e.kind', 'in', ['screenshot', 'removal-page']),
        ),
      ),
    )
    .orderBy('p.id')
    .execute();
}
