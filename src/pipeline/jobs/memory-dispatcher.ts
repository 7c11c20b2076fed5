import type { JobsConfig } from '../pipeline.schema.ts';
import { isPermanent, jobKey, JOB_PRIORITY, type ScanJob, type ScanJobKind } from './scan-job.ts';
import { JobAborted, recordJobDead, runScanJob, type JobEnv } from './scan-handlers.ts';

interface Entry {
  job: ScanJob;
  attempt: number;
  policy: JobsConfig;
  notBefore: number;
}

export interface DispatchResult {
  /** A plan or finish job that died: the run failed, and this is why. */
  fatal?: Error;
}

/**
 * Embedded mode's queue: the scan's jobs run in this process, through the same handlers a worker
 * runs, with the same retry policy (backoff, dead after `retryLimit`). Nothing is persisted
 * here: after a crash the next `netra scan` starts a new run, and the jobs' idempotency (what
 * was stored stays stored, unique keys) makes it complete without losing or doubling anything.
 */
export class MemoryDispatcher {
  private readonly queues: Record<ScanJobKind, Entry[]> = { finish: [], classify: [], collect: [], plan: [] };
  private active = 0;
  private timer: NodeJS.Timeout | undefined;
  private fatal: Error | undefined;
  private broken: Error | undefined;
  private done: (() => void) | undefined;
  private readonly order = (Object.keys(JOB_PRIORITY) as ScanJobKind[]).sort((a, b) => JOB_PRIORITY[b] - JOB_PRIORITY[a]);

  constructor(
    private readonly env: Omit<JobEnv, 'enqueue'>,
    private readonly concurrency: number,
  ) {}

  /** Run `first` and everything it leads to; resolves when no job is left (or on abort). */
  run(first: ScanJob, policy: JobsConfig): Promise<DispatchResult> {
    this.push([first], policy);
    return new Promise<DispatchResult>((resolve, reject) => {
      this.done = () => (this.broken ? reject(this.broken) : resolve(this.fatal ? { fatal: this.fatal } : {}));
      this.pump();
    });
  }

  private push(jobs: readonly ScanJob[], policy: JobsConfig, attempt = 1, delayMs = 0): void {
    for (const job of jobs) this.queues[job.kind].push({ job, attempt, policy, notBefore: Date.now() + delayMs });
  }

  private next(): Entry | undefined {
    const now = Date.now();
    for (const k of this.order) {
      const q = this.queues[k];
      const i = q.findIndex((e) => e.notBefore <= now);
      if (i >= 0) return q.splice(i, 1)[0];
    }
    return undefined;
  }

  private pending(): number {
    return this.order.reduce((n, k) => n + this.queues[k].length, 0);
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const stopping = this.env.signal?.aborted || this.broken;
    while (!stopping && this.active < this.concurrency) {
      const e = this.next();
      if (!e) break;
      this.active++;
      void this.execute(e).finally(() => {
        this.active--;
        this.pump();
      });
    }
    if (this.active > 0) return;
    const left = stopping ? 0 : this.pending();
    if (left === 0) {
      this.done?.();
      this.done = undefined;
      return;
    }
    // Only retries waiting for their backoff: wake up for the first one.
    const wake = Math.min(...this.order.flatMap((k) => this.queues[k].map((e) => e.notBefore)));
    this.timer = setTimeout(() => this.pump(), Math.max(0, wake - Date.now()));
  }

  private async execute(e: Entry): Promise<void> {
    const staged: { jobs: readonly ScanJob[]; policy: JobsConfig }[] = [];
    const env: JobEnv = {
      ...this.env,
      // Jobs enqueued inside a handler's transaction start once the handler has returned (committed).
      enqueue: async (_trx, jobs, policy) => void staged.push({ jobs, policy }),
    };
    try {
      await runScanJob(e.job, env, e.attempt);
    } catch (err) {
      const error = err as Error;
      if (error instanceof JobAborted || this.env.signal?.aborted) return;
      // Jobs staged before the failure may belong to a committed transaction: run them. If it
      // rolled back instead, they find nothing to do or do it once (every handler is idempotent).
      for (const s of staged.splice(0)) this.push(s.jobs, s.policy);
      if (isPermanent(error) || e.attempt > e.policy.retryLimit) {
        try {
          await recordJobDead(e.job, env, error, e.attempt);
          for (const s of staged) this.push(s.jobs, s.policy);
          if (e.job.kind === 'plan' || e.job.kind === 'finish') this.fatal ??= error;
        } catch (fatal) {
          this.broken ??= fatal as Error;
        }
        return;
      }
      return this.retry(e, error);
    }
    for (const s of staged) this.push(s.jobs, s.policy);
    this.env.logger.debug({ scanRun: e.job.runId, job: jobKey(e.job), attempt: e.attempt }, 'job done');
  }

  private retry(e: Entry, error: Error): void {
    const delay = e.policy.retryDelaySeconds * 1000 * (e.policy.retryBackoff ? 2 ** (e.attempt - 1) : 1);
    this.env.logger.warn({ scanRun: e.job.runId, job: e.job.kind, attempt: e.attempt, retryInMs: delay, err: error.message }, 'job failed; will retry');
    this.push([e.job], e.policy, e.attempt + 1, delay);
  }
}
