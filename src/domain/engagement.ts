import { PHASE_GRAVITY, type ElectionPhase } from './election-phase.ts';

/**
 * Engagement with campaign accounts (SKB 2022 item 6: commenting, sharing, liking, following a
 * campaign account): what a registered account did toward a campaign account's post or account.
 */
export const ENGAGEMENT_KINDS = ['repost', 'quote', 'reply', 'mention', 'follow', 'like'] as const;
export type EngagementKind = (typeof ENGAGEMENT_KINDS)[number];

/** The engagements each source (by id) can see, from what its code reads (README "Campaign accounts and engagements"). */
export const ENGAGEMENTS_VISIBLE: Record<string, readonly EngagementKind[]> = {
  // X's page and its UserTweets JSON: reposts, quotes, "Replying to @", @mentions.
  'x-web': ['repost', 'quote', 'reply', 'mention'],
  // X API v2: the same from `referenced_tweets`; follows too when the pipeline sets `following: true`
  // (GET /2/users/:id/following; the source then says so itself, Source.engagementsVisible).
  'x-api': ['repost', 'quote', 'reply', 'mention'],
  // Facebook's page and JSON: a share's attached post with its author (repost or quote); mentions.
  'facebook-web': ['repost', 'quote', 'mention'],
  // Instagram and TikTok pages: the account's own posts; mentions in their text only.
  'instagram-web': ['mention'],
  'tiktok-web': ['mention'],
  'tiktok-research': ['mention'],
  'meta-content-library': ['mention'],
  // A JSON Lines export: whatever its `shared` / `reply_to` fields carry, and mentions.
  file: ['repost', 'quote', 'reply', 'mention'],
};

/** The engagement kinds a source cannot see: reported as not visible, never as "none found". */
export function engagementsNotVisible(sourceId: string): EngagementKind[] {
  const seen = new Set(ENGAGEMENTS_VISIBLE[sourceId] ?? ['mention']);
  return ENGAGEMENT_KINDS.filter((k) => !seen.has(k));
}

/** What a scan says about engagements: new ones by kind, flags made or joined, and what each source cannot see. */
export interface ScanEngagements {
  found: Partial<Record<string, number>>;
  flagsCreated: number;
  flagsUpdated: number;
  /** Source id -> the engagement kinds it cannot see. */
  notVisible: Record<string, EngagementKind[]>;
}

/**
 * Queue priority of a person's engagement flag with `count` items: below an original partisan
 * post (whose threshold score 0.5 gives at least 38 before the phase), higher as engagements
 * repeat (+4 per doubling, at most +24), raised by the election phase like a post flag.
 */
export function engagementPriority(count: number, phase: ElectionPhase | null): number {
  const repeat = Math.min(24, 4 * Math.log2(Math.max(1, count)));
  const phaseBoost = phase ? PHASE_GRAVITY[phase] * 3 : 0;
  return Math.round((30 + repeat + phaseBoost) * 100) / 100;
}

/** The key that makes storing an engagement idempotent. */
export function engagementKey(e: {
  kind: EngagementKind;
  accountId: number;
  campaignAccountId: number;
  postId: number | null;
  targetExternalId: string | null;
}): string {
  return [e.kind, e.accountId, e.campaignAccountId, e.postId ?? '-', e.targetExternalId ?? '-'].join('|');
}
