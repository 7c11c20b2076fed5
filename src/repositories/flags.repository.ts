import { sql } from 'kysely';
import type { Flag } from '../db/schema.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import type { Label } from '../domain/labels.ts';
import { appendAudit, type AuditEvent } from './audit.repository.ts';
import { flagHandleSql, flagPlatformSql, flagPostedAtSql, flagTextSql } from './engagement-flag.sql.ts';
import { type Db } from '../db/handle.ts';

export interface RaiseFlagInput {
  postId: number;
  classificationId: number;
  labels: Label[];
  maxScore: number;
  priority: number;
  phase: string | null;
  /** When the post was found: starts the 7-day reporting window. */
  discoveredAt: Date;
}

export type RaiseOutcome = 'created' | 'updated' | 'unchanged' | 'kept_decision';

const sameLabels = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Raise (or refresh) the flag of a post. One flag per post:
 * - no flag yet: created `open`;
 * - an undecided flag (open/claimed/escalated) whose labels changed (the post was edited): updated;
 * - a decided flag (confirmed/dismissed) is never changed by a machine: the new classification is
 *   only recorded in the audit log for the analyst to see.
 * Every change is audited with before and after.
 */
export async function raiseFlag(db: Db, f: RaiseFlagInput, actor: string): Promise<{ flagId: number; outcome: RaiseOutcome }> {
  return (await raiseFlags(db, [f], actor))[0]!;
}

const ROWS_PER_INSERT = 1000;

/**
 * {@link raiseFlag} for many posts at once, with the same outcomes, in a few statements instead of
 * two or more per flag: one insert for the new flags (and one for their audit entries), one
 * select for the flags that already existed, then the rare refreshes one by one. Results are in
 * input order.
 */
export async function raiseFlags(
  db: Db,
  list: readonly RaiseFlagInput[],
  actor: string,
): Promise<{ flagId: number; outcome: RaiseOutcome }[]> {
  if (list.length === 0) return [];
  const inserted = new Map<number, Flag>();
  for (let i = 0; i < list.length; i += ROWS_PER_INSERT) {
    const updatedAt = new Date();
    const rows = await db
      .insertInto('flags')
      .values(
        list.slice(i, i + ROWS_PER_INSERT).map((f) => ({
          post_id: f.postId,
          classification_id: f.classificationId,
          labels: JSON.stringify(f.labels),
          max_score: f.maxScore,
          priority: f.priority,
          status: 'open' as const,
          election_phase: f.phase,
          discovered_at: f.discoveredAt,
          updated_at: updatedAt,
        })),
      )
      .onConflict((oc) => oc.column('post_id').doNothing())
      .returningAll()
      .execute();
    for (const r of rows) inserted.set(r.post_id!, r);
  }
  const out: { flagId: number; outcome: RaiseOutcome }[] = new Array(list.length);
  const created: AuditEvent[] = [];
  const rest: number[] = [];
  list.forEach((f, i) => {
    const row = inserted.get(f.postId);
    if (row) {
      inserted.delete(f.postId); // a post listed twice: its second entry refreshes the flag just made
      created.push({ actor, action: 'flag.created', entityType: 'flag', entityId: row.id, after: flagForAudit(row) });
      out[i] = { flagId: row.id, outcome: 'created' };
    } else rest.push(i);
  });
  await appendAudit(db, created);
  if (rest.length === 0) return out;
  const existing = new Map<number, Flag>();
  const postIds = [...new Set(rest.map((i) => list[i]!.postId))];
  for (let i = 0; i < postIds.length; i += ROWS_PER_INSERT) {
    for (const r of await db
      .selectFrom('flags')
      .selectAll()
      .where('post_id', 'in', postIds.slice(i, i + ROWS_PER_INSERT))
      .execute())
      existing.set(r.post_id!, r);
  }
  for (const i of rest) {
    const f = list[i]!;
    const e = existing.get(f.postId);
    if (!e) throw new Error(`flag of post ${f.postId}: neither inserted nor found`);
    const r = await refreshFlag(db, f, e, actor);
    existing.set(f.postId, r.row);
    out[i] = { flagId: e.id, outcome: r.outcome };
  }
  return out;
}

/** A flag row for the append-only audit log: without `search`, the post's words (personal data an erasure must be able to remove). */
function flagForAudit(f: Flag): Omit<Flag, 'search'> {
  const { search: _search, ...rest } = f;
  return rest;
}

