import type { ContestCalendar } from '../../domain/election-phase.ts';
import { recordFollows, type EngagementStats } from './engagement-step.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { formatWib } from '../../domain/wib-time.ts';
import {
  REFUSED_STATUSES,
  type AccountCollection,
  type CollectStatus,
  type CollectedEvidence,
  type IncompleteReason,
  type Source,
} from '../../collect/source.ts';
import { discardUnreferenced } from '../../collect/evidence/evidence-orphans.ts';
import type { EvidenceStore } from '../../collect/evidence/evidence-store.ts';
import type { Logger } from '../../log/logger.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { getCursor, saveCursor, toSourceCursor } from '../../repositories/cursors.repository.ts';
import { evidencePathsInUse, recordEvidence, type EvidenceInput } from '../../repositories/evidence.repository.ts';
import { accountPostsSince, markDeleted, storePosts, type StoreOutcome } from '../../repositories/posts.repository.ts';
import type { AccountWithPerson } from '../../repositories/registry.repository.ts';

/**
 * When a post missing from a listing may be marked deleted. A deleted post is itself a signal to
 * an analyst, so a false one is worse than none: a post is marked deleted only when a complete
 * listing misses it AND its own page says it is gone, and a run that would mark too much of an
 * account deleted marks nothing and alerts (a wall, a changed page or a partial feed look alike).
 */
export interface DeletionPolicy {
  /** Marking more than this share of the account's stored posts deleted in one run is refused. @default 0.2 */
  maxShare: number;
  /** ... when at least this many posts would be marked (fewer are each confirmed on their page). @default 3 */
  minPosts: number;
  /** Post pages opened per account per run to confirm removals; the rest wait for the next run. @default 10 */
  maxChecks: number;
}

export const DEFAULT_DELETION_POLICY: Readonly<DeletionPolicy> = Object.freeze({ maxShare: 0.2, minPosts: 3, maxChecks: 10 });

/** The result of collecting one account from one source. */
export interface AccountCollectResult {
  status: CollectStatus;
  message?: string;
  /** Post ids touched, with what happened to each. */
  stored: { postId: number; version: number; outcome: StoreOutcome }[];
  /** Posts marked deleted: a complete listing lacked them and their own page said they are gone. */
  deleted?: number[];
  /** Evidence rows recorded while collecting (`evidence: all`, and removal pages). */
  evidence?: number;
  /** What an operator must look at: a wall met mid-listing, deletions refused, an account gone quiet. */
  alerts?: string[];
  /** The source listed everything back to the cursor's look-back bound (or the account's start). */
  complete?: boolean;
  /** Why the listing was not complete, when the source said. */
  incomplete?: IncompleteReason;
  /** Follows of campaign accounts found in the account's following list (issue 16). */
  engagements?: EngagementStats;
}

export interface CollectAccountInput {
  db: Kysely<Database>;
  source: Source;
  account: Pick<AccountWithPerson, 'accountId' | 'platform' | 'handle' | 'profileUrl'>;
  logger: Logger;
  actor: string;
  signal?: AbortSignal;
  /** Election calendar for the phase of a follow found in a following list (issue 16); without it follows are not recorded. */
  calendar?: readonly ContestCalendar[];
  /** Time recorded as this collection's (tests pass one). */
  now?: Date;
  /** @default DEFAULT_DELETION_POLICY */
  deletions?: Partial<DeletionPolicy>;
  /** Where the source's evidence files are: files of a collection that does not commit are removed. */
  evidenceStore?: EvidenceStore;
  /**
   * Runs inside the transaction that stores the account's posts, with the result: a job records
   * itself done here, so its effects and its "done" commit together or not at all.
   */
  commit?: (trx: Kysely<Database>, result: AccountCollectResult) => Promise<void>;
}

interface Confirmed {
  id: number;
  externalId: string;
  version: number;
  evidence: CollectedEvidence[];
}

const pct = (x: number) => `${Math.round(x * 100)}%`;

/**
 * Which stored posts the listing lacks, and which of them their own page says are gone. Runs
 * before the transaction: it opens post pages. Returns the confirmed ones and the alerts.
 */
