import type { Kysely } from 'kysely';
import type { TrustProxy } from '../config/trust-proxy.ts';
import type { PledgeRules } from '../domain/pledge.ts';
import type { Database } from '../db/schema.ts';
import type { Logger } from '../log/logger.ts';
import type { ScryptParams } from './auth/password.ts';
import type { PasswordGate } from './auth/password-gate.ts';

/** Settings of the review app (from the config, or set by tests). */
export interface ReviewSettings {
  sessionTtlMs: number;
  claimMs: number;
  /** Failed logins on one login name that lock it. @default 5 */
  loginMaxFailures: number;
  /** @default 15 minutes */
  lockMs: number;
  /** Failed logins per client address per window before 429. @default 20 */
  loginRateLimit: number;
  /** @default 15 minutes */
  loginRateWindowMs: number;
  trustProxy: TrustProxy;
  reportingUnit: string;
  chromiumPath: string;
  evidenceDir: string;
  /** Share of decided flags sent to a blind second review (NETRA_SECOND_REVIEW_SHARE). @default 0.1 */
  secondReviewShare?: number;
  /** Cost of new password hashes (and of the dummy check for unknown names). @default DEFAULT_SCRYPT (N = 2^17, r = 8, p = 1) */
  scrypt?: ScryptParams;
  /** Password checks at the same time. @default 2 */
  passwordChecks?: number;
}

/** What the routes work with; passed in, never imported (no module-level state). */
export interface ReviewDeps {
  db: Kysely<Database>;
  logger: Logger;
  pledge: PledgeRules;
  settings: ReviewSettings;
  /** The cap on concurrent password hashing. */
  passwords: PasswordGate;
}

/** The share of decided flags sampled for a blind second review. */
export const secondReviewShare = (d: ReviewDeps): number => d.settings.secondReviewShare ?? 0.1;
