import { flagHandleSql, flagPlatformSql, flagPostedAtSql, flagTextSql } from './engagement-flag.sql.ts';
import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import type { WeekCounts } from '../domain/week-timeline.ts';
import { blindFor, type BlindViewer } from './second-review.repository.ts';
import { sharedPostOfRow, type StoredSharedPost } from './shared-post.row.ts';

/**
 * What a person did over time, for the person page: their posts (newest first), the flags on
 * them with the latest decision, and per-week counts. Every query starts from the person's
 * accounts (`accounts_person_idx`, then `posts_account_idx`) or from `flags_person_idx`, and
 * lists are pages, so a prolific person costs a page, not their whole history.
 */

/** The post another account wrote that this one quotes or reposts: never the person's own words. */
export type SharedPostRef = StoredSharedPost;

export interface PersonPost {
  id: number;
  platform: string;
  handle: string;
  kind: string;
  text: string;
  url: string | null;
  postedAt: Date | null;
  /** Set only when a removal was recorded (confirmed gone from the platform). */
  deletedAt: Date | null;
  shared: SharedPostRef | null;
  /** The flag raised on this post, if any (one per post). */
  flag: { id: number; status: FlagStatus; labels: string[] } | null;
}

export interface PersonFlag {
  id: number;
  status: FlagStatus;
  labels: string[];
  /** `flags.election_phase`: the phase the post was written in (src/domain/election-phase.ts). */
  phase: string | null;
  discoveredAt: Date;
  /** Null for an engagement flag (no post of its own; platform, handle and text then describe its items, 0907). */
  postId: number | null;
  platform: string;
  handle: string;
  text: string;
  postedAt: Date | null;
  /** Set when the flagged post quotes or reposts another account. */
  sharedAuthorHandle: string | null;
  /** The latest decision on the flag (any round), with who took it. */
  decision: { kind: string; round: number; by: string; byName: string; at: Date } | null;
}

export interface Page {
  limit: number;
  offset: number;
}

const accountsOf = (db: Db, personId: number) => db.selectFrom('accounts').select('id').where('person_id', '=', personId);

/**
 * One page of the person's posts over all their accounts, newest first (undated last);
 * `sharedOnly`: only their quotes and reposts of other accounts' posts.
 */
