import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { formatWib } from '../../domain/wib-time.ts';
import type { AccountCollection, CollectStatus, Source } from '../../collect/source.ts';
import type { Logger } from '../../log/logger.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { getCursor, saveCursor, toSourceCursor } from '../../repositories/cursors.repository.ts';
import { recordEvidence, type EvidenceInput } from '../../repositories/evidence.repository.ts';
import { accountPostsSince, markDeleted, storePosts, type StoreOutcome } from '../../repositories/posts.repository.ts';
import type { AccountWithPerson } from '../../repositories/registry.repository.ts';

/** The result of collecting one account from one source. */
export interface AccountCollectResult {
  status: CollectStatus;
  message?: string;
  /** Post ids touched, with what happened to each. */
  stored: { postId: number; version: number; outcome: StoreOutcome }[];
  /** Posts marked deleted: a complete listing of their time span no longer had them. */
  deleted?: number[];
  /** Evidence rows recorded while collecting (`evidence: all`). */
  evidence?: number;
  /** Something an operator must look at, e.g. an account that used to return posts returned none. */
  alert?: string;
  /** The source listed everything back to the cursor's look-back bound (or the account's start). */
  complete?: boolean;
}

export interface CollectAccountInput {
  db: Kysely<Database>;
  source: Source;
  account: Pick<AccountWithPerson, 'accountId' | 'platform' | 'handle' | 'profileUrl'>;
  logger: Logger;
  actor: string;
  signal?: AbortSignal;
  /** Time recorded as this collection's (tests pass one). */
  now?: Date;
  /**
   * Runs inside the transaction that stores the account's posts, with the result: a job records
   * itself done here, so its effects and its "done" commit together or not at all.
   */
  commit?: (trx: Kysely<Database>, result: AccountCollectResult) => Promise<void>;
}

/**
 * Collect one account from one source: the unit a scan loops over and a job runs. It reads the
 * account's cursor, asks the source for what is new (plus the look-back window), and then, in
 * one transaction, stores posts (new versions for edits), marks deleted the posts a complete
 * listing no longer has, records evidence taken while listing, and moves the cursor. A crash
 * before the commit leaves everything as it was; a re-run duplicates nothing.
 * A thrown error becomes status `error` with its message, never a silent zero.
 */
