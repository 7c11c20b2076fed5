import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { Selectable } from 'kysely';
import type { RetentionRunTable } from '../db/schema.ts';
import { RETAINED_FLAG_STATUSES } from '../domain/retention.ts';

/** The post's own flag, or an engagement flag whose items it carries (0907): both keep it as evidence. */
const flagOfPost = sql`(f.post_id = p.id or f.id in (select e.flag_id from engagements e where e.post_id = p.id))`;

/** No flag of the post is open, claimed, escalated or confirmed: retention may touch it. */
const noRetainedFlag = sql`not exists (select 1 from flags f where ${flagOfPost} and f.status in (${sql.join([...RETAINED_FLAG_STATUSES])}))`;

/** Posts never flagged, collected before `before`, content not yet removed. */
export async function unflaggedPostsDue(db: Db, before: Date): Promise<number[]> {
  const r = await sql<{ id: number }>`select p.id from posts p
    where p.purged_at is null and p.collected_at < ${before}
      and not exists (select 1 from flags f where ${flagOfPost})
    order by p.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/**
 * Posts whose every flag was dismissed or withdrawn, the last of them changed before `before`
 * (a reopened flag is open again and keeps the post), content not yet removed.
 */
export async function dismissedPostsDue(db: Db, before: Date): Promise<number[]> {
  const r = await sql<{ id: number }>`select p.id from posts p
    where p.purged_at is null and exists (select 1 from flags f where ${flagOfPost})
      and ${noRetainedFlag}
      and (select max(f.updated_at) from flags f where ${flagOfPost}) < ${before}
    order by p.id`.execute(db);
  return r.rows.map((x) => x.id);
}

/** Evidence captured before `before`, still in force, of posts under no open or confirmed flag. */
export async function evidenceDue(db: Db, before: Date): Promise<{ id: number; storage_path: string }[]> {
  const r = await sql<{ id: number; storage_path: string }>`select e.id, e.storage_path from evidence e join posts p on p.id = e.post_id
    where e.erased_at is null and e.captured_at < ${before} and ${noRetainedFlag}
    order by e.id`.execute(db);
  return r.rows;
}

/** Releases taken before `before` whose mappings are still kept. */
export async function releasesDue(db: Db, before: Date): Promise<{ id: string; out_dir: string; manifest_sha256: string | null }[]> {
  return db
    .selectFrom('export_releases')
    .select(['id', 'out_dir', 'manifest_sha256'])
    .where('expired_at', 'is', null)
    .where('created_at', '<', before)
    .orderBy('created_at')
    .execute();
}

/** Delete the releases' pseudonym mappings and mark them expired; returns the mappings removed. */
export async function expireReleases(db: Db, ids: readonly string[], at: Date): Promise<number> {
  if (ids.length === 0) return 0;
  const r = await db
    .deleteFrom('export_release_posts')
    .where('release_id', 'in', [...ids])
    .executeTakeFirst();
  await db
    .updateTable('export_releases')
    .set({ expired_at: at })
    .where('id', 'in', [...ids])
    .execute();
  return Number(r.numDeletedRows);
}

const sessionsDueWhere = (before: Date, now: Date) => sql<boolean>`(expires_at <= ${now} or created_at < ${before})`;

export async function sessionsDue(db: Db, before: Date, now: Date): Promise<number> {
  const r = await db
    .selectFrom('sessions')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where(sessionsDueWhere(before, now))
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export async function deleteSessionsDue(db: Db, before: Date, now: Date): Promise<number> {
  const r = await db.deleteFrom('sessions').where(sessionsDueWhere(before, now)).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Open a run. A scheduled run claims its tick (unique): returns null when another scheduler
 * already has it.
 */
export async function startRetentionRun(
  db: Db,
  r: { trigger: 'schedule' | 'manual'; scheduledFor: Date | null; actor: string; settings: Record<string, number | null> },
): Promise<number | null> {
  const row = await db
    .insertInto('retention_runs')
    .values({ trigger: r.trigger, scheduled_for: r.scheduledFor, actor: r.actor, settings: JSON.stringify(r.settings) })
    .onConflict((oc) => oc.column('scheduled_for').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function finishRetentionRun(db: Db, id: number, r: { counts: Record<string, number>; error?: string }): Promise<void> {
  await db
    .updateTable('retention_runs')
    .set({ finished_at: new Date(), counts: JSON.stringify(r.counts), error: r.error ?? null })
    .where('id', '=', id)
    .execute();
}

export type RetentionRun = Selectable<RetentionRunTable>;

/** The latest run (finished or not), for `netra status`. */
export async function lastRetentionRun(db: Db): Promise<RetentionRun | undefined> {
  return db.selectFrom('retention_runs').selectAll().orderBy('id', 'desc').limit(1).executeTakeFirst();
}
