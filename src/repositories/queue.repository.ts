import { sql, type Expression, type SqlBool } from 'kysely';
import type { Flag } from '../db/schema.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import type { Label } from '../domain/labels.ts';
import { appendAudit } from './audit.repository.ts';
import { type Db } from '../db/handle.ts';

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
}

/**
 * Queue order. `flags.priority` already weighs the score, the label's severity (the SKB
 * item's discipline level) and the election phase (quiet period, voting day); the queue adds
 * recency (up to +6 for a post from today, fading over six days) and the account's history
 * (+3 per other confirmed flag of the same person, up to +9).
 */
export const QUEUE_RANK_SQL = sql<number>`(f.priority
  + greatest(0, 6 - extract(epoch from (now() - coalesce(p.posted_at, f.discovered_at))) / 86400)
  + 3 * least(3, coalesce((select count(*) from flags f2 join posts p2 on p2.id = f2.post_id join accounts a2 on a2.id = p2.account_id
      where a2.person_id = a.person_id and f2.status = 'confirmed' and f2.id <> f.id), 0)))`;

function base(db: Db) {
  return db
    .selectFrom('flags as f')
    .innerJoin('posts as p', 'p.id', 'f.post_id')
    .leftJoin('accounts as a', 'a.id', 'p.account_id')
    .leftJoin('persons as pe', 'pe.id', 'a.person_id')
    .leftJoin('agencies as g', 'g.id', 'pe.agency_id');
}

function conditions(f: QueueFilter): Expression<SqlBool>[] {
  const out: Expression<SqlBool>[] = [];
  const lower = (xs: string[]) => sql.join(xs.map((x) => x.toLowerCase()));
  if (f.labels?.length) out.push(sql<SqlBool>`f.labels ?| ${sql.val(f.labels)}::text[]`);
  if (f.statuses?.length) out.push(sql<SqlBool>`f.status in (${sql.join(f.statuses)})`);
  if (f.agencies?.length) out.push(sql<SqlBool>`lower(g.name) in (${lower(f.agencies)})`);
  if (f.regions?.length) out.push(sql<SqlBool>`(lower(pe.region) in (${lower(f.regions)}) or lower(pe.province) in (${lower(f.regions)}))`);
  if (f.platforms?.length) out.push(sql<SqlBool>`p.platform in (${sql.join(f.platforms)})`);
  const day = sql`(coalesce(p.posted_at, f.discovered_at) at time zone 'Asia/Jakarta')::date`;
  if (f.from) out.push(sql<SqlBool>`${day} >= ${f.from}::date`);
  if (f.to) out.push(sql<SqlBool>`${day} <= ${f.to}::date`);
  if (f.assignee) out.push(sql<SqlBool>`f.assignee = ${f.assignee}`);
  return out;
}

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
  platform: string;
  handle: string;
  text: string;
  postedAt: Date | null;
  personName: string | null;
  agency: string | null;
  region: string | null;
}

/** One page of the queue, highest rank first, with the total count. */
export async function listQueue(db: Db, f: QueueFilter, page: { limit: number; offset: number }): Promise<{ items: QueueItem[]; total: number }> {
  const where = conditions(f);
  const q = base(db).where((eb) => eb.and(where));
  const items = await q
    .select([
      'f.id',
      'f.status',
      'f.labels',
      'f.priority',
      QUEUE_RANK_SQL.as('rank'),
      'f.max_score as maxScore',
      'f.election_phase as phase',
      'f.discovered_at as discoveredAt',
      'f.assignee',
      'f.claim_expires_at as claimExpiresAt',
      'f.version',
      'p.platform',
      'p.handle',
      'p.text',
      'p.posted_at as postedAt',
      'pe.name as personName',
      'g.name as agency',
      'pe.region',
    ])
    .orderBy(sql`rank`, 'desc')
    .orderBy('f.id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  const total = await q.select(sql<number>`count(*)`.as('n')).executeTakeFirstOrThrow();
  return { items: items.map((r) => ({ ...r, rank: Math.round(Number(r.rank) * 100) / 100 })), total: Number(total.n) };
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
      rows.map((r) => ({ actor: 'system:claim-timeout', action: 'flag.claim_expired', entityType: 'flag', entityId: r.id, after: { status: 'open', version: r.version } })),
    );
  return rows.map((r) => r.id);
}

