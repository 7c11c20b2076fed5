import type { CollectStatus, IncompleteReason } from '../../collect/source.ts';
import type { ImageBatchStats } from './image-texts.step.ts';

/**
 * What the scan jobs record (`scan_jobs.result`) and what a run's report sums from them. The
 * handlers write these, the finish job and the report read them.
 */

/** What one collect job (one account, one source) leaves in `scan_jobs.result`. */
export interface CollectJobResult {
  source: string;
  platform: string;
  handle: string;
  status: CollectStatus;
  message?: string;
  posts: number;
  new: number;
  edited: number;
  unchanged: number;
  restored: number;
  deleted: number;
  evidence: number;
  /** (runs recorded before issue 12 hold one `alert`) */
  alert?: string;
  /** What an operator must look at for this account: walls met, deletions refused, a quiet account. */
  alerts?: string[];
  complete?: boolean;
  /** Why the listing was not complete (`unordered`, `barrier`, `caps`, `no_end`, `dom_only`). */
  incomplete?: IncompleteReason;
  /** Follows of campaign accounts found in the account's following list, and the flags they made or joined (issue 16). */
  engagements?: { found: Partial<Record<string, number>>; flagsCreated: number; flagsUpdated: number; flagIds: number[] };
}

/** What one classify job (a batch of posts) leaves in `scan_jobs.result`, and a run's classify totals. */
export interface ClassifyStats {
  classified: number;
  flagged: number;
  flagsCreated: number;
  flagsUpdated: number;
  /** Flags raised or refreshed. */
  flagIds: number[];
  /** New engagements with campaign accounts by kind, and the engagement flags they made or joined (issue 16). */
  engagements?: { found: Partial<Record<string, number>>; flagsCreated: number; flagsUpdated: number };
  /** With `ocr: true`: the batch's images read and what they added. */
  images?: ImageBatchStats;
}

export interface SourceStats {
  accounts: number;
  posts: number;
  statuses: Partial<Record<CollectStatus, number>>;
  errors: { handle: string; platform: string; status: CollectStatus; message: string }[];
  unregistered: { platform: string; handle: string; posts: number }[];
  /** Accounts whose listing did not reach the cursor's look-back bound (deletions not checked). */
  incomplete?: number;
  /** Those accounts by reason (`unordered`, `barrier`, `caps`, `no_end`, `dom_only`). */
  incompleteReasons?: Partial<Record<string, number>>;
}

export interface CollectStats {
  accounts: number;
  postsNew: number;
  postsEdited: number;
  postsUnchanged: number;
  postsRestored: number;
  /** Posts marked deleted because a complete listing no longer had them. */
  postsDeleted?: number;
  /** Evidence rows recorded while collecting. */
  evidence?: number;
  sources: Record<string, SourceStats>;
  /** Things an operator must look at: a source that yields nothing is never a silent zero. */
  alerts: string[];
}
