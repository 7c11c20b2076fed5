import type { Kysely } from 'kysely';
import PQueue from 'p-queue';
import type { Database } from '../../db/schema.ts';
import type { AccountWithPerson } from '../../repositories/registry.repository.ts';
import type { CollectStatus, Source } from '../../collect/source.ts';
import type { Logger } from '../../log/logger.ts';
import type { Progress } from '../../log/progress.ts';
import type { CollectStats, SourceStats } from '../jobs/job-results.ts';
import { collectAccount, type AccountCollectResult } from './collect-account.ts';

export { collectAccount, type AccountCollectResult, type CollectAccountInput } from './collect-account.ts';

export interface CollectStageInput {
  db: Kysely<Database>;
  sources: readonly Source[];
  accounts: readonly AccountWithPerson[];
  logger: Logger;
  progress?: Progress;
  actor: string;
  signal?: AbortSignal;
  /**
   * Accounts collected at once. Each source's politeness settings still bound its requests;
   * this only lets sources for different platforms (or a source allowing it) work in parallel.
   * @default 1
   */
  concurrency?: number;
}

/** Collect every selected account from every source that serves its platform, storing as it goes. */
export async function collectStage({ db, sources, accounts, logger, progress, actor, signal, concurrency = 1 }: CollectStageInput): Promise<CollectStats> {
  const log = logger.child({ stage: 'collect' });
  const stats: CollectStats = { accounts: accounts.length, postsNew: 0, postsEdited: 0, postsUnchanged: 0, postsRestored: 0, postsDeleted: 0, evidence: 0, sources: {}, alerts: [] };
  for (const s of sources) stats.sources[s.id] = { accounts: 0, posts: 0, statuses: {}, errors: [], unregistered: [], incomplete: 0 };

  const queue = new PQueue({ concurrency: Math.max(1, concurrency) });
  for (const account of accounts) {
    void queue.add(async () => {
      if (signal?.aborted) return;
      for (const source of sources) {
        if (!source.platforms.includes(account.platform)) continue;
        if (signal?.aborted) return;
        const st = stats.sources[source.id]!;
        st.accounts++;
        const r = await collectAccount({ db, source, account, logger: log, actor, ...(signal ? { signal } : {}) });
        log.debug({ source: source.id, handle: account.handle, status: r.status, posts: r.stored.length }, 'account collected');
        st.statuses[r.status] = (st.statuses[r.status] ?? 0) + 1;
        if (r.status !== 'ok') st.errors.push({ handle: account.handle, platform: account.platform, status: r.status, message: r.message ?? r.status });
        else if (r.complete === false) st.incomplete = (st.incomplete ?? 0) + 1;
        if (r.alert) stats.alerts.push(r.alert);
        st.posts += r.stored.length;
        stats.postsDeleted! += r.deleted?.length ?? 0;
        stats.evidence! += r.evidence ?? 0;
        addOutcomes(stats, r.stored);
      }
      progress?.tick();
    });
  }
  // A failing account never rejects here (collectAccount turns errors into statuses);
  // a database error does, and stops the stage.
  await new Promise<void>((resolve, reject) => {
    queue.on('error', reject);
    void queue.onIdle().then(resolve);
  });

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
  alerts.push(...(source.health?.().alerts ?? []));
  return alerts;
}
