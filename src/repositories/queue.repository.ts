import { flagHandleSql, flagPlatformSql, flagPostedAtSql, flagTextSql } from './engagement-flag.sql.ts';
import { sql, type Expression, type RawBuilder, type SqlBool } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { Flag } from '../db/schema.ts';
import type { Label } from '../domain/labels.ts';
import { PLATFORMS } from '../domain/platforms.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import { appendAudit } from './audit.repository.ts';
import { blindFor, type BlindViewer } from './second-review.repository.ts';

export const QUEUE_SORTS = ['rank', 'posted', 'deadline', 'id'] as const;
/** Queue order: rank (default), post time, reporting deadline (discovery time), flag number. */
export type QueueSort = (typeof QUEUE_SORTS)[number];

/** Filters of the review queue; every list matches any of its values. */
export interface QueueFilter {
  labels?: Label[] | undefined;
  statuses?: FlagStatus[] | undefined;
  agencies?: string[] | undefined;
  regions?: string[] | undefined;
  platforms?: string[] | undefined;
  /** Post date (WIB day, inclusive), `YYYY-MM-DD`. */
  from?: string | undefined;
  to?: string | undefined;
  assignee?: string | undefined;
  /** @default 'rank' */
  sort?: QueueSort | undefined;
  /** @default 'desc' for rank and posted, 'asc' for deadline and id */
  dir?: 'asc' | 'desc' | undefined;
  /** Hide decided flags this person must review blind (their status would tell the first decision). */
  viewer?: BlindViewer | undefined;
}

/** Days since the epoch, the unit of `flags.rank_recent`. */
const days = (d: Date) => d.getTime() / 86_400_000;

/**
 * The queue rank of `f` at `now`: priority, plus recency (up to +6 for a post from today,
 * fading over six days), plus history (+3 per other confirmed flag of the same person, up to
 * +9). `rank_base` and `rank_recent` are kept by the database (migration 0901), so
 * rank = greatest(rank_base, rank_recent + 6 - now in days).
 */
export function rankSql(now: Date): RawBuilder<number> {
  return sql<number>`greatest(f.rank_base, f.rank_recent + ${6 - days(now)}::double precision)`;
}

const wibStart = (day: string) => new Date(`${day}T00:00:00+07:00`);

/** Conditions on `flags as f` only (joined tables through subqueries), so index scans stay possible. */
function conditions(f: QueueFilter): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const lower = (xs: string[]) => sql.join(xs.map((x) => x.toLowerCase()));
  if (f.labels?.length) out.push(sql<SqlBool>`f.labels ?| ${sql.val(f.labels)}::text[]`);
  if (f.statuses?.length) out.push(sql<SqlBool>`f.status in (${sql.join(f.statuses)})`);
  if (f.agencies?.length)
    out.push(
      sql<SqlBool>`f.person_id in (select pe.id from persons pe join agencies g on g.id = pe.agency_id where lower(g.name) in (${lower(f.agencies)}))`,
    );
  if (f.regions?.length)
    out.push(
      sql<SqlBool>`f.person_id in (select pe.id from persons pe where lower(pe.region) in (${lower(f.regions)}) or lower(pe.province) in (${lower(f.regions)}))`,
    );
  if (f.platforms?.length)
    out.push(
      sql<SqlBool>`(exists (select 1 from posts p2 where p2.id = f.post_id and p2.platform in (${sql.join(f.platforms)}))
        or exists (select 1 from engagements e2 join accounts a2 on a2.id = e2.account_id where e2.flag_id = f.id and a2.platform in (${sql.join(f.platforms)})))`,
    );
  if (f.from) out.push(sql<SqlBool>`f.event_at >= ${wibStart(f.from)}`);
  if (f.to) out.push(sql<SqlBool>`f.event_at < ${new Date(wibStart(f.to).getTime() + 86_400_000)}`);
  if (f.assignee) out.push(sql<SqlBool>`f.assignee = ${f.assignee}`);
  // A decided flag awaiting this person's blind review is left out of lists filtered by status.
  if (f.viewer && f.statuses?.some((s) => s === 'confirmed' || s === 'dismissed')) out.push(sql<SqlBool>`not ${blindFor(f.viewer)}`);
  return out;
}

const where = (conds: Expression<SqlBool>[]) => (conds.length ? sql`where ${sql.join(conds, sql` and `)}` : sql``);

export interface QueueItem {
  id: number;
  status: FlagStatus;
  labels: string[];
  priority: number;
  rank: number;
  maxScore: number;
  phase: string | null;
  discoveredAt: Date;
  assignee: string | null;
  claimExpiresAt: Date | null;
  version: number;
  /** `engagement`: a person's engagements with campaign accounts; text summarises the items (0907). */
  kind: 'post' | 'engagement';
  platform: string;
  handle: string;
  text: string;
  postedAt: Date | null;
  /** The person behind the account (their page: `/persons/:id`). */
  personId: number | null;
  personName: string | null;
  nip: string | null;
  agency: string | null;
  region: string | null;
}