async function confirmDeletions(
  o: CollectAccountInput,
  result: AccountCollection,
  stopBefore: Date | null,
  policy: DeletionPolicy,
): Promise<{ confirmed: Confirmed[]; alerts: string[] }> {
  const { db, source, account } = o;
  const who = `${source.id}: @${account.handle} (${account.platform})`;
  const confirmed: Confirmed[] = [];
  const alerts: string[] = [];
  if (result.status !== 'ok' || !result.complete || result.posts.length === 0) return { confirmed, alerts };
  const from = result.coveredFrom === undefined ? stopBefore : result.coveredFrom;
  const listed = new Set(result.posts.map((p) => p.externalId));
  const gone = (await accountPostsSince(db, account.accountId, account.platform, from)).filter((r) => !listed.has(r.external_id));
  if (gone.length === 0) return { confirmed, alerts };
  const live = (await accountPostsSince(db, account.accountId, account.platform, null)).length;
  if (gone.length >= policy.minPosts && gone.length > policy.maxShare * live) {
    alerts.push(
      `${who}: the listing lacks ${gone.length} of ${live} stored posts (${pct(gone.length / live)}, above the ${pct(policy.maxShare)} a run may mark deleted); nothing was marked deleted: check the account by hand (a wall or a changed page looks like deletions)`,
    );
    return { confirmed, alerts };
  }
  if (!source.confirmRemoved) {
    alerts.push(
      `${who}: ${gone.length} stored post(s) missing from a complete listing; ${source.id} cannot open post pages to confirm a removal, so none was marked deleted`,
    );
    return { confirmed, alerts };
  }
  for (const g of gone.slice(0, policy.maxChecks)) {
    o.signal?.throwIfAborted();
    const check = await source.confirmRemoved(
      { externalId: g.external_id, url: g.url, platform: account.platform },
      { logger: o.logger, ...(o.signal ? { signal: o.signal } : {}) },
    );
    if (check.outcome === 'removed')
      confirmed.push({ id: g.id, externalId: g.external_id, version: g.current_version, evidence: check.evidence ?? [] });
    else if (check.outcome === 'present')
      alerts.push(
        `${who}: post ${g.external_id} is missing from the listing but its page still shows it (${check.message ?? 'present'}); not marked deleted`,
      );
    else
      alerts.push(
        `${who}: post ${g.external_id} is missing from the listing and its page could not tell (${check.message ?? 'unknown'}); not marked deleted`,
      );
  }
  if (gone.length > policy.maxChecks)
    alerts.push(
      `${who}: ${gone.length - policy.maxChecks} more missing post(s) will be checked on the next run (maxChecks ${policy.maxChecks})`,
    );
  return { confirmed, alerts };
}

const evidenceRow = (o: CollectAccountInput, postId: number, version: number | null, e: CollectedEvidence): EvidenceInput => ({
  postId,
  postVersion: version,
  kind: e.kind,
  storagePath: e.file.path,
  sha256: e.file.sha256,
  bytes: e.file.bytes,
  mime: e.file.mime,
  url: e.url,
  capturedAt: e.capturedAt,
  capturedAtWib: formatWib(e.capturedAt),
  collectorVersion: e.collector,
  source: o.source.id,
  method: 'collection',
  actor: o.actor,
  ...(e.details ? { details: e.details } : {}),
});

/**
 * Collect one account from one source: the unit a job runs. It reads the account's cursor, asks
 * the source for what is new (plus the look-back window), confirms on their own pages the
 * removals a complete listing suggests, and then, in one transaction, stores posts (new versions
 * for edits), marks deleted the confirmed ones, records evidence, and moves the cursor. A crash
 * before the commit leaves everything as it was; a re-run duplicates nothing. A thrown error
 * becomes status `error` with its message, never a silent zero.
 */