export async function collectAccount({ db, source, account, logger, actor, signal, now = new Date(), commit }: CollectAccountInput): Promise<AccountCollectResult> {
  const cursorRow = await getCursor(db, account.accountId, source.id);
  const cursor = toSourceCursor(cursorRow);
  const stopBefore = cursor?.newestPostedAt && source.lookBackMs !== undefined ? new Date(cursor.newestPostedAt.getTime() - source.lookBackMs) : null;
  let known: Map<string, string> | undefined;
  if (source.evidenceMode === 'all') {
    // Every stored post, not just the window: a listing page often reaches further back.
    const rows = await accountPostsSince(db, account.accountId, account.platform, null);
    known = new Map(rows.map((r) => [r.external_id, r.content_sha256]));
  }

  let result: AccountCollection;
  try {
    result = await source.collectAccount(
      { accountId: account.accountId, platform: account.platform, handle: account.handle, profileUrl: account.profileUrl },
      { logger, ...(signal ? { signal } : {}), since: cursor?.newestPostedAt ?? null, cursor, stopBefore, ...(known ? { known } : {}) },
    );
  } catch (e) {
    const message = (e as Error).message;
    logger.warn({ source: source.id, handle: account.handle, err: message }, 'collection failed for account');
    const failed: AccountCollectResult = { status: 'error', message, stored: [] };
    await db.transaction().execute(async (trx) => {
      await saveCursor(trx, { accountId: account.accountId, source: source.id, at: now, status: 'error', message });
      await commit?.(trx, failed);
    });
    return failed;
  }

  const usedTo = cursorRow?.max_post_count ?? 0;
  // Only listing sources (pages, APIs) can "go quiet"; a file holds what it holds.
  const alert =
    source.lookBackMs !== undefined && result.status === 'ok' && result.posts.length === 0 && usedTo > 0
      ? `${source.id}: @${account.handle} (${account.platform}) returned no posts where it returned ${usedTo} before${cursorRow?.last_ok_at ? ` (last on ${cursorRow.last_ok_at.toISOString()})` : ''}: a changed page or a quiet block, not "no posts"`
      : undefined;
  if (alert) logger.warn({ source: source.id, handle: account.handle }, alert);

  const out = await db.transaction().execute(async (trx) => {
    const posts = result.posts.map((p) => ({ ...p, accountId: account.accountId }));
    const stored = posts.length > 0 ? await storePosts(trx, posts, { source: source.id, collectedAt: now }) : [];
    if (stored.length !== posts.length) throw new Error(`storing ${posts.length} posts returned ${stored.length} results`);
    const edited = stored.filter((o) => o.outcome === 'edited');
    if (edited.length > 0)
      await appendAudit(
        trx,
        edited.map((o) => ({ actor, action: 'post.edited', entityType: 'post', entityId: o.postId, after: { version: o.version }, context: { source: source.id } })),
      );

    // Deletions: only from a complete, non-empty listing; an empty one is the alert above.
    let deleted: number[] = [];
    if (result.status === 'ok' && result.complete && posts.length > 0) {
      const from = result.coveredFrom === undefined ? stopBefore : result.coveredFrom;
      const listed = new Set(posts.map((p) => p.externalId));
      const gone = (await accountPostsSince(trx, account.accountId, account.platform, from)).filter((r) => !listed.has(r.external_id));
      if (gone.length > 0) {
        deleted = gone.map((g) => g.id);
        await markDeleted(trx, deleted, now);
        await appendAudit(
          trx,
          gone.map((g) => ({
            actor,
            action: 'post.deleted',
            entityType: 'post',
            entityId: g.id,
            context: { source: source.id, reason: 'missing from a complete listing', listedBackTo: from?.toISOString() ?? 'the first post' },
          })),
        );
      }
    }

    let evidence = 0;
    if (result.evidence?.length) {
      const byExt = new Map(posts.map((p, i) => [p.externalId, stored[i]!]));
      const rows: EvidenceInput[] = [];
      for (const e of result.evidence) {
        const s = byExt.get(e.externalId);
        if (!s) continue;
        rows.push({
          postId: s.postId,
          postVersion: s.version,
          kind: e.kind,
          storagePath: e.file.path,
          sha256: e.file.sha256,
          bytes: e.file.bytes,
          mime: e.file.mime,
          url: e.url,
          capturedAt: e.capturedAt,
          capturedAtWib: formatWib(e.capturedAt),
          collectorVersion: e.collector,
          source: source.id,
          method: 'collection',
          actor,
          ...(e.details ? { details: e.details } : {}),
        });
      }
      evidence = (await recordEvidence(trx, rows)).length;
    }

    let newest: { externalId: string; postedAt: Date } | null = null;
    for (const p of posts) if (!p.pinned && p.postedAt && (!newest || p.postedAt > newest.postedAt)) newest = { externalId: p.externalId, postedAt: p.postedAt };
    await saveCursor(trx, {
      accountId: account.accountId,
      source: source.id,
      at: now,
      status: result.status,
      message: result.message ?? null,
      ...(result.status === 'ok' ? { ok: { posts: posts.length, newest } } : {}),
    });
    const r: AccountCollectResult = {
      status: result.status,
      ...(result.message ? { message: result.message } : {}),
      stored,
      ...(deleted.length > 0 ? { deleted } : {}),
      ...(evidence > 0 ? { evidence } : {}),
      ...(alert ? { alert } : {}),
      complete: result.complete,
    };
    await commit?.(trx, r);
    return r;
  });
  return out;
}
