import type { FlagStatus } from './statuses.ts';

/**
 * The kinds of data a retention setting governs (docs/retention-policy.md). Each is kept for a
 * number of days, or without limit (`null`).
 */
export const RETENTION_KINDS = ['unflaggedPosts', 'dismissedFlags', 'evidence', 'exports', 'sessions'] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];

/** Days each kind is kept; `null`: kept until erased. */
export type RetentionSettings = Readonly<Record<RetentionKind, number | null>>;

/** What each setting removes, once its days have passed (for `netra status` and `--help`). */
export const RETENTION_MEANING: Record<RetentionKind, string> = {
  unflaggedPosts: 'content of posts never flagged (text, versions, raw record, URL, evidence), counted from collection',
  dismissedFlags:
    "content of posts whose every flag was dismissed or withdrawn, and the flags' notes, case reports and decision notes, counted from the last status change",
  evidence: 'evidence files of posts under no open or confirmed flag (the custody chain gets an erased entry), counted from capture',
  exports: "research releases' pseudonym-to-post mappings and the release folder, counted from the release",
  sessions: 'review-app sessions (IP address, user agent): expired ones, and any started longer ago than this',
};

/**
 * Flags under which a post is never touched by retention: not yet decided (open, claimed,
 * escalated) or confirmed (the evidence of a case).
 */
export const RETAINED_FLAG_STATUSES: readonly FlagStatus[] = ['open', 'claimed', 'escalated', 'confirmed'];

/** The moment before which data of a kind is due, or null when that kind is kept without limit. */
export function retentionCutoff(days: number | null, now: Date): Date | null {
  return days === null ? null : new Date(now.getTime() - days * 86_400_000);
}
