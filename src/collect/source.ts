import type { Logger } from '../log/logger.ts';
import type { RawPost } from './raw-post.ts';

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
}

/**
 * What a source met for one account. Anything but `ok` is reported in the scan summary:
 * a source that returns nothing must say why, never be a silent zero.
 */
export type CollectStatus = 'ok' | 'not_found' | 'private' | 'login_wall' | 'blocked' | 'rate_limited' | 'error';

export interface AccountCollection {
  status: CollectStatus;
  posts: RawPost[];
  /** True when the source saw every post back to `since` (a complete listing lets deletions be detected). */
  complete: boolean;
  message?: string;
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
  collectAccount(account: AccountRef, ctx: CollectContext): Promise<AccountCollection>;
  /** Posts the source holds for handles that are not registered (file imports), for the report. */
  unclaimed?(): { handle: string; platform: string; posts: number }[];
  close?(): Promise<void>;
}