/** The flag of a post that already had one: updated while undecided, never once decided. */
async function refreshFlag(db: Db, f: RaiseFlagInput, existing: Flag, actor: string): Promise<{ outcome: RaiseOutcome; row: Flag }> {
  if (existing.classification_id === f.classificationId) return { outcome: 'unchanged', row: existing };
  if (existing.status === 'confirmed' || existing.status === 'dismissed') {
    await appendAudit(db, {
      actor,
      action: 'flag.reclassified_after_decision',
      entityType: 'flag',
      entityId: existing.id,
      before: { classification_id: existing.classification_id, labels: existing.labels },
      after: { classification_id: f.classificationId, labels: f.labels },
    });
    return { outcome: 'kept_decision', row: existing };
  }
  const updated = await db
    .updateTable('flags')
    .set({
      classification_id: f.classificationId,
      labels: JSON.stringify(f.labels),
      max_score: f.maxScore,
      priority: f.priority,
      election_phase: f.phase,
      updated_at: new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  const outcome: RaiseOutcome = sameLabels(existing.labels, f.labels) ? 'unchanged' : 'updated';
  await appendAudit(db, {
    actor,
    action: 'flag.reclassified',
    entityType: 'flag',
    entityId: existing.id,
    before: flagForAudit(existing),
    after: flagForAudit(updated),
  });
  return { outcome, row: updated };
}

export interface FlagFilter {
  labels?: Label[];
  statuses?: FlagStatus[];
  agencies?: string[];
  regions?: string[];
  platforms?: string[];
  scanRunId?: number;
  /** `post` or `engagement` flags only (0907). */
  kinds?: ('post' | 'engagement')[];
  limit?: number;
  offset?: number;
}

/** A flag with what an analyst needs to read it in a list. */
export interface FlagListItem {
  id: number;
  status: FlagStatus;
  labels: string[];
  priority: number;
  maxScore: number;
  phase: string | null;
  discoveredAt: Date;
  /** `engagement`: no post of its own; platform, handle and text then describe its items (0907). */
  kind: 'post' | 'engagement';
  postId: number | null;
  platform: string;
  handle: string;
  url: string | null;
  text: string;
  postedAt: Date | null;
  personName: string | null;
  agency: string | null;
  region: string | null;
  evidence: unknown[];
  findings: unknown[];
}

/** Flags by priority (highest first), filtered; labels match any of the given ones. */
export async function listFlags(db: Db, f: FlagFilter = {}): Promise<FlagListItem[]> {
  let q = db
    .selectFrom('flags as f')
    .leftJoin('posts as p', 'p.id', 'f.post_id')
    .leftJoin('classifications as c', 'c.id', 'f.classification_id')
    .leftJoin('persons as pe', 'pe.id', 'f.person_id')
    .leftJoin('agencies as g', 'g.id', 'pe.agency_id')
    .select([
      'f.id',
      'f.status',
      'f.labels',
      'f.priority',
      'f.max_score as maxScore',
      'f.election_phase as phase',
      'f.discovered_at as discoveredAt',
      'f.kind',
      'p.id as postId',
      flagPlatformSql.as('platform'),
      flagHandleSql.as('handle'),
      'p.url',
      flagTextSql.as('text'),
      flagPostedAtSql.as('postedAt'),
      'pe.name as personName',
      'g.name as agency',
      'pe.region',
      sql<unknown[]>`coalesce(c.evidence, '[]'::jsonb)`.as('evidence'),
      sql<unknown[]>`coalesce(c.findings, '[]'::jsonb)`.as('findings'),
    ]);
  if (f.labels?.length) q = q.where(sql<boolean>`f.labels ?| ${sql.val(f.labels)}::text[]`);
  if (f.statuses?.length) q = q.where('f.status', 'in', f.statuses);
  if (f.kinds?.length) q = q.where('f.kind', 'in', f.kinds);
  if (f.agencies?.length) q = q.where(sql<boolean>`lower(g.name) in (${sql.join(f.agencies.map((a) => a.toLowerCase()))})`);
  if (f.regions?.length)
    q = q.where(
      sql<boolean>`(lower(pe.region) in (${sql.join(f.regions.map((r) => r.toLowerCase()))}) or lower(pe.province) in (${sql.join(f.regions.map((r) => r.toLowerCase()))}))`,
    );
  if (f.platforms?.length) q = q.where(flagPlatformSql, 'in', f.platforms);
  const rows = await q
    .orderBy('f.priority', 'desc')
    .orderBy('f.id')
    .limit(f.limit ?? 100)
    .offset(f.offset ?? 0)
    .execute();
  return rows as FlagListItem[];
}

export async function getFlag(db: Db, id: number): Promise<Flag | undefined> {
  return db.selectFrom('flags').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countFlags(db: Db): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('flags')
    .select(['status', db.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}
