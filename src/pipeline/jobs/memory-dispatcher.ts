import PQueue from 'p-queue';
import type { JobsConfig } from '../pipeline.schema.ts';
import { afterFailure, retryDelayMs } from './retry-policy.ts';
import { jobKey, JOB_PRIORITY, type ScanJob } from './scan-job.ts';
import { recordJobDead, runScanJob, type JobEnv } from './scan-handlers.ts';

export interface DispatchResult {
  /** A plan or finish job that died: the run failed, and this is why. */
  fatal?: Error;
}

/**
 * Embedded mode's queue: the scan's jobs run in this process, through the same handlers a worker
 * runs, with the same retry rule (retry-policy.ts). A p-queue runs them `concurrency` at a time,
 * later stages first (JOB_PRIORITY), in order within a stage; a retry waits for its backoff
 * before it joins the queue again. Nothing is persisted here: after a crash the next
 * `netra scan` starts a new run, and the jobs' idempotency (what was stored stays stored, unique
 * keys) makes it complete without losing or doubling anything.
 */
export class MemoryDispatcher {
  private readonly queue: PQueue;
  /** Retries waiting for their backoff. */
  private readonly waiting = new Set<NodeJS.Timeout>();
  private wake: (() => void) | undefined;
  private fatal: Error | undefined;
  private broken: Error | undefined;

  constructor(
    private readonly env: Omit<JobEnv, 'enqueue'>,
    concurrency: number,
  ) {
    this.queue = new PQueue({ concurrency });
  }

  /** Run `first` and everything it leads to; resolves when no job is left (or, on abort, when the running ones ended). */
  async run(first: ScanJob, policy: JobsConfig): Promise<DispatchResult> {
    const stop = () => this.stop();
    this.env.signal?.addEventListener('abort', stop, { once: true });
    try {
      if (this.env.signal?.aborted) this.stop();
      else this.push([first], policy, 1);
      for (;;) {
        await this.queue.onIdle();
        if (this.waiting.size === 0 || this.stopped()) break;
        // Only retries waiting for their backoff: sleep until the first one joins the queue.
        await new Promise<void>((resolve) => (this.wake = resolve));
      }
    } finally {
      this.env.signal?.removeEventListener('abort', stop);
    }
    if (this.broken) throw this.broken;
    return this.fatal ? { fatal: this.fatal } : {};
  }

  private stopped(): boolean {
    return Boolean(this.env.signal?.aborted || this.broken);
  }

  /** Start nothing more: drop what waits; the running jobs end on their own. */
  private stop(): void {
    this.queue.clear();
    for (const t of this.waiting) clearTimeout(t);
    this.waiting.clear();
    this.wake?.();
  }

  private push(jobs: readonly ScanJob[], policy: JobsConfig, attempt: number, delayMs = 0): void {
    if (this.stopped()) return;
    if (delayMs > 0) {
      const t = setTimeout(() => {
        this.waiting.delete(t);
        this.push(jobs, policy, attempt);
        this.wake?.();
      }, delayMs);
      this.waiting.add(t);
      return;
    }
    for (const job of jobs) void this.queue.add(() => this.execute(job, policy, attempt), { priority: JOB_PRIORITY[job.kind] });
  }

  private async execute(job: ScanJob, policy: JobsConfig, attempt: number): Promise<void> {
    const staged: { jobs: readonly ScanJob[]; policy: JobsConfig }[] = [];
    const env: JobEnv = {
      ...this.env,
      // Jobs enqueued inside a handler's transaction start once the handler has returned (committed).
      enqueue: async (_trx, jobs, p) => void staged.push({ jobs, policy: p }),
    };
    const release = () => {
      for (const s of staged.splice(0)) this.push(s.jobs, s.policy, 1);
    };
    try {
      await runScanJob(job, env, attempt);
    } catch (err) {
      const error = err as Error;
      const action = afterFailure(error, attempt, policy.retryLimit, this.env.signal?.aborted);
      if (action.kind === 'release') return;
      // Jobs staged before the failure may belong to a committed transaction: run them. If it
      // rolled back instead, they find nothing to do or do it once (every handler is idempotent).
      release();
      if (action.kind === 'retry') {
        const delayMs = retryDelayMs(attempt, policy);
        this.env.logger.warn(
          { scanRun: job.runId, job: job.kind, attempt, retryInMs: delayMs, err: error.message },
          'job failed; will retry',
        );
        this.push([job], policy, attempt + 1, delayMs);
        return;
      }
      try {
        await recordJobDead(job, env, error, attempt);
        release();
        if (job.kind === 'plan' || job.kind === 'finish') this.fatal ??= error;
      } catch (fatal) {
        this.broken ??= fatal as Error;
        this.stop();
      }
      return;
    }
    release();
    this.env.logger.debug({ scanRun: job.runId, job: jobKey(job), attempt }, 'job done');
  }
}
