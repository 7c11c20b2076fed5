import type { EngagementKind } from '../domain/engagement.ts';
import type { Logger } from '../log/logger.ts';
import type { RawPost } from '../domain/raw-post.ts';
import type { SourceCursor } from '../domain/source-cursor.ts';
import type { CapturedFile } from './evidence/evidence-store.ts';

/** A registered account, as collection sees it. */
export interface AccountRef {
  accountId: number;
  platform: string;
  handle: string;
  profileUrl: string;
}

export interface CollectContext {
  logger: Logger;
  signal?: AbortSignal;
  /** Newest post time already stored for this account (the cursor); sources may stop there. */
  since?: Date | null;
  /** The full cursor, when the account was collected by this source before. */
  cursor?: SourceCursor | null;
  /**
   * Listing may stop at the first (non-pinned) post older than this: the cursor minus the
   * source's look-back window. Null or absent: list as far back as the source allows.
   */
  stopBefore?: Date | null;
  /**
   * Content hash of each post of this account already stored (external id -> content_sha256):
   * evidence is captured only for posts that are new or changed, not again on every re-scan.
   */
  known?: ReadonlyMap<string, string>;
}

/**
 * What a source met for one account. Anything but `ok` is reported in the scan summary:
 * a source that returns nothing must say why, never be a silent zero. `over_budget`: the
 * pipeline's cap on an API's reads (e.g. X's monthly post reads) was reached, so nothing was sent.
 */
export type CollectStatus =
  'ok' | 'not_found' | 'private' | 'login_wall' | 'challenge' | 'interstitial' | 'blocked' | 'rate_limited' | 'over_budget' | 'error';

/** Statuses that mean the platform refused us (a wall, a check, a block): they feed the circuit breaker. */
export const REFUSED_STATUSES: readonly CollectStatus[] = ['login_wall', 'challenge', 'interstitial', 'blocked', 'rate_limited'];

/**
 * Why a listing was not complete, for the scan report: `unordered` (the platform does not list
 * by time, e.g. logged-out X), `barrier` (a wall, check or refusal stopped it), `caps`
 * (maxPosts/maxLoads), `no_end` (the feed stopped without saying it ended), `dom_only` (the
 * feed JSON was not seen; the drawn page proves no end).
 */
export type IncompleteReason = 'unordered' | 'barrier' | 'caps' | 'no_end' | 'dom_only';

/** Evidence a source captured while collecting (files already in the evidence store). */
export interface CollectedEvidence {
  /** The post it shows. */
  externalId: string;
  platform: string;
  /** `screenshot` (PNG of the post element), `page-mhtml` (archived page), `page-html`. */
  kind: string;
  file: CapturedFile;
  /** The page captured. */
  url: string;
  capturedAt: Date;
  /** Collector version string, e.g. `netra/0.1.0 x-web chromium/156.0`. */
  collector: string;
  /** Browser, viewport, selector: recorded with the chain of custody. */
  details?: Record<string, unknown>;
}

export interface AccountCollection {
  status: CollectStatus;
  posts: RawPost[];
  /** True when the source saw every post back to `since` (a complete listing lets deletions be detected). */
  complete: boolean;
  message?: string;
  /**
   * With `complete`: the listing holds every post from now back to this time. Null: back to the
   * account's first post. Absent: back to `ctx.stopBefore`. Stored posts in that span that the
   * listing lacks are marked deleted.
   */
  coveredFrom?: Date | null;
  /** Evidence captured during collection (`evidence: all`). */
  evidence?: CollectedEvidence[];
  /** Pages or API calls made, for the report and the benchmark. */
  requests?: number;
  /** Why `complete` is false, when the source knows. */
  incomplete?: IncompleteReason;
  /**
   * The accounts this account follows, where the source reads them (X API following endpoint,
   * when the pipeline asks): matched against campaign accounts, the rest is not stored.
   */
  following?: { handles: string[]; complete: boolean; message?: string };
}

/** What a post's own page says now: the check before a post is marked deleted. */
export interface RemovalCheck {
  /** `removed`: the page says the post is gone; `present`: it still shows the post; `unknown`: neither (wall, error). */
  outcome: 'removed' | 'present' | 'unknown';
  message?: string;
  /** The page captured when it says `removed` (already in the evidence store). */
  evidence?: CollectedEvidence[];
}

/** What a source reports after a scan besides per-account statuses (e.g. a paused platform). */
export interface SourceHealth {
  /** Lines for the scan report's alerts. */
  alerts: string[];
  details?: Record<string, unknown>;
}

/**
 * One way of getting posts: a platform's public pages, an official API, a file export.
 * Every implementation passes the same conformance suite.
 */
export interface Source {
  /** Stable id used in pipelines and evidence, e.g. `file`, `x-api`, `x-web`. */
  readonly id: string;
  /** Platforms it can collect. */
  readonly platforms: readonly string[];
  /** Look-back window re-read on every re-scan to catch edits and deletions (ms). @default 0 */
  readonly lookBackMs?: number;
  /** Which posts get evidence: `all` at collection time, `flagged` after classification, or `none`. */
  readonly evidenceMode?: EvidenceMode;
  /** The engagements with campaign accounts it can see, when they depend on its settings (issue 16); else domain/engagement.ts says. */
  readonly engagementsVisible?: readonly EngagementKind[];
  /** The source keeps posts' own media (images) as evidence while collecting: it needs `ctx.known` to skip unchanged posts. */
  readonly capturesMedia?: boolean;
  collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection>;
  /**
   * Visit a post's own page and say whether it is gone, keeping the "not available" page as
   * evidence. Sources without it cannot confirm removals: their missing posts are never marked deleted.
   */
  confirmRemoved?(post: { externalId: string; url: string | null; platform: string }, ctx: CollectContext): Promise<RemovalCheck>;
  /** Posts the source holds for handles that are not registered (file imports), for the report. */
  unclaimed?(): { handle: string; platform: string; posts: number }[];
  /** Paused platforms, rate limiting and the like, for the scan report. */
  health?(): SourceHealth;
  close?(): Promise<void>;
}

export type EvidenceMode = 'none' | 'flagged' | 'all';