/** The ids of one page in order, using the indexes of migration 0901. */
function orderedIds(
  conds: Expression<SqlBool>[],
  f: QueueFilter,
  page: { limit: number; offset: number },
  now: Date,
): RawBuilder<{ id: number }> {
  const sort = f.sort ?? 'rank';
  const dir = f.dir ?? (sort === 'rank' || sort === 'posted' ? 'desc' : 'asc');
  const d = sql.raw(dir);
  const w = where(conds);
  if (sort === 'rank' && dir === 'desc') {
    // The top of greatest(a, b - c) is within the top of a and the top of b: two index scans.
    const k = page.offset + page.limit;
    return sql<{ id: number }>`select c.id from (
        (select f.id from flags f ${w} order by f.rank_base desc, f.id limit ${k})
        union
        (select f.id from flags f ${w} order by f.rank_recent desc, f.id limit ${k})
      ) c join flags f on f.id = c.id
      order by ${rankSql(now)} desc, f.id limit ${page.limit} offset ${page.offset}`;
  }
  const key = sort === 'rank' ? rankSql(now) : sort === 'posted' ? sql`f.event_at` : sort === 'deadline' ? sql`f.discovered_at` : sql`f.id`;
  return sql<{ id: number }>`select f.id from flags f ${w} order by ${key} ${d}, f.id ${d} limit ${page.limit} offset ${page.offset}`;
}

/** Flags with what the queue shows, in the order of `ids`. */
export async function queueItems(db: Db, ids: readonly number[], now = new Date()): Promise<QueueItem[]> {
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('flags as f')
    .leftJoin('posts as p', 'p.id', 'f.post_id')
    .leftJoin('persons as pe', 'pe.id', 'f.person_id')
    .leftJoin('agencies as g', 'g.id', 'pe.agency_id')
    .select([
      'f.id',
      'f.status',
      'f.labels',
      'f.priority',
      rankSql(now).as('rank'),
      'f.max_score as maxScore',
      'f.election_phase as phase',
      'f.discovered_at as discoveredAt',
      'f.assignee',
      'f.claim_expires_at as claimExpiresAt',
      'f.version',
      'f.kind',
      flagPlatformSql.as('platform'),
      flagHandleSql.as('handle'),
      flagTextSql.as('text'),
      flagPostedAtSql.as('postedAt'),
      'f.person_id as personId',
      'pe.name as personName',
      'pe.nip',
      'g.name as agency',
      'pe.region',
    ])
    .where('f.id', 'in', [...ids])
    .execute();
  const byId = new Map(rows.map((r) => [r.id, { ...r, rank: Math.round(Number(r.rank) * 100) / 100 }]));
  return ids.flatMap((id) => byId.get(id) ?? []);
}

/**
 * Totals are counted exactly up to this many flags; beyond it a list says "10,000+" (counting
 * 100,000 open flags on every page load would cost more than the page itself).
 */
export const COUNT_CAP = 10_000;

/** How many flags match, counted up to {@link COUNT_CAP} (exact: false beyond it). */
export async function countFlagsUpTo(db: Db, conds: Expression<SqlBool>[]): Promise<{ total: number; exact: boolean }> {
  const n = Number(
    (await sql<{ n: number }>`select count(*) as n from (select 1 from flags f ${where(conds)} limit ${COUNT_CAP + 1}) x`.execute(db))
      .rows[0]!.n,
  );
  return n > COUNT_CAP ? { total: COUNT_CAP, exact: false } : { total: n, exact: true };
}

/** One page of the queue in the filter's order, with the count (exact up to {@link COUNT_CAP}). */
export async function listQueue(
  db: Db,
  f: QueueFilter,
  page: { limit: number; offset: number; now?: Date },
): Promise<{ items: QueueItem[]; total: number; totalExact: boolean }> {
  const now = page.now ?? new Date();
  const conds = conditions(f);
  const ids = (await orderedIds(conds, f, page, now).execute(db)).rows.map((r) => r.id);
  const { total, exact } = await countFlagsUpTo(db, conds);
  return { items: await queueItems(db, ids, now), total, totalExact: exact };
}

/** Put claims whose time ran out back in the queue (audited). Returns the released flag ids. */
export async function releaseStaleClaims(db: Db, now = new Date()): Promise<number[]> {
  const rows = await db
    .updateTable('flags')
    .set({ status: 'open', assignee: null, claimed_at: null, claim_expires_at: null, updated_at: now, version: sql`version + 1` })
    .where('status', '=', 'claimed')
    .where('claim_expires_at', '<=', now)
    .returning(['id', 'assignee', 'version'])
    .execute();
  if (rows.length)
    await appendAudit(
      db,
      rows.map((r) => ({
        actor: 'system:claim-timeout',
        action: 'flag.claim_expired',
        entityType: 'flag',
        entityId: r.id,
        after: { status: 'open', version: r.version },
      })),
    );
  return rows.map((r) => r.id);
}

