import type { Db } from '../db/handle.ts';
import { weekTimeline, type WeekTimeline } from '../domain/week-timeline.ts';
import {
  personFlagCounts,
  personFlagsPage,
  personPostsPage,
  personWeekCounts,
  type PersonFlag,
  type PersonPost,
} from '../repositories/person-activity.repository.ts';
import { personEngagementsPage, type EngagementView } from '../repositories/engagements.repository.ts';
import { getPersonFacts, listPersonAccounts, type PersonAccount, type PersonFacts } from '../repositories/person-detail.repository.ts';
import type { SessionUser } from '../repositories/sessions.repository.ts';
import { blindViewer, redactBlind, type ShownStatus } from './blind.ts';
import { msg, NotFoundError } from './errors.ts';

/**
 * A civil servant's page: who they are, their accounts and why each is believed theirs, what
 * they posted over time and the flags on it. Where the analyst owes one of the person's flags a
 * blind second review, that flag shows without status, labels or decision (as in every list),
 * and the status counts name it `blind`: the person page never tells a first decision the flag
 * page would refuse.
 */

/**
 * One engagement of the person with a campaign account (repost, quote, reply, mention, follow,
 * like), as the engagements repository lists them (issue 16 item 2).
 */
export interface PersonEngagement {
  kind: string;
  at: Date | null;
  /** The person's account that engaged. */
  platform: string;
  handle: string;
  campaignAccount: { handle: string; name: string | null };
  campaignPostUrl: string | null;
  campaignPostText: string | null;
  /** The person's post that carries the engagement, when there is one. */
  postId: number | null;
  flagId: number | null;
}

/** What the page shows of one engagement: the person's account, and the campaign post as captured. */
function shownEngagement(e: EngagementView): PersonEngagement {
  return {
    kind: e.kind,
    at: e.observedAt,
    platform: e.account.platform,
    handle: e.account.handle,
    campaignAccount: { handle: e.target.authorHandle, name: e.campaign.ownerName },
    campaignPostUrl: e.target.url,
    campaignPostText: e.target.text,
    postId: e.post?.id ?? null,
    flagId: e.flagId,
  };
}

export type ShownPersonFlag = Omit<PersonFlag, 'status'> & { status: ShownStatus };
export type ShownPersonPost = Omit<PersonPost, 'flag'> & { flag: { id: number; status: ShownStatus; labels: string[] } | null };

/** Posts and flags per page unless asked otherwise. */
export const PERSON_PAGE_SIZE = 20;

export interface PersonPaging {
  postLimit: number;
  postOffset: number;
  /** Only quotes and reposts of other accounts' posts. */
  sharedOnly: boolean;
  flagLimit: number;
  flagOffset: number;
  engagementLimit: number;
  engagementOffset: number;
}

export interface PersonPageData {
  person: PersonFacts;
  accounts: PersonAccount[];
  /** Flags per status (`blind` for those the viewer owes a blind second review). */
  flagCounts: Record<string, number>;
  timeline: WeekTimeline;
  posts: { total: number; limit: number; offset: number; sharedOnly: boolean; items: ShownPersonPost[] };
  flags: { total: number; limit: number; offset: number; items: ShownPersonFlag[] };
  /** Engagements with campaign accounts, newest first (see {@link PersonEngagement}). */
  engagements?: { total: number; limit: number; offset: number; items: PersonEngagement[] };
}

export async function personPageData(db: Db, user: SessionUser, share: number, personId: number, p: PersonPaging): Promise<PersonPageData> {
  const person = await getPersonFacts(db, personId);
  if (!person) throw new NotFoundError(msg(`ASN ${personId} tidak ada`, `person ${personId} does not exist`));
  const viewer = blindViewer(user, share);
  const accounts = await listPersonAccounts(db, personId);
  const flagCounts = await personFlagCounts(db, personId, viewer);
  const weeks = await personWeekCounts(db, personId);
  const posts = await personPostsPage(db, personId, { limit: p.postLimit, offset: p.postOffset, sharedOnly: p.sharedOnly });
  const flags = await personFlagsPage(db, personId, { limit: p.flagLimit, offset: p.flagOffset });
  const shownFlags = (await redactBlind(db, user, share, flags.items)).map((f) => (f.status === 'blind' ? { ...f, decision: null } : f));
  const postFlags = await redactBlind(
    db,
    user,
    share,
    posts.items.flatMap((x) => (x.flag ? [x.flag] : [])),
  );
  const engagements = await personEngagementsPage(db, personId, { limit: p.engagementLimit, offset: p.engagementOffset });
  const shownPostFlag = new Map(postFlags.map((f) => [f.id, f]));
  return {
    person,
    accounts,
    flagCounts,
    timeline: weekTimeline(weeks),
    posts: {
      total: posts.total,
      limit: p.postLimit,
      offset: p.postOffset,
      sharedOnly: p.sharedOnly,
      items: posts.items.map((x) => ({ ...x, flag: x.flag ? shownPostFlag.get(x.flag.id)! : null })),
    },
    flags: { total: flags.total, limit: p.flagLimit, offset: p.flagOffset, items: shownFlags },
    engagements: {
      total: engagements.total,
      limit: p.engagementLimit,
      offset: p.engagementOffset,
      items: engagements.items.map(shownEngagement),
    },
  };
}
