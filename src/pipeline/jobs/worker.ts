import { setTimeout as sleep } from 'node:timers/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Logger } from '../../log/logger.ts';
import type { JobEngine, FetchedJob } from './job-engine.ts';
import { afterFailure } from './retry-policy.ts';
import { recordJobDead, runScanJob, type JobEnv } from './scan-handlers.ts';
import { jobKey, toScanJob } from './scan-job.ts';
import type { ScanResources } from './scan-resources.ts';
import { WorkerMetrics } from './worker-metrics.ts';

export interface WorkerOptions {
  db: Kysely<Database>;
  engine: JobEngine;
  resources: ScanResources;
  logger: Logger;
  /** Jobs run at once in this process. */
  concurrency: number;
  /** Name recorded with the jobs it does, e.g. `host:pid`. */
  name: string;
  /** Wait between polls of an empty queue. @default 500 */
  pollMs?: number;
  /** How often jobs pg-boss gave up on (a worker died on the last attempt) are recorded dead. @default 30000 */
  reapMs?: number;
  metrics?: WorkerMetrics;
  /** JSON progress lines at most this often (only when something changed). @default 15000 */
  progressMs?: number;
}

/**
 * Runs scan jobs from the queue with `concurrency` slots. Each slot fetches one job (pg-boss
 * claims it with FOR UPDATE SKIP LOCKED), runs its handler, completes or fails it. What a failure
 * leads to is retry-policy.ts's rule, as in embedded scans: a failed job is retried by pg-boss
 * after its backoff; a permanent error, or the last attempt, is recorded dead with its error.
 */
export class ScanWorker {
  readonly metrics: WorkerMetrics;
  private readonly abort = new AbortController();
  private stopping = false;
  private wake = new AbortController();
  private loops: Promise<void>[] = [];
  private reaper: NodeJS.Timeout | undefined;
  private progress: NodeJS.Timeout | undefined;
  private readonly env: JobEnv;

  constructor(private readonly o: WorkerOptions) {
    this.metrics = o.metrics ?? new WorkerMetrics();
    this.env = {
      db: o.db,
      logger: o.logger,
      resources: o.resources,
      worker: o.name,
      signal: this.abort.signal,
      enqueue: (trx, jobs, policy) => o.engine.enqueue(trx, jobs, policy),
      events: { collected: (_r, n) => this.metrics.collected(n), classified: (_r, n) => this.metrics.classified(n) },
    };
  }

  start(): void {
    for (let i = 0; i < Math.max(1, this.o.concurrency); i++) this.loops.push(this.loop());
    this.reaper = setInterval(() => void this.reap(), this.o.reapMs ?? 30_000);
    this.reaper.unref();
    // Operators' log collectors see a worker's progress: one JSON line per interval with work done.
    let last = '';
    this.progress = setInterval(() => {
      const m = this.metrics;
      const jobs = Object.fromEntries(m.processed);
      const line = JSON.stringify([jobs, m.postsCollected, m.postsClassified]);
      if (line === last) return;
      last = line;
      this.o.logger.info(
        {
          progress: {
            jobs,
            failed: Object.fromEntries(m.failed),
            postsCollected: m.postsCollected,
            postsClassified: m.postsClassified,
            postsPerSec: Math.round(m.postsPerSecond() * 10) / 10,
            active: m.active,
          },
        },
        'worker progress',
      );
    }, this.o.progressMs ?? 15_000);
    this.progress.unref();
    this.o.logger.info({ worker: this.o.name, concurrency: this.o.concurrency }, 'worker started');
  }

  /**
   * Graceful stop: fetch nothing more; jobs running get `graceMs` to finish, then are aborted and
   * released (failed without counting as done), so another worker takes them at once.
   */
  async stop(graceMs = 30_000): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    this.wake.abort();
    if (this.reaper) clearInterval(this.reaper);
    if (this.progress) clearInterval(this.progress);
    const all = Promise.all(this.loops);
    const t = setTimeout(() => this.abort.abort(), graceMs);
    await all;
    clearTimeout(t);
    this.o.logger.info({ worker: this.o.name }, 'worker stopped');
  }

  /** Resolves when the worker has stopped. */
  done(): Promise<void> {
    return Promise.all(this.loops).then(() => undefined);
  }

  private async loop(): Promise<void> {
    while (!this.stopping) {
      let job: FetchedJob | undefined;
      try {
        job = await this.o.engine.fetch();
      } catch (e) {
        this.o.logger.warn({ err: (e as Error).message }, 'fetching a job failed; retrying');
      }
      if (!job) {
        await sleep(this.o.pollMs ?? 500, undefined, { signal: this.wake.signal }).catch(() => undefined);
        continue;
      }
      await this.handle(job);
    }
  }

  private async handle(fetched: FetchedJob): Promise<void> {
    let job;
    try {
      job = toScanJob(fetched.data);
    } catch (e) {
      // Not a scan job (a PermanentError): retrying cannot parse it either.
      await this.o.engine.fail(fetched.id, e as Error, { final: true }).catch(() => undefined);
      return;
    }
    const attempt = fetched.retryCount + 1;
    this.metrics.active++;
    try {
      await runScanJob(job, this.env, attempt);
      await this.o.engine.complete(fetched.id);
      this.metrics.jobDone(job.kind);
      this.o.logger.debug({ scanRun: job.runId, job: jobKey(job), attempt }, 'job done');
    } catch (e) {
      const error = e as Error;
      this.metrics.jobFailed(job.kind);
      // pg-boss waits the backoff before a retry (the job's retryDelay, retryBackoff).
      const action = afterFailure(error, attempt, fetched.retryLimit, this.abort.signal.aborted);
      if (action.kind === 'release') {
        this.o.logger.warn({ scanRun: job.runId, job: jobKey(job) }, 'job released: worker stopping');
        await this.o.engine.fail(fetched.id, new Error('released: worker stopped before the job ended')).catch(() => undefined);
        return;
      }
      const dead = action.kind === 'dead';
      this.o.logger.warn(
        { scanRun: job.runId, job: jobKey(job), attempt, last: dead, err: error.message },
        dead ? `job failed for the last time (${action.reason})` : 'job failed; will retry',
      );
      if (dead) {
        await recordJobDead(job, this.env, error, attempt).catch((x: Error) =>
          this.o.logger.error({ err: x.message }, 'could not record a dead job'),
        );
        this.metrics.jobDead(job.kind);
      }
      await this.o.engine
        .fail(fetched.id, error, { final: dead })
        .catch((x: Error) => this.o.logger.error({ err: x.message }, 'could not fail a job'));
    } finally {
      this.metrics.active--;
    }
  }

  /** Record dead what pg-boss failed on its own (expired on the last attempt): the run must not wait for it. */
  async reap(): Promise<void> {
    try {
      for (const f of await this.o.engine.failedUnrecorded()) {
        const job = toScanJob(f.data);
        const out = f.output as { message?: string; value?: { message?: string } } | null;
        const message = out?.message ?? out?.value?.message ?? 'failed';
        await recordJobDead(job, this.env, new Error(message), f.retryCount + 1);
      }
    } catch (e) {
      this.o.logger.warn({ err: (e as Error).message }, 'reaping failed jobs did not work this time');
    }
  }
}