/** How many top candidates take-next tries to lock at a time (more than analysts taking at once). */
const CANDIDATES = 32;

/**
 * "Take next": the analyst's own live claim or assignment if they hold one (a claim's time is
 * extended), else the highest-ranked open flag matching the filter, claimed atomically: the top
 * candidates are read from the rank indexes, the first one nobody else is locking is locked
 * with `FOR UPDATE SKIP LOCKED` (which re-checks `status = 'open'`), so two analysts taking next
 * at the same moment get different flags. Run inside a transaction.
 */
export async function claimNext(
  db: Db,
  username: string,
  f: QueueFilter,
  opts: { claimMs: number; now?: Date },
): Promise<Flag | undefined> {
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + opts.claimMs);
  const own = await db
    .updateTable('flags')
    .set({ claim_expires_at: sql`case when claim_expires_at is null then null else ${expires}::timestamptz end` })
    .where('status', '=', 'claimed')
    .where('assignee', '=', username)
    .where((eb) => eb.or([eb('claim_expires_at', 'is', null), eb('claim_expires_at', '>', now)]))
    .returningAll()
    .execute();
  if (own.length) return own.sort((a, b) => b.priority - a.priority || a.id - b.id)[0];
  const conds = [...conditions({ ...f, statuses: ['open'], assignee: undefined, viewer: undefined })];
  for (let offset = 0; offset < 50 * CANDIDATES; offset += CANDIDATES) {
    const ids = (await orderedIds(conds, { ...f, sort: 'rank', dir: 'desc' }, { limit: CANDIDATES, offset }, now).execute(db)).rows.map(
      (r) => r.id,
    );
    if (ids.length === 0) return undefined;
    const locked = (
      await sql<{ id: number }>`select id from flags where id = any(${sql.val(ids)}::int[]) and status = 'open'
        order by array_position(${sql.val(ids)}::int[], id) limit 1 for update skip locked`.execute(db)
    ).rows[0];
    if (locked) return claimFlag(db, locked.id, username, { claimMs: opts.claimMs, now });
    if (ids.length < CANDIDATES) return undefined;
  }
  return undefined;
}

/** Claim one flag if it is open (or its claim expired); audited. Undefined when someone else holds it. */
export async function claimFlag(
  db: Db,
  flagId: number,
  username: string,
  opts: { claimMs: number; now?: Date },
): Promise<Flag | undefined> {
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + opts.claimMs);
  const row = await db
    .updateTable('flags')
    .set({
      status: 'claimed',
      assignee: username,
      claimed_at: now,
      // An assignment (no expiry) stays one when its analyst takes it.
      claim_expires_at: sql`case when status = 'claimed' and assignee = ${username} and claim_expires_at is null then null else ${expires}::timestamptz end`,
      updated_at: now,
      version: sql`version + 1`,
    })
    .where('id', '=', flagId)
    .where((eb) =>
      eb.or([
        eb('status', '=', 'open'),
        eb.and([eb('status', '=', 'claimed'), eb.or([eb('claim_expires_at', '<=', now), eb('assignee', '=', username)])]),
      ]),
    )
    .returningAll()
    .executeTakeFirst();
  if (row)
    await appendAudit(db, {
      actor: `user:${username}`,
      action: 'flag.claimed',
      entityType: 'flag',
      entityId: flagId,
      after: { status: 'claimed', assignee: username, version: row.version, claim_expires_at: row.claim_expires_at },
    });
  return row;
}

/** Give a claim or an assignment back to the queue (only the holder, or anyone when `force`). */
export async function releaseClaim(db: Db, flagId: number, username: string, force = false): Promise<Flag | undefined> {
  let q = db
    .updateTable('flags')
    .set({ status: 'open', assignee: null, claimed_at: null, claim_expires_at: null, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', flagId)
    .where('status', '=', 'claimed');
  if (!force) q = q.where('assignee', '=', username);
  const row = await q.returningAll().executeTakeFirst();
  if (row)
    await appendAudit(db, {
      actor: `user:${username}`,
      action: 'flag.released',
      entityType: 'flag',
      entityId: flagId,
      after: { status: 'open', version: row.version },
    });
  return row;
}

/** Distinct values for the filter menus (registry tables only: they are small). */
export async function queueFacets(db: Db): Promise<{ agencies: string[]; regions: string[]; platforms: string[] }> {
  const [agencies, regions, platforms] = await Promise.all([
    db.selectFrom('agencies').select('name').orderBy('name').execute(),
    db.selectFrom('persons').select('region').distinct().where('region', 'is not', null).orderBy('region').execute(),
    db.selectFrom('accounts').select('platform').distinct().orderBy('platform').execute(),
  ]);
  const known = new Set<string>([...PLATFORMS, ...platforms.map((r) => r.platform)]);
  return { agencies: agencies.map((r) => r.name), regions: regions.map((r) => r.region!), platforms: [...known].sort() };
}
