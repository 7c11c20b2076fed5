import { PermanentError, UserError } from '../../domain/errors.ts';
import type { JobsConfig } from '../pipeline.schema.ts';

/** Shutdown asked this job to stop: it is released for another attempt, never recorded as done. */
export class JobAborted extends Error {
  override name = 'JobAborted';
}

/** Retries cannot help in this process (bad input, a file that is not there). */
export function isPermanent(e: unknown): boolean {
  return e instanceof UserError || e instanceof PermanentError;
}

/** What a runner does with a job that threw. */
export type FailedJobAction =
  /** Give it back untouched: this process is stopping (the job did not fail). */
  | { kind: 'release' }
  /** Keep it as dead with its error: it is permanent, or its retries are used up. */
  | { kind: 'dead'; reason: 'permanent' | 'retries used up' }
  /** Run it again after its backoff ({@link retryDelayMs}; pg-boss keeps the same one for workers). */
  | { kind: 'retry' };

/**
 * The one retry rule of both runners (the embedded dispatcher and the PostgreSQL workers): a job
 * aborted by shutdown is released; a permanent error (UserError, PermanentError) is never
 * retried; otherwise a job is retried `retryLimit` times, then kept as dead. `attempt` counts
 * from 1.
 */
export function afterFailure(error: unknown, attempt: number, retryLimit: number, stopping = false): FailedJobAction {
  if (error instanceof JobAborted || stopping) return { kind: 'release' };
  if (isPermanent(error)) return { kind: 'dead', reason: 'permanent' };
  if (attempt > retryLimit) return { kind: 'dead', reason: 'retries used up' };
  return { kind: 'retry' };
}

/** The wait before retrying after failed attempt `attempt`: `retryDelaySeconds`, doubled on every retry with `retryBackoff`. */
export function retryDelayMs(attempt: number, policy: Pick<JobsConfig, 'retryDelaySeconds' | 'retryBackoff'>): number {
  return policy.retryDelaySeconds * 1000 * (policy.retryBackoff ? 2 ** (attempt - 1) : 1);
}
