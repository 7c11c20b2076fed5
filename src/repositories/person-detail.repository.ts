import type { Db } from '../db/handle.ts';

/** A civil servant's registry facts as the person page shows them. */
export interface PersonFacts {
  id: number;
  name: string;
  nip: string | null;
  agency: string;
  position: string | null;
  region: string | null;
  province: string | null;
  employmentType: 'PNS' | 'PPPK' | null;
  /** When the person was erased (UU PDP); their registry facts are then placeholders. */
  erasedAt: Date | null;
}

/** One platform account of the person and how it was linked to them. */
export interface PersonAccount {
  id: number;
  platform: string;
  handle: string;
  profileUrl: string;
  platformAccountId: string | null;
  /** Why the account is believed to be this person's (registry `link_source`). */
  linkSource: string | null;
  linkConfidence: number | null;
  linkEstablishedBy: string | null;
  /** `YYYY-MM-DD` as recorded. */
  linkEstablishedAt: string | null;
  linkEvidenceUrl: string | null;
  /** e.g. `identity_disputed` after an analyst dismissed a flag as the wrong person. */
  tags: string[];
  /** Inactive accounts are no longer collected. */
  active: boolean;
}

export async function getPersonFacts(db: Db, personId: number): Promise<PersonFacts | undefined> {
  const row = await db
    .selectFrom('persons as pe')
    .innerJoin('agencies as g', 'g.id', 'pe.agency_id')
    .leftJoin('person_erasures as e', 'e.person_id', 'pe.id')
    .select([
      'pe.id',
      'pe.name',
      'pe.nip',
      'g.name as agency',
      'pe.position',
      'pe.region',
      'pe.province',
      'pe.employment_type as employmentType',
      'e.erased_at as erasedAt',
    ])
    .where('pe.id', '=', personId)
    .orderBy('e.erased_at', 'desc')
    .executeTakeFirst();
  return row ? { ...row, erasedAt: row.erasedAt ?? null } : undefined;
}

/** The person's accounts, active ones first, then by platform and handle (index `accounts_person_idx`). */
export async function listPersonAccounts(db: Db, personId: number): Promise<PersonAccount[]> {
  const rows = await db
    .selectFrom('accounts')
    .select([
      'id',
      'platform',
      'handle',
      'profile_url as profileUrl',
      'platform_account_id as platformAccountId',
      'link_source as linkSource',
      'link_confidence as linkConfidence',
      'link_established_by as linkEstablishedBy',
      'link_established_at as linkEstablishedAt',
      'link_evidence_url as linkEvidenceUrl',
      'tags',
      'active',
    ])
    .where('person_id', '=', personId)
    .orderBy('active', 'desc')
    .orderBy('platform')
    .orderBy('handle')
    .execute();
  return rows.map((r) => ({ ...r, tags: r.tags ?? [] }));
}
