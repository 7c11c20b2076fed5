import type { CampaignAccount } from '../db/schema.ts';
import type { Classification } from '../domain/classification.ts';
import type { EngagementKind } from '../domain/engagement.ts';

/** A stored post with what engagement detection reads: its shared and replied-to posts, its account. */
export interface EngagementPost {
  postId: number;
  accountId: number;
  personId: number | null;
  platform: string;
  url: string | null;
  text: string;
  postedAt: Date | null;
  collectedAt: Date;
  /** The source the post came through (`post_versions.source`). */
  source: string;
  shared: {
    kind: 'quote' | 'repost';
    externalId: string | null;
    url: string | null;
    authorHandle: string | null;
    text: string | null;
  } | null;
  replyTo: { externalId: string | null; authorHandle: string | null; url: string | null } | null;
}

export interface DetectedEngagement {
  kind: EngagementKind;
  campaign: CampaignAccount;
  targetExternalId: string | null;
  targetUrl: string | null;
  targetAuthorHandle: string;
  targetText: string | null;
  detail: Record<string, unknown>;
}

/** `@handle` mentions in a post's own words (X handles, and the dotted ones of Instagram and TikTok). */
const MENTION = /(?:^|[^\w@.])@([A-Za-z0-9_](?:[A-Za-z0-9_.]{0,62}[A-Za-z0-9_])?)/g;

export function mentionedHandles(text: string): string[] {
  return [...new Set([...text.matchAll(MENTION)].map((m) => m[1]!.toLowerCase()))];
}

/**
 * The engagements one post shows with campaign accounts (`index`: active handles by
 * `platform:handle`):
 * - a repost or quote of a campaign account's post (the shared post's author);
 * - a reply to one (the replied-to post's author, where the source returns it);
 * - a mention of one in support: the post's own words name the campaign account with `@` AND the
 *   classifier flags the post `partisan` (its support reading, with the score kept as detail). A
 *   mention in a neutral post (a question, a complaint, news) is not an engagement.
 * One action counts once: a quote that also @-mentions the account it quotes is a quote.
 */
export function detectEngagements(
  p: EngagementPost,
  index: ReadonlyMap<string, readonly CampaignAccount[]>,
  c: Pick<Classification, 'flags' | 'scores'> | null,
): DetectedEngagement[] {
  const find = (h: string | null | undefined) => (h ? index.get(`${p.platform}:${h.toLowerCase()}`)?.[0] : undefined);
  const out: DetectedEngagement[] = [];
  const touched = new Set<string>();
  const shared = p.shared ? find(p.shared.authorHandle) : undefined;
  if (p.shared && shared) {
    out.push({
      kind: p.shared.kind,
      campaign: shared,
      targetExternalId: p.shared.externalId,
      targetUrl: p.shared.url,
      targetAuthorHandle: shared.handle!,
      targetText: p.shared.text,
      detail: { ownWords: p.text.length > 0 },
    });
    touched.add(shared.handle!);
  }
  const replied = p.replyTo ? find(p.replyTo.authorHandle) : undefined;
  if (p.replyTo && replied && !touched.has(replied.handle!)) {
    out.push({
      kind: 'reply',
      campaign: replied,
      targetExternalId: p.replyTo.externalId,
      targetUrl: p.replyTo.url,
      targetAuthorHandle: replied.handle!,
      targetText: null,
      detail: {},
    });
    touched.add(replied.handle!);
  }
  if (c?.flags.includes('partisan')) {
    for (const h of mentionedHandles(p.text)) {
      const m = find(h);
      if (!m || touched.has(m.handle!)) continue;
      out.push({
        kind: 'mention',
        campaign: m,
        targetExternalId: null,
        targetUrl: m.profile_url,
        targetAuthorHandle: m.handle!,
        targetText: null,
        detail: { support: 'partisan flag of the same post', partisanScore: c.scores.partisan },
      });
      touched.add(m.handle!);
    }
  }
  return out;
}
