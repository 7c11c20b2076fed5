/**
 * Pure timing rules for being polite to a platform: how long to wait before a retry, how to
 * read `Retry-After`, how long the random pause between requests is. No clocks, no timers:
 * callers pass `now` and `random` so the rules are testable and reproducible.
 */

/** A source of uniform random numbers in [0, 1). */
export type Random = () => number;

export interface BackoffOptions {
  /** First retry waits up to this long. */
  baseMs: number;
  /** No wait is longer than this. */
  maxMs: number;
}

/**
 * Exponential backoff with "full jitter": a uniform wait in [0, min(max, base * 2^attempt)].
 * Jitter keeps many collectors that failed together from retrying together.
 * `attempt` counts from 0 (the first retry).
 */
export function backoffDelay(attempt: number, o: BackoffOptions, random: Random = Math.random): number {
  const ceiling = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, attempt));
  // Never zero: a retry that fires at once is no backoff at all.
  return Math.max(Math.min(ceiling, 50), Math.round(random() * ceiling));
}

/**
 * Parse an HTTP `Retry-After` value (delta seconds or an HTTP date) into milliseconds from `now`.
 * Returns undefined when the header is absent or unreadable; never negative.
 */
export function parseRetryAfter(value: string | null | undefined, now: number): number | undefined {
  if (value === null || value === undefined) return undefined;
  const v = value.trim();
  if (v === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(v)) return Math.round(Number(v) * 1000);
  const at = Date.parse(v);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - now);
}

/**
 * X-style rate-limit headers (`x-rate-limit-remaining`, `x-rate-limit-reset` in epoch seconds):
 * how long to wait before the next request, or 0 when requests remain.
 */
export function rateLimitWait(remaining: string | null | undefined, reset: string | null | undefined, now: number): number {
  if (remaining === null || remaining === undefined || reset === null || reset === undefined) return 0;
  const left = Number(remaining);
  const resetAt = Number(reset) * 1000;
  if (!Number.isFinite(left) || !Number.isFinite(resetAt) || left > 0) return 0;
  // One extra second: the platform's clock and ours are not the same clock.
  return Math.max(0, resetAt - now) + 1000;
}

/** A uniform random pause in [min, max] milliseconds between requests. */
export function randomDelay(minMs: number, maxMs: number, random: Random = Math.random): number {
  if (maxMs <= minMs) return Math.max(0, minMs);
  return Math.round(minMs + random() * (maxMs - minMs));
}
