import { PermanentError } from '../../domain/errors.ts';

/**
 * The jobs a scan is split into. `plan` imports the registry and enqueues one `collect` per
 * account and source; when the last collect is done, the pending posts are cut into `classify`
 * batches; when the last batch is done, `finish` sums up the run. Every job carries its run id;
 * its key is unique within the run and is its idempotency key (`scan_jobs`).
 */
export type ScanJob =
  | { kind: 'plan'; runId: number }
  | { kind: 'collect'; runId: number; accountId: number; /** Index in the run's `sources`. */ source: number }
  | { kind: 'classify'; runId: number; batch: number; postIds: number[] }
  | { kind: 'finish'; runId: number };

export type ScanJobKind = ScanJob['kind'];

export function jobKey(j: ScanJob): string {
  switch (j.kind) {
    case 'plan':
      return 'plan';
    case 'collect':
      return `collect:${j.source}:${j.accountId}`;
    case 'classify':
      return `classify:${j.batch}`;
    case 'finish':
      return 'finish';
  }
}

/** Who a run's changes are audited as (registry and claim imports, flags, evidence). */
export const scanActor = (runId: number): string => `system:scan#${runId}`;

/** Later stages first: a worker finishes a scan before it starts collecting the next one. */
export const JOB_PRIORITY: Record<ScanJobKind, number> = { finish: 40, classify: 30, collect: 20, plan: 10 };

/** Parse a job's data (from the queue) back into a ScanJob, refusing anything else. */
export function toScanJob(data: unknown): ScanJob {
  const d = data as Partial<Record<string, unknown>> | null;
  const kind = d?.['kind'];
  const runId = d?.['runId'];
  if (typeof runId !== 'number') throw new PermanentError(`not a scan job: ${JSON.stringify(data)}`);
  if (kind === 'plan' || kind === 'finish') return { kind, runId };
  if (kind === 'collect' && typeof d?.['accountId'] === 'number' && typeof d?.['source'] === 'number')
    return { kind, runId, accountId: d['accountId'], source: d['source'] };
  if (kind === 'classify' && typeof d?.['batch'] === 'number' && Array.isArray(d?.['postIds']))
    return { kind, runId, batch: d['batch'], postIds: d['postIds'] as number[] };
  throw new PermanentError(`not a scan job: ${JSON.stringify(data)}`);
}
