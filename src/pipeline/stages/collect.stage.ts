import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { AccountWithPerson } from '../../repositories/registry.repository.ts';
import { storePosts, type StoreOutcome } from '../../repositories/posts.repository.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import type { CollectStatus, Source } from '../../collect/source.ts';
import type { Logger } from '../../log/logger.ts';
import type { Progress } from '../../log/progress.ts';

export interface SourceStats {
  accounts: number;
  posts: number;
  statuses: Partial<Record<CollectStatus, number>>;
  errors: { handle: string; platform: string; status: CollectStatus; message: string }[];
  unregistered: { platform: string; handle: string; posts: number }[];
}

export interface CollectStats {
  accounts: number;
  postsNew: number;
  postsEdited: number;
  postsUnchanged: number;
  postsRestored: number;
  sources: Record<string, SourceStats>;
  /** Things an operator must look at: a source that yields nothing is never a silent zero. */
  alerts: string[];
}

/** The result of collecting one account from one source. */
export interface AccountCollectResult {
  status: CollectStatus;
  message?: string;
  /** Post ids touched, with what happened to each. */
  stored: { postId: number; version: number; outcome: StoreOutcome }[];
}

export interface CollectAccountInput {
  db: Kysely<Database>;
  source: Source;
  account: Pick<AccountWithPerson, 'accountId' | 'platform' | 'handle' | 'profileUrl'>;
  logger: Logger;
  actor: string;
  signal?: AbortSignal;
}

/**
 * Collect one account from one source and store what came back in one transaction.
 * The unit of work a scan loops over and a job runs: idempotent, so a retry after a crash
 * duplicates nothing. A thrown error becomes status `error` with its message, never a silent zero.
 */
export async function collectAccount({ db, source, account, logger, actor, signal }: CollectAccountInput): Promise<AccountCollectResult> {
  let result;
  try {
    result = await source.collectAccount(
      { accountId: account.accountId, platform: account.platform, handle: account.handle, profileUrl: account.profileUrl },
      { logger, ...(signal ? { signal } : {}) },
    );
  } catch (e) {
    const message = (e as Error).message;
    logger.warn({ source: source.id, handle: account.handle, err: message }, 'collection failed for account');
    return { status: 'error', message, stored: [] };
  }
  if (result.posts.length === 0) return { status: result.status, ...(result.message ? { message: result.message } : {}), stored: [] };
  const stored = await db.transaction().execute(async (trx) => {
    const out = await storePosts(
      trx,
      result.posts.map((p) => ({ ...p, accountId: account.accountId })),
      { source: source.id },
    );
    const edited = out.filter((o) => o.outcome === 'edited');
    if (edited.length > 0)
      await appendAudit(
        trx,
        edited.map((o) => ({ actor, action: 'post.edited', entityType: 'post', entityId: o.postId, after: { version: o.version }, context: { source: source.id } })),
      );
    return out;
  });
  return { status: result.status, ...(result.message ? { message: result.message } : {}), stored };
}

export interface CollectStageInput {
  db: Kysely<Database>;
  sources: readonly Source[];
  accounts: readonly AccountWithPerson[];
  logger: Logger;
  progress?: Progress;
  actor: string;
  signal?: AbortSignal;
}

/** Collect every selected account from every source that serves its platform, storing as it goes. */
export async function collectStage({ db, sources, accounts, logger, progress, actor, signal }: CollectStageInput): Promise<CollectStats> {
  const log = logger.child({ stage: 'collect' });
  const stats: CollectStats = { accounts: accounts.length, postsNew: 0, postsEdited: 0, postsUnchanged: 0, postsRestored: 0, sources: {}, alerts: [] };
  for (const s of sources) stats.sources[s.id] = { accounts: 0, posts: 0, statuses: {}, errors: [], unregistered: [] };

  for (const account of accounts) {
    if (signal?.aborted) break;
    for (const source of sources) {
      if (!source.platforms.includes(account.platform)) continue;
      const st = stats.sources[source.id]!;
      st.accounts++;
      const r = await collectAccount({ db, source, account, logger: log, actor, ...(signal ? { signal } : {}) });
      st.statuses[r.status] = (st.statuses[r.status] ?? 0) + 1;
      if (r.status !== 'ok') st.errors.push({ handle: account.handle, platform: account.platform, status: r.status, message: r.message ?? r.status });
      st.posts += r.stored.length;
      addOutcomes(stats, r.stored);
    }
    progress?.tick();
  }

  for (const source of sources) stats.alerts.push(...sourceAlerts(source, stats.sources[source.id]!));
  return stats;
}

function addOutcomes(stats: CollectStats, stored: AccountCollectResult['stored']): void {
  for (const o of stored) {
    if (o.outcome === 'new') stats.postsNew++;
    else if (o.outcome === 'edited') stats.postsEdited++;
    else if (o.outcome === 'restored') stats.postsRestored++;
    else stats.postsUnchanged++;
  }
}

/** What an operator must hear about a source after a scan. */
export function sourceAlerts(source: Source, st: SourceStats): string[] {
  const alerts: string[] = [];
  st.unregistered = source.unclaimed?.() ?? [];
  if (st.unregistered.length > 0) {
    const n = st.unregistered.reduce((a, u) => a + u.posts, 0);
    alerts.push(`${source.id}: ${n} post(s) from ${st.unregistered.length} handle(s) that are not in the registry were skipped`);
  }
  if (st.accounts > 0 && st.posts === 0) alerts.push(`${source.id}: returned no posts for any of ${st.accounts} account(s)`);
  if (st.errors.length > 0)
    alerts.push(
      `${source.id}: ${st.errors.length} of ${st.accounts} account(s) not collected (${Object.entries(st.statuses)
        .filter(([k]) => k !== 'ok')
        .map(([k, v]) => `${k} ${v}`)
        .join(', ')})`,
    );
  return alerts;
}
