/**
 * How politely a source talks to one platform. Every field can be set per source in the
 * pipeline file (`politeness:`); unset fields take the source kind's defaults below.
 */
export interface PolitenessSettings {
  /** Requests in flight at once for the whole platform. @default 1 */
  concurrency: number;
  /** Requests in flight at once to one host. @default 1 */
  perHostConcurrency: number;
  /** At most `intervalCap` requests start in any `intervalMs` window. @default 60000 */
  intervalMs: number;
  /** @default 12 (web) */
  intervalCap: number;
  /** Random pause before each request, lower bound. @default 2000 (web) */
  minDelayMs: number;
  /** Random pause before each request, upper bound. @default 6000 (web) */
  maxDelayMs: number;
  /** Retries after a 429, a 5xx or a timeout. @default 3 */
  maxRetries: number;
  /** First backoff ceiling; doubles each retry (full jitter). @default 2000 */
  backoffBaseMs: number;
  /** Longest single backoff. @default 120000 */
  backoffMaxMs: number;
  /** A `Retry-After` longer than this is not waited out: the account is reported rate limited. @default 900000 */
  maxRetryAfterMs: number;
  /** One page load or API call. @default 30000 */
  timeoutMs: number;
  /** Consecutive blocks (429 after retries, 403, login wall) that pause the platform. @default 5 */
  breakerThreshold: number;
  /** How long the platform is paused. @default 900000 (15 min) */
  breakerCooldownMs: number;
}

/** Public web pages: slow and spaced out, one page at a time. */
export const WEB_POLITENESS: Readonly<PolitenessSettings> = Object.freeze({
  concurrency: 1,
  perHostConcurrency: 1,
  intervalMs: 60_000,
  intervalCap: 12,
  minDelayMs: 2_000,
  maxDelayMs: 6_000,
  maxRetries: 3,
  backoffBaseMs: 2_000,
  backoffMaxMs: 120_000,
  maxRetryAfterMs: 900_000,
  timeoutMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 900_000,
});

/**
 * An official API: its own rate-limit headers pace us; 900 requests per 15 minutes is the
 * documented user-timeline limit for app-only tokens on the paid tiers, a ceiling we never exceed.
 */
export const API_POLITENESS: Readonly<PolitenessSettings> = Object.freeze({
  concurrency: 1,
  perHostConcurrency: 1,
  intervalMs: 900_000,
  intervalCap: 900,
  minDelayMs: 0,
  maxDelayMs: 250,
  maxRetries: 3,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  maxRetryAfterMs: 900_000,
  timeoutMs: 30_000,
  breakerThreshold: 5,
  breakerCooldownMs: 900_000,
});

/** Defaults overlaid with what the pipeline sets; rejects settings that contradict each other. */
export function resolvePoliteness(base: Readonly<PolitenessSettings>, over: Partial<PolitenessSettings> = {}): PolitenessSettings {
  const s: PolitenessSettings = { ...base };
  for (const [k, v] of Object.entries(over)) if (v !== undefined) (s as unknown as Record<string, number>)[k] = v;
  if (s.maxDelayMs < s.minDelayMs) throw new RangeError(`politeness: maxDelayMs (${s.maxDelayMs}) is below minDelayMs (${s.minDelayMs})`);
  if (s.backoffMaxMs < s.backoffBaseMs)
    throw new RangeError(`politeness: backoffMaxMs (${s.backoffMaxMs}) is below backoffBaseMs (${s.backoffBaseMs})`);
  return s;
}
