import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { Person } from '../db/schema.ts';
import { scrubPosts, unusedEvidenceFiles } from './post-scrub.repository.ts';
import { deleteTrainingPersons } from './model-training.repository.ts';
import { accountDigest, ERASED_NAME, tombstoneDigest, type TombstoneKind } from '../domain/erasure-digest.ts';

/** A person by id (`#12` or `12`), registry key (`nip:...`, `name:...`) or NIP. */
export async function findPersonForErasure(db: Db, ref: string): Promise<Person | undefined> {
  const r = ref.trim().replace(/^#/, '');
  if (/^\d{1,9}$/.test(r)) {
    const byId = await db.selectFrom('persons').selectAll().where('id', '=', Number(r)).executeTakeFirst();
    if (byId) return byId;
  }
  return db
    .selectFrom('persons')
    .selectAll()
    .where((eb) => eb.or([eb('person_key', '=', r), eb('nip', '=', r)]))
    .executeTakeFirst();
}

export async function erasureOf(db: Db, personId: number): Promise<{ id: number; erased_at: Date } | undefined> {
  return db.selectFrom('person_erasures').select(['id', 'erased_at']).where('person_id', '=', personId).executeTakeFirst();
}

/** Which of these digests an erasure left behind. */
export async function tombstoned(db: Db, digests: readonly string[]): Promise<Set<string>> {
  const unique = [...new Set(digests)];
  const out = new Set<string>();
  for (let i = 0; i < unique.length; i += 1000) {
    const chunk = unique.slice(i, i + 1000);
    const rows = await db.selectFrom('erasure_tombstones').select('digest').where('digest', 'in', chunk).execute();
    for (const r of rows) out.add(r.digest);
  }
  return out;
}

/** Remove tombstones (an admin lifts an erasure's block on re-collection); returns how many. */
export async function liftTombstones(
  db: Db,
  digests: readonly string[],
): Promise<{ digest: string; kind: TombstoneKind; erasure_id: number }[]> {
  if (digests.length === 0) return [];
  return db
    .deleteFrom('erasure_tombstones')
    .where('digest', 'in', [...digests])
    .returning(['digest', 'kind', 'erasure_id'])
    .execute();
}

export interface ScrubResult {
  counts: Record<string, number>;
  /** Evidence ids whose files are to be deleted (the custody chain gets an `erased` entry each). */
  evidenceIds: number[];
  /** Store paths no evidence row of a person not erased refers to: delete these files. */
  filesToDelete: string[];
}

/** Rows an UPDATE or DELETE touched. */
const n = (r: { numAffectedRows?: bigint }) => Number(r.numAffectedRows ?? 0);

/**
 * Remove or irreversibly pseudonymise everything netra holds about a person, in the caller's
 * transaction (which must be the owner's: history tables are changed). Rows that others refer
 * to by id (the person, accounts, posts, flags, evidence) stay as empty shells so that flags,
 * decisions, agreement figures and the audit and custody chains keep their references; every
 * field that says who, what or where is cleared. Free text about the case (notes, case reports,
 * decision notes) is deleted or cleared. Tombstones record digests of the identifiers.
 */
export async function scrubPerson(db: Db, person: Person, erasureId: number): Promise<ScrubResult> {
  const pid = person.id;
  const accounts = await db
    .selectFrom('accounts')
    .select(['id', 'platform', 'handle', 'platform_account_id'])
    .where('person_id', '=', pid)
    .execute();
  const accountIds = accounts.map((a) => a.id);

  // Tombstones first (the identifiers are about to go).
  const stones: { digest: string; kind: TombstoneKind }[] = [
    { digest: tombstoneDigest('person_key', person.person_key), kind: 'person_key' },
  ];
  if (person.nip) stones.push({ digest: tombstoneDigest('nip', person.nip), kind: 'nip' });
  for (const a of accounts) stones.push({ digest: accountDigest(a.platform, a.handle), kind: 'account' });
  await db
    .insertInto('erasure_tombstones')
    .values(stones.map((s) => ({ ...s, erasure_id: erasureId })))
    .onConflict((oc) => oc.column('digest').doNothing())
    .execute();

  // The person's posts: by account, and any stored under one of its handles without a link.
  const handles = accounts.map((a) => sql`(${a.platform}, ${a.handle})`);
  const byAccount = accountIds.length ? sql`account_id in (${sql.join(accountIds)})` : sql`false`;
  const byHandle = handles.length ? sql`(platform, lower(handle)) in (${sql.join(handles)})` : sql`false`;
  const postRows = (await sql<{ id: number }>`select id from posts where ${byAccount} or ${byHandle} order by id`.execute(db)).rows;
  const postIds = postRows.map((p) => p.id);
  const counts: Record<string, number> = { accounts: accounts.length, posts: postIds.length, tombstones: stones.length };
  // The person's engagement flags (no post of their own, 0907): their free text goes as a post flag's does.
  const engagementFlags = sql`select id from flags where kind = 'engagement' and person_id = ${pid}`;
  counts.engagement_flag_notes = n(await sql`delete from flag_notes where flag_id in (${engagementFlags})`.execute(db));
  counts.engagement_case_reports = n(await sql`delete from case_reports where flag_id in (${engagementFlags})`.execute(db));
  await sql`update flag_decisions set dismiss_text = null, note = null where flag_id in (${engagementFlags}) and (dismiss_text is not null or note is not null)`.execute(
    db,
  );
  // What the person's accounts did toward campaign accounts: the rows stay as shells (flags refer to them).
  counts.engagements = n(
    await sql`update engagements set detail = '{}'::jsonb where person_id = ${pid} or account_id in (${accountIds.length ? sql.join(accountIds) : sql`null`})`.execute(
      db,
    ),
  );
  const scrubbed = await scrubPosts(db, postIds, 'erased');
  Object.assign(counts, scrubbed.counts);
  // Other people's posts that quote or repost this person: the shared part goes.
  if (handles.length)
    counts.shares_of_others = n(
      await sql`update posts set shared_kind = null, shared_external_id = null, shared_url = null, shared_author_handle = null, shared_author_name = null, shared_text = null
        where (platform, shared_author_handle) in (${sql.join(handles)})`.execute(db),
    );
  // Scan records name handles (per-account results, errors, alerts): the handle becomes its pseudonym.
  for (const a of accounts) {
    const to = `erased-${a.id}`;
    const re = a.handle.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const has = (col: ReturnType<typeof sql>) => sql`strpos(lower(${col}), ${a.handle}) > 0`;
    counts.scan_records =
      (counts.scan_records ?? 0) +
      n(
        await sql`update scan_jobs set result = regexp_replace(result::text, ${re}, ${to}, 'gi')::jsonb where ${has(sql`result::text`)}`.execute(
          db,
        ),
      ) +
      n(await sql`update scan_jobs set error = regexp_replace(error, ${re}, ${to}, 'gi') where ${has(sql`error`)}`.execute(db)) +
      n(
        await sql`update scan_runs set summary = regexp_replace(summary::text, ${re}, ${to}, 'gi')::jsonb, errors = regexp_replace(errors::text, ${re}, ${to}, 'gi')::jsonb
          where ${has(sql`summary::text`)} or ${has(sql`errors::text`)}`.execute(db),
      );
  }
  counts.training_mappings = await deleteTrainingPersons(db, pid);
  if (accountIds.length) {
    const ids = sql.join(accountIds);
    await sql`delete from collect_cursors where account_id in (${ids})`.execute(db);
    await sql`delete from account_platform_ids where account_id in (${ids})`.execute(db);
    await sql`update accounts set handle = 'erased-' || id, profile_url = '', platform_account_id = null, link_source = null, link_confidence = null,
        link_established_by = null, link_established_at = null, link_evidence_url = null, tags = '[]'::jsonb, active = false, updated_at = now()
        where id in (${ids})`.execute(db);
  }
  await db
    .updateTable('persons')
    .set({
      person_key: `erased:${pid}`,
      nip: null,
      name: ERASED_NAME,
      position: null,
      region: null,
      province: null,
      employment_type: null,
      updated_at: new Date(),
    })
    .where('id', '=', pid)
    .execute();

  return {
    counts,
    evidenceIds: scrubbed.evidence.map((e) => e.id),
    filesToDelete: await unusedEvidenceFiles(
      db,
      scrubbed.evidence.map((e) => e.storage_path),
    ),
  };
}

/**
 * Model versions trained with reviews BEFORE netra recorded whose reviewed posts each version
 * learned from (model_training_persons, 0936): their audit entries say how many reviewed posts,
 * not which. Every such run after the person's first decided flag may hold them (a superset).
 * Versions trained since are listed as facts by modelsTrainedOn.
 */
export async function modelsPossiblyTrainedOn(
  db: Db,
  personId: number,
): Promise<{ task: string; version: string; at: Date; actor: string }[]> {
  const first = await db
    .selectFrom('flag_decisions as d')
    .innerJoin('flags as f', 'f.id', 'd.flag_id')
    .select((eb) => eb.fn.min('d.decided_at').as('at'))
    .where('f.person_id', '=', personId)
    .where('d.decision', 'in', ['confirm', 'dismiss', 'correct'])
    .executeTakeFirst();
  if (!first?.at) return [];
  const rows = await db
    .selectFrom('audit_log')
    .select(['entity_id', 'after', 'at', 'actor'])
    .where('action', '=', 'model.trained_with_reviews')
    .where('at', '>', first.at as Date)
    .orderBy('seq')
    .execute();
  return rows
    .filter((r) => (r.after as { personsRecorded?: unknown } | null)?.personsRecorded === undefined)
    .map((r) => ({
      task: r.entity_id,
      version: String((r.after as { version?: unknown } | null)?.version ?? '?'),
      at: r.at,
      actor: r.actor,
    }));
}
