import { PermanentError, RetryableError } from '../domain/errors.ts';
import type { AccountCollection, CollectStatus } from './source.ts';

/**
 * Errors a collector throws, each telling the politeness layer and the collect stage what to do:
 * retry later (429, 5xx, timeouts), stop for this account (blocked), or pause the platform.
 */

/** The platform answered 429 or 5xx, or the request timed out: worth retrying after a wait. */
export class TransientFetchError extends RetryableError {
  override name = 'TransientFetchError';
  constructor(
    message: string,
    /** HTTP status, or 0 for a timeout or network error. */
    readonly status: number,
    retryAfterMs?: number,
    options?: ErrorOptions,
  ) {
    super(message, retryAfterMs, options);
  }
  get isRateLimit(): boolean {
    return this.status === 429;
  }
}

/** The platform refuses us (403, a login wall, a challenge page): retrying now will not help. */
export class BlockedError extends PermanentError {
  override name = 'BlockedError';
  constructor(
    message: string,
    /** Short reason used in breaker reports, e.g. `http_403`, `login_wall`. */
    readonly reason: string,
    readonly status: CollectStatus = 'blocked',
  ) {
    super(message);
  }
}

/** The platform's circuit breaker is open: nothing is sent until the pause ends. */
export class CircuitOpenError extends Error {
  override name = 'CircuitOpenError';
  constructor(
    readonly platform: string,
    readonly until: Date,
  ) {
    super(`${platform} is paused until ${until.toISOString()} after repeated blocks (circuit breaker open)`);
  }
}

/** Retries ran out on 429s: the account is reported as rate limited, not as empty. */
export class RetriesExhaustedError extends Error {
  override name = 'RetriesExhaustedError';
  constructor(
    message: string,
    readonly status: CollectStatus,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** A pipeline's cap on an API's usage is reached: nothing more is sent this period. */
export class OverBudgetError extends Error {
  override name = 'OverBudgetError';
}

/** Map any collector error to the status the scan report shows. */
export function statusOfError(e: unknown): CollectStatus {
  if (e instanceof CircuitOpenError) return 'blocked';
  if (e instanceof OverBudgetError) return 'over_budget';
  if (e instanceof BlockedError) return e.status;
  if (e instanceof RetriesExhaustedError) return e.status;
  if (e instanceof TransientFetchError) return e.isRateLimit ? 'rate_limited' : 'error';
  return 'error';
}

/** An account's collection that failed: no posts, never a complete listing, the reason and the requests spent. */
export function failedCollection(status: CollectStatus, message: string, requests: number): AccountCollection {
  return { status, posts: [], complete: false, message, requests };
}
