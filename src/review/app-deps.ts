import type { Kysely } from 'kysely';
import type { PledgeRules } from '../domain/pledge.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { RateLimiter } from './auth/rate-limit.ts';

/** Settings of the review app (from the config, or set by tests). */
export interface ReviewSettings {
  sessionTtlMs: number;
  claimMs: number;
  /** Consecutive failed logins that lock an account. @default 5 */
  loginMaxFailures: number;
  /** @default 15 minutes */
  lockMs: number;
  /** Failed logins per client address per window before 429. @default 20 */
  loginRateLimit: number;
  /** @default 15 minutes */
  loginRateWindowMs: number;
  trustProxy: boolean;
  reportingUnit: string;
  chromiumPath: string;
  evidenceDir: string;
  /** Share of decided flags sent to a blind second review (NETRA_SECOND_REVIEW_SHARE). @default 0.1 */
  secondReviewShare?: number;
}

/** What the routes work with; passed in, never imported (no module-level state). */
export interface ReviewDeps {
  db: Kysely<Database>;
  logger: Logger;
  pledge: PledgeRules;
  settings: ReviewSettings;
  limiter: RateLimiter;
}
