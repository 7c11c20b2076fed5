import { describe, expect, it } from 'vitest';
import { PermanentError, UserError } from '../../../src/domain/errors.ts';
import { afterFailure, JobAborted, retryDelayMs } from '../../../src/pipeline/jobs/retry-policy.ts';

describe('the retry rule of both runners', () => {
  it('a permanent error is never retried, on any attempt', () => {
    expect(afterFailure(new PermanentError('bad stored pipeline'), 1, 3)).toEqual({ kind: 'dead', reason: 'permanent' });
    expect(afterFailure(new UserError('no bearer token'), 1, 3)).toEqual({ kind: 'dead', reason: 'permanent' });
  });

  it('other errors are retried retryLimit times, then the job is dead', () => {
    expect(afterFailure(new Error('timeout'), 1, 3)).toEqual({ kind: 'retry' });
    expect(afterFailure(new Error('timeout'), 3, 3)).toEqual({ kind: 'retry' });
    expect(afterFailure(new Error('timeout'), 4, 3)).toEqual({ kind: 'dead', reason: 'retries used up' });
    expect(afterFailure(new Error('timeout'), 1, 0)).toEqual({ kind: 'dead', reason: 'retries used up' });
  });

  it('a job stopped by shutdown is released, whatever it threw', () => {
    expect(afterFailure(new JobAborted('stopping'), 9, 3)).toEqual({ kind: 'release' });
    expect(afterFailure(new PermanentError('x'), 1, 3, true)).toEqual({ kind: 'release' });
  });

  it('waits retryDelaySeconds, doubled on every retry with backoff', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, { retryDelaySeconds: 30, retryBackoff: true }))).toEqual([30_000, 60_000, 120_000]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, { retryDelaySeconds: 5, retryBackoff: false }))).toEqual([5000, 5000, 5000]);
  });
});