export async function personPostsPage(
  db: Db,
  personId: number,
  page: Page & { sharedOnly?: boolean },
): Promise<{ items: PersonPost[]; total: number }> {
  const rows = await db
    .selectFrom('posts as p')
    .leftJoin('flags as f', 'f.post_id', 'p.id')
    .select([
      'p.id',
      'p.platform',
      'p.handle',
      'p.kind',
      'p.text',
      'p.url',
      'p.posted_at as postedAt',
      'p.deleted_at as deletedAt',
      'p.shared_kind',
      'p.shared_external_id',
      'p.shared_url',
      'p.shared_author_handle',
      'p.shared_author_name',
      'p.shared_text',
      'f.id as flagId',
      'f.status as flagStatus',
      'f.labels as flagLabels',
    ])
    .where('p.account_id', 'in', accountsOf(db, personId))
    .$if(page.sharedOnly === true, (q) => q.where('p.shared_kind', 'is not', null))
    .orderBy(sql`p.posted_at desc nulls last`)
    .orderBy('p.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { n } = await db
    .selectFrom('posts')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('account_id', 'in', accountsOf(db, personId))
    .$if(page.sharedOnly === true, (q) => q.where('shared_kind', 'is not', null))
    .executeTakeFirstOrThrow();
  return {
    total: Number(n),
    items: rows.map((r) => ({
      id: r.id,
      platform: r.platform,
      handle: r.handle,
      kind: r.kind,
      text: r.text,
      url: r.url,
      postedAt: r.postedAt,
      deletedAt: r.deletedAt,
      shared: sharedPostOfRow(r),
      flag: r.flagId != null && r.flagStatus ? { id: r.flagId, status: r.flagStatus, labels: r.flagLabels ?? [] } : null,
    })),
  };
}

/** One page of the flags on the person's posts, newest post first, each with its latest decision. */
export async function personFlagsPage(db: Db, personId: number, page: Page): Promise<{ items: PersonFlag[]; total: number }> {
  const rows = await db
    .selectFrom('flags as f')
    .leftJoin('posts as p', 'p.id', 'f.post_id')
    .select([
      'f.id',
      'f.status',
      'f.labels',
      'f.election_phase as phase',
      'f.discovered_at as discoveredAt',
      'p.id as postId',
      flagPlatformSql.as('platform'),
      flagHandleSql.as('handle'),
      flagTextSql.as('text'),
      flagPostedAtSql.as('postedAt'),
      'p.shared_author_handle as sharedAuthorHandle',
    ])
    .where('f.person_id', '=', personId)
    .orderBy('f.event_at', 'desc')
    .orderBy('f.id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const { n } = await db
    .selectFrom('flags')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('person_id', '=', personId)
    .executeTakeFirstOrThrow();
  const ids = rows.map((r) => r.id);
  const decisions = ids.length
    ? await db
        .selectFrom('flag_decisions as d')
        .innerJoin('users as u', 'u.id', 'd.decided_by')
        .distinctOn('d.flag_id')
        .select(['d.flag_id', 'd.decision', 'd.round', 'd.decided_at', 'u.username', 'u.display_name'])
        .where('d.flag_id', 'in', ids)
        .orderBy('d.flag_id')
        .orderBy('d.decided_at', 'desc')
        .orderBy('d.id', 'desc')
        .execute()
    : [];
  const byFlag = new Map(decisions.map((d) => [d.flag_id, d]));
  return {
    total: Number(n),
    items: rows.map((r) => {
      const d = byFlag.get(r.id);
      return {
        ...r,
        decision: d ? { kind: d.decision, round: d.round, by: d.username, byName: d.display_name, at: d.decided_at } : null,
      };
    }),
  };
}

/**
 * The person's flags per status. For a viewer who owes some of them a blind second review,
 * those are counted as `blind`, never as confirmed or dismissed.
 */
export async function personFlagCounts(db: Db, personId: number, viewer?: BlindViewer): Promise<Record<string, number>> {
  const status = viewer ? sql<string>`case when ${blindFor(viewer)} then 'blind' else f.status end` : sql<string>`f.status`;
  const rows = await db
    .selectFrom('flags as f')
    .select([status.as('status'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('f.person_id', '=', personId)
    .groupBy(sql`1`)
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

const wibWeek = (col: string) => sql<string>`to_char(date_trunc('week', ${sql.ref(col)} at time zone 'Asia/Jakarta'), 'YYYY-MM-DD')`;

/** Per WIB week: the person's own posts, their quotes/reposts of others, and flags (by post time, else discovery). */
export async function personWeekCounts(db: Db, personId: number): Promise<WeekCounts[]> {
  const posts = await db
    .selectFrom('posts as p')
    .select([
      wibWeek('p.posted_at').as('week'),
      sql<string>`count(*) filter (where p.shared_kind is null)`.as('own'),
      sql<string>`count(p.shared_kind)`.as('shared'),
    ])
    .where('p.account_id', 'in', accountsOf(db, personId))
    .where('p.posted_at', 'is not', null)
    .groupBy(sql`1`)
    .execute();
  const flags = await db
    .selectFrom('flags as f')
    .select([wibWeek('f.event_at').as('week'), (eb) => eb.fn.countAll<string>().as('n')])
    .where('f.person_id', '=', personId)
    .groupBy(sql`1`)
    .execute();
  return [
    ...posts.map((r) => ({ week: r.week, own: Number(r.own), shared: Number(r.shared), flags: 0 })),
    ...flags.map((r) => ({ week: r.week, own: 0, shared: 0, flags: Number(r.n) })),
  ];
}