export async function collectAccount(o: CollectAccountInput): Promise<AccountCollectResult> {
  const { db, source, account, logger, actor, signal, now = new Date(), commit, calendar } = o;
  const policy: DeletionPolicy = { ...DEFAULT_DELETION_POLICY, ...o.deletions };
  const cursorRow = await getCursor(db, account.accountId, source.id);
  const cursor = toSourceCursor(cursorRow);
  const stopBefore =
    cursor?.newestPostedAt && source.lookBackMs !== undefined ? new Date(cursor.newestPostedAt.getTime() - source.lookBackMs) : null;
  let known: Map<string, string> | undefined;
  if (source.evidenceMode === 'all' || source.capturesMedia) {
    // Every stored post, not just the window: a listing page often reaches further back.
    const rows = await accountPostsSince(db, account.accountId, account.platform, null);
    known = new Map(rows.map((r) => [r.external_id, r.content_sha256]));
  }
  const who = `${source.id}: @${account.handle} (${account.platform})`;
  const fail = async (message: string): Promise<AccountCollectResult> => {
    logger.warn({ source: source.id, handle: account.handle, err: message }, 'collection failed for account');
    const failed: AccountCollectResult = { status: 'error', message, stored: [] };
    await db.transaction().execute(async (trx) => {
      await saveCursor(trx, { accountId: account.accountId, source: source.id, at: now, status: 'error', message });
      await commit?.(trx, failed);
    });
    return failed;
  };

  let result: AccountCollection;
  let deletions: { confirmed: Confirmed[]; alerts: string[] };
  try {
    result = await source.collectAccount(
      { accountId: account.accountId, platform: account.platform, handle: account.handle, profileUrl: account.profileUrl },
      { logger, ...(signal ? { signal } : {}), since: cursor?.newestPostedAt ?? null, cursor, stopBefore, ...(known ? { known } : {}) },
    );
    deletions = await confirmDeletions(o, result, stopBefore, policy);
  } catch (e) {
    return fail((e as Error).message);
  }

  const alerts = [...deletions.alerts];
  const usedTo = cursorRow?.max_post_count ?? 0;
  // Only listing sources (pages, APIs) can "go quiet"; a file holds what it holds.
  if (source.lookBackMs !== undefined && result.status === 'ok' && result.posts.length === 0 && usedTo > 0)
    alerts.push(
      `${who} returned no posts where it returned ${usedTo} before${cursorRow?.last_ok_at ? ` (last on ${cursorRow.last_ok_at.toISOString()})` : ''}: a changed page or a quiet block, not "no posts"`,
    );
  // A wall, a check or a refusal is never a silent zero, even after some posts loaded.
  if (REFUSED_STATUSES.includes(result.status))
    alerts.push(`${who}: ${result.status.replace('_', ' ')}: ${result.message ?? 'the platform refused the listing'}`);
  for (const a of alerts) logger.warn({ source: source.id, handle: account.handle }, a);

  try {
    return await db.transaction().execute(async (trx) => {
      const posts = result.posts.map((p) => ({ ...p, accountId: account.accountId }));
      const stored = posts.length > 0 ? await storePosts(trx, posts, { source: source.id, collectedAt: now }) : [];
      if (stored.length !== posts.length) throw new Error(`storing ${posts.length} posts returned ${stored.length} results`);
      const edited = stored.filter((s) => s.outcome === 'edited');
      if (edited.length > 0)
        await appendAudit(
          trx,
          edited.map((s) => ({
            actor,
            action: 'post.edited',
            entityType: 'post',
            entityId: s.postId,
            after: { version: s.version },
            context: { source: source.id },
          })),
        );

      const rows: EvidenceInput[] = [];
      const byExt = new Map(posts.map((p, i) => [p.externalId, stored[i]!]));
      for (const e of result.evidence ?? []) {
        const s = byExt.get(e.externalId);
        if (s) rows.push(evidenceRow(o, s.postId, s.version, e));
      }
      const removal = deletions.confirmed.flatMap((c) => c.evidence.map((e) => evidenceRow(o, c.id, c.version, e)));
      const evidenceIds = await recordEvidence(trx, [...rows, ...removal]);
      const removalIds = evidenceIds.slice(rows.length);

      const deleted = deletions.confirmed.map((c) => c.id);
      if (deleted.length > 0) {
        await markDeleted(trx, deleted, now);
        await appendAudit(
          trx,
          deletions.confirmed.map((c) => ({
            actor,
            action: 'post.deleted',
            entityType: 'post',
            entityId: c.id,
            context: {
              source: source.id,
              reason: 'missing from a complete listing, and its own page says it is gone',
              evidence: removal.map((r, i) => (r.postId === c.id ? removalIds[i] : undefined)).filter((x) => x !== undefined),
            },
          })),
        );
      }

      let newest: { externalId: string; postedAt: Date } | null = null;
      for (const p of posts)
        if (!p.pinned && p.postedAt && (!newest || p.postedAt > newest.postedAt))
          newest = { externalId: p.externalId, postedAt: p.postedAt };
      await saveCursor(trx, {
        accountId: account.accountId,
        source: source.id,
        at: now,
        status: result.status,
        message: result.message ?? null,
        ...(result.status === 'ok' ? { ok: { posts: posts.length, newest } } : {}),
      });
      // Follows of campaign accounts, where the source read the following list.
      const follows =
        result.following && calendar
          ? await recordFollows(trx, {
              accountId: account.accountId,
              platform: account.platform,
              handles: result.following.handles,
              source: source.id,
              calendar,
              actor,
              now,
            })
          : undefined;
      if (result.following && !result.following.complete)
        alerts.push(
          `${who}: following list incomplete, follows of campaign accounts may be missing (${result.following.message ?? 'no reason given'})`,
        );
      const r: AccountCollectResult = {
        ...(follows && (follows.found.follow ?? 0) > 0 ? { engagements: follows } : {}),
        status: result.status,
        ...(result.message ? { message: result.message } : {}),
        stored,
        ...(deleted.length > 0 ? { deleted } : {}),
        ...(evidenceIds.length > 0 ? { evidence: evidenceIds.length } : {}),
        ...(alerts.length > 0 ? { alerts } : {}),
        complete: result.complete,
        ...(result.incomplete ? { incomplete: result.incomplete } : {}),
      };
      await commit?.(trx, r);
      return r;
    });
  } catch (e) {
    // Nothing of this collection was recorded: its files must not linger unreferenced in the store.
    if (o.evidenceStore) {
      const store = o.evidenceStore;
      const files = [...(result.evidence ?? []), ...deletions.confirmed.flatMap((c) => c.evidence)].map((e) => e.file.path);
      await evidencePathsInUse(db, files)
        .then((inUse) => discardUnreferenced(store, files, inUse))
        .catch(() => undefined);
    }
    throw e;
  }
}
