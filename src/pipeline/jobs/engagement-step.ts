import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Classification } from '../../domain/classification.ts';
import { phaseAt, type ContestCalendar } from '../../domain/election-phase.ts';
import type { EngagementKind } from '../../domain/engagement.ts';
import { detectEngagements, type EngagementPost } from '../../classify/engagement-detect.ts';
import { campaignHandleIndex } from '../../repositories/campaign-accounts.repository.ts';
import { raiseEngagementFlags, storeEngagements, type EngagementInput } from '../../repositories/engagements.repository.ts';
import { sharedPostOfRow } from '../../repositories/shared-post.row.ts';

export interface EngagementStats {
  /** New engagements stored, by kind. */
  found: Partial<Record<EngagementKind, number>>;
  flagsCreated: number;
  flagsUpdated: number;
  flagIds: number[];
}

/**
 * After a batch is classified (same transaction): the batch's posts that repost, quote, reply to
 * or mention in support a registered campaign account become engagements, raised on their
 * person's engagement flag. Nothing to do when no campaign account has a handle.
 */
export async function recordEngagements(
  trx: Kysely<Database>,
  posts: readonly { postId: number; version: number; result: Pick<Classification, 'flags' | 'scores'> }[],
  calendar: readonly ContestCalendar[],
  actor: string,
): Promise<EngagementStats> {
  const stats: EngagementStats = { found: {}, flagsCreated: 0, flagsUpdated: 0, flagIds: [] };
  if (posts.length === 0) return stats;
  const index = await campaignHandleIndex(trx);
  if (index.size === 0) return stats;
  const rows = await trx
    .selectFrom('posts as p')
    .innerJoin('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('post_versions as v', (j) => j.onRef('v.post_id', '=', 'p.id').onRef('v.version', '=', 'p.current_version'))
    .select([
      'p.id',
      'p.account_id',
      'a.person_id',
      'p.platform',
      'p.url',
      'p.text',
      'p.posted_at',
      'p.collected_at',
      'v.source',
      'p.shared_kind',
      'p.shared_external_id',
      'p.shared_url',
      'p.shared_author_handle',
      'p.shared_author_name',
      'p.shared_text',
      'p.reply_to_external_id',
      'p.reply_to_author_handle',
      'p.reply_to_url',
    ])
    .where(
      'p.id',
      'in',
      posts.map((p) => p.postId),
    )
    .execute();
  const byId = new Map(rows.map((r) => [r.id, r]));
  const inputs: EngagementInput[] = [];
  for (const { postId, result } of posts) {
    const r = byId.get(postId);
    if (!r || r.account_id === null) continue;
    const post: EngagementPost = {
      postId,
      accountId: r.account_id,
      personId: r.person_id,
      platform: r.platform,
      url: r.url,
      text: r.text,
      postedAt: r.posted_at,
      collectedAt: r.collected_at,
      source: r.source ?? 'collect',
      shared: sharedPostOfRow(r),
      replyTo: r.reply_to_author_handle
        ? { externalId: r.reply_to_external_id, authorHandle: r.reply_to_author_handle, url: r.reply_to_url }
        : null,
    };
    const observedAt = r.posted_at ?? r.collected_at;
    for (const d of detectEngagements(post, index, result))
      inputs.push({
        kind: d.kind,
        accountId: r.account_id,
        personId: r.person_id,
        postId,
        campaignAccountId: d.campaign.id,
        targetExternalId: d.targetExternalId,
        targetUrl: d.targetUrl,
        targetAuthorHandle: d.targetAuthorHandle,
        targetText: d.targetText,
        source: post.source,
        observedAt,
        phase: phaseAt(observedAt, calendar)?.phase ?? null,
        detail: d.detail,
      });
  }
  const stored = await storeEngagements(trx, inputs);
  for (const e of stored) stats.found[e.kind] = (stats.found[e.kind] ?? 0) + 1;
  const raised = await raiseEngagementFlags(trx, stored, actor);
  stats.flagsCreated = raised.created;
  stats.flagsUpdated = raised.updated;
  stats.flagIds = raised.flagIds;
  return stats;
}

/**
 * Follows of campaign accounts, from a following list a source read while collecting (X API).
 * Only the followed handles that are campaign accounts are kept; the rest of the list is not
 * stored. A follow has no post: it is observed now (the API does not say since when), with the
 * campaign account's profile as its target.
 */
export async function recordFollows(
  trx: Kysely<Database>,
  o: {
    accountId: number;
    platform: string;
    handles: readonly string[];
    source: string;
    calendar: readonly ContestCalendar[];
    actor: string;
    now: Date;
  },
): Promise<EngagementStats> {
  const stats: EngagementStats = { found: {}, flagsCreated: 0, flagsUpdated: 0, flagIds: [] };
  const index = await campaignHandleIndex(trx);
  const matched = [...new Set(o.handles.map((h) => h.toLowerCase()))].flatMap((h) => index.get(`${o.platform}:${h}`)?.slice(0, 1) ?? []);
  if (matched.length === 0) return stats;
  const account = await trx.selectFrom('accounts').select('person_id').where('id', '=', o.accountId).executeTakeFirst();
  const phase = phaseAt(o.now, o.calendar)?.phase ?? null;
  const stored = await storeEngagements(
    trx,
    matched.map((c) => ({
      kind: 'follow' as const,
      accountId: o.accountId,
      personId: account?.person_id ?? null,
      postId: null,
      campaignAccountId: c.id,
      targetExternalId: null,
      targetUrl: c.profile_url,
      targetAuthorHandle: c.handle!,
      targetText: null,
      source: o.source,
      observedAt: o.now,
      phase,
      detail: { seenIn: 'following list', since: 'unknown: the API does not say when the follow began' },
    })),
  );
  if (stored.length > 0) stats.found.follow = stored.length;
  const raised = await raiseEngagementFlags(trx, stored, o.actor, o.now);
  stats.flagsCreated = raised.created;
  stats.flagsUpdated = raised.updated;
  stats.flagIds = raised.flagIds;
  return stats;
}
