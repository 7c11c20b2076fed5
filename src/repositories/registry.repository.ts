import { sql } from 'kysely';
import type { Account, Person } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/** Insert the agency if new; return its id either way. */
export async function ensureAgency(db: Db, name: string): Promise<number> {
  const inserted = await db
    .insertInto('agencies')
    .values({ name })
    .onConflict((oc) => oc.column('name').doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return inserted.id;
  const row = await db.selectFrom('agencies').select('id').where('name', '=', name).executeTakeFirstOrThrow();
  return row.id;
}

export interface PersonInput {
  personKey: string;
  nip: string | null;
  name: string;
  agencyId: number;
  position: string | null;
  region: string | null;
  province: string | null;
  employmentType: 'PNS' | 'PPPK' | null;
}

export type UpsertOutcome<T> = { row: T; outcome: 'created' | 'updated' | 'unchanged'; before?: T };

const personFields = (p: PersonInput) => ({
  nip: p.nip,
  name: p.name,
  agency_id: p.agencyId,
  position: p.position,
  region: p.region,
  province: p.province,
  employment_type: p.employmentType,
});

function changed(before: Record<string, unknown>, after: Record<string, unknown>): boolean {
  return Object.keys(after).some((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
}

/** Create or update a person by `person_key`; reports whether anything changed. */
export async function upsertPerson(db: Db, p: PersonInput): Promise<UpsertOutcome<Person>> {
  const existing = await db.selectFrom('persons').selectAll().where('person_key', '=', p.personKey).executeTakeFirst();
  const fields = personFields(p);
  if (!existing) {
    const row = await db
      .insertInto('persons')
      .values({ person_key: p.personKey, ...fields, updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, outcome: 'created' };
  }
  if (!changed(existing, fields)) return { row: existing, outcome: 'unchanged' };
  const row = await db
    .updateTable('persons')
    .set({ ...fields, updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, outcome: 'updated', before: existing };
}

export interface AccountInput {
  personId: number;
  platform: string;
  handle: string;
  profileUrl: string;
  linkSource: string | null;
  linkConfidence: number | null;
  /** Who established the link, when (`YYYY-MM-DD`), and a URL showing its basis. */
  linkEstablishedBy?: string | null;
  linkEstablishedAt?: string | null;
  linkEvidenceUrl?: string | null;
  tags: string[];
}

/** Create or update an account by (platform, handle). */
export async function upsertAccount(db: Db, a: AccountInput): Promise<UpsertOutcome<Account>> {
  const existing = await db
    .selectFrom('accounts')
    .selectAll()
    .where('platform', '=', a.platform)
    .where('handle', '=', a.handle)
    .executeTakeFirst();
  const fields = {
    person_id: a.personId,
    profile_url: a.profileUrl,
    link_source: a.linkSource,
    link_confidence: a.linkConfidence,
    link_established_by: a.linkEstablishedBy ?? null,
    link_established_at: a.linkEstablishedAt ?? null,
    link_evidence_url: a.linkEvidenceUrl ?? null,
  };
  if (!existing) {
    const row = await db
      .insertInto('accounts')
      .values({ ...fields, platform: a.platform, handle: a.handle, tags: JSON.stringify(a.tags), updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, outcome: 'created' };
  }
  const roundedBefore = {
    ...existing,
    link_confidence: existing.link_confidence === null ? null : Math.round(existing.link_confidence * 1e4) / 1e4,
  };
  const roundedAfter = { ...fields, link_confidence: a.linkConfidence === null ? null : Math.round(a.linkConfidence * 1e4) / 1e4 };
  if (!changed(roundedBefore, roundedAfter) && JSON.stringify(existing.tags) === JSON.stringify(a.tags)) {
    return { row: existing, outcome: 'unchanged' };
  }
  const row = await db
    .updateTable('accounts')
    .set({ ...fields, tags: JSON.stringify(a.tags), updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, outcome: 'updated', before: existing };
}

/** An account with the identity behind it: what collection and the analysts need. */
export interface AccountWithPerson {
  accountId: number;
  platform: string;
  handle: string;
  profileUrl: string;
  personId: number;
  personName: string;
  nip: string | null;
  agency: string;
  region: string | null;
  province: string | null;
  tags: string[];
}

export interface AccountFilter {
  platforms?: string[];
  agencies?: string[];
  regions?: string[];
  tags?: string[];
  handles?: string[];
  activeOnly?: boolean;
}

/** Registered accounts matching a filter (all when the filter is empty), in a stable order. */
export async function listAccounts(db: Db, f: AccountFilter = {}): Promise<AccountWithPerson[]> {
  let q = db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .innerJoin('agencies as g', 'g.id', 'p.agency_id')
    .select([
      'a.id as accountId',
      'a.platform',
      'a.handle',
      'a.profile_url as profileUrl',
      'p.id as personId',
      'p.name as personName',
      'p.nip',
      'g.name as agency',
      'p.region',
      'p.province',
      'a.tags',
    ]);
  if (f.activeOnly !== false) q = q.where('a.active', '=', true);
  if (f.platforms?.length) q = q.where('a.platform', 'in', f.platforms);
  if (f.agencies?.length) q = q.where('g.name', 'in', f.agencies);
  if (f.regions?.length) q = q.where((eb) => eb.or([eb('p.region', 'in', f.regions!), eb('p.province', 'in', f.regions!)]));
  if (f.handles?.length)
    q = q.where(
      'a.handle',
      'in',
      f.handles.map((h) => h.toLowerCase()),
    );
  if (f.tags?.length) q = q.where(sql<boolean>`a.tags ?| ${sql.val(f.tags)}::text[]`);
  return q.orderBy('a.id').execute();
}

export async function countRegistry(db: Db): Promise<{ agencies: number; persons: number; accounts: number }> {
  const r = await sql<{ agencies: number; persons: number; accounts: number }>`
    select (select count(*) from agencies)::int as agencies,
           (select count(*) from persons)::int as persons,
           (select count(*) from accounts)::int as accounts`.execute(db);
  return r.rows[0]!;
}

/** The registered account with this platform handle, if any. */
export async function findAccount(db: Db, platform: string, handle: string) {
  return db
    .selectFrom('accounts')
    .select(['id', 'person_id', 'platform', 'handle', 'profile_url'])
    .where('platform', '=', platform)
    .where('handle', '=', handle.toLowerCase())
    .executeTakeFirst();
}

/** Everything an analyst needs to judge why an account is believed to be a civil servant's. */
export async function accountDetail(db: Db, platform: string, handle: string) {
  const a = await db
    .selectFrom('accounts as a')
    .innerJoin('persons as p', 'p.id', 'a.person_id')
    .innerJoin('agencies as g', 'g.id', 'p.agency_id')
    .select([
      'a.id as accountId',
      'a.platform',
      'a.handle',
      'a.profile_url as profileUrl',
      'a.active',
      'a.link_source as linkSource',
      'a.link_confidence as linkConfidence',
      'a.link_established_by as linkEstablishedBy',
      'a.link_established_at as linkEstablishedAt',
      'a.link_evidence_url as linkEvidenceUrl',
      'p.name as personName',
      'p.nip',
      'p.position',
      'p.employment_type as employmentType',
      'g.name as agency',
      'p.region',
      'p.province',
    ])
    .where('a.platform', '=', platform)
    .where('a.handle', '=', handle.toLowerCase())
    .executeTakeFirst();
  if (!a) return undefined;
  const cursors = await db.selectFrom('collect_cursors').selectAll().where('account_id', '=', a.accountId).orderBy('source').execute();
  const posts = await db
    .selectFrom('posts')
    .select([sql<number>`count(*)::int`.as('total'), sql<number>`count(deleted_at)::int`.as('deleted')])
    .where('account_id', '=', a.accountId)
    .executeTakeFirstOrThrow();
  return { ...a, cursors, posts };
}

/** One account as collection sees it, by id (undefined when it is gone). */
export async function getAccountRef(
  db: Db,
  accountId: number,
): Promise<Pick<AccountWithPerson, 'accountId' | 'platform' | 'handle' | 'profileUrl'> | undefined> {
  return db
    .selectFrom('accounts')
    .select(['id as accountId', 'platform', 'handle', 'profile_url as profileUrl'])
    .where('id', '=', accountId)
    .executeTakeFirst();
}