/**
 * "Take next": the analyst's own live claim if they hold one (its time is extended), else the
 * highest-ranked open flag matching the filter, claimed atomically: the candidate row is locked
 * with `FOR UPDATE SKIP LOCKED`, so two analysts taking next at the same moment get different
 * flags, and the update re-checks `status = 'open'`. Run inside a transaction.
 */
export async function claimNext(db: Db, username: string, f: QueueFilter, opts: { claimMs: number; now?: Date }): Promise<Flag | undefined> {
  const now = opts.now ?? new Date();
  const expires = new Date(now.getTime() + opts.claimMs);
  const own = await db
    .updateTable('flags')
    .set({ claim_expires_at: expires })
    .where('status', '=', 'claimed')
    .where('assignee', '=', username)
    .where('claim_expires_at', '>', now)
    .returningAll()
    .execute();
  if (own.length) return own.sort((a, b) => b.priority - a.priority)[0];
  const candidate = await base(db)
    .where((eb) => eb.and([...conditions({ ...f, statuses: undefined, assignee: undefined }), sql<SqlBool>`f.status = 'open'`]))
    .select('f.id')
    .orderBy(QUEUE_RANK_SQL, 'desc')
    .orderBy('f.id')
    .limit(1)
    .forUpdate('f')
    .skipLocked()
    .executeTakeFirst();
  if (!candidate) return undefined;
  return claimFlag(db, candidate.id, username, { claimMs: opts.claimMs, now });
}

/** Claim one flag if it is open (or its claim expired); audited. Undefined when someone else holds it. */
export async function claimFlag(db: Db, flagId: number, username: string, opts: { claimMs: number; now?: Date }): Promise<Flag | undefined> {
  const now = opts.now ?? new Date();
  const row = await db
    .updateTable('flags')
    .set({ status: 'claimed', assignee: username, claimed_at: now, claim_expires_at: new Date(now.getTime() + opts.claimMs), updated_at: now, version: sql`version + 1` })
    .where('id', '=', flagId)
    .where((eb) => eb.or([eb('status', '=', 'open'), eb.and([eb('status', '=', 'claimed'), eb.or([eb('claim_expires_at', '<=', now), eb('assignee', '=', username)])])]))
    .returningAll()
    .executeTakeFirst();
  if (row) await appendAudit(db, { actor: `user:${username}`, action: 'flag.claimed', entityType: 'flag', entityId: flagId, after: { status: 'claimed', assignee: username, version: row.version, claim_expires_at: row.claim_expires_at } });
  return row;
}

/** Give a claim back to the queue (only the holder, or anyone when `force`). */
export async function releaseClaim(db: Db, flagId: number, username: string, force = false): Promise<Flag | undefined> {
  let q = db
    .updateTable('flags')
    .set({ status: 'open', assignee: null, claimed_at: null, claim_expires_at: null, updated_at: new Date(), version: sql`version + 1` })
    .where('id', '=', flagId)
    .where('status', '=', 'claimed');
  if (!force) q = q.where('assignee', '=', username);
  const row = await q.returningAll().executeTakeFirst();
  if (row) await appendAudit(db, { actor: `user:${username}`, action: 'flag.released', entityType: 'flag', entityId: flagId, after: { status: 'open', version: row.version } });
  return row;
}

/** Distinct values for the filter menus. */
export async function queueFacets(db: Db): Promise<{ agencies: string[]; regions: string[]; platforms: string[] }> {
  const [agencies, regions, platforms] = await Promise.all([
    db.selectFrom('agencies').select('name').orderBy('name').execute(),
    db.selectFrom('persons').select('region').distinct().where('region', 'is not', null).orderBy('region').execute(),
    db.selectFrom('posts').select('platform').distinct().orderBy('platform').execute(),
  ]);
  return { agencies: agencies.map((r) => r.name), regions: regions.map((r) => r.region!), platforms: platforms.map((r) => r.platform) };
}
