import { sql } from 'kysely';
import type { CampaignAccount } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';
import type { UpsertOutcome } from './registry.repository.ts';

export interface CampaignAccountInput {
  entryKey: string;
  contest: string;
  ownerKind: CampaignAccount['owner_kind'];
  ownerName: string;
  ownerRef: string | null;
  platform: string | null;
  handle: string | null;
  profileUrl: string | null;
  source: string;
  sourceUrl: string | null;
  note: string | null;
}

const fields = (c: CampaignAccountInput) => ({
  contest: c.contest,
  owner_kind: c.ownerKind,
  owner_name: c.ownerName,
  owner_ref: c.ownerRef,
  platform: c.platform,
  handle: c.handle,
  profile_url: c.profileUrl,
  source: c.source,
  source_url: c.sourceUrl,
  note: c.note,
});

/** Create or update a campaign account by its entry key; reports whether anything changed. */
export async function upsertCampaignAccount(db: Db, c: CampaignAccountInput): Promise<UpsertOutcome<CampaignAccount>> {
  const existing = await db.selectFrom('campaign_accounts').selectAll().where('entry_key', '=', c.entryKey).executeTakeFirst();
  const f = fields(c);
  if (!existing) {
    const row = await db
      .insertInto('campaign_accounts')
      .values({ entry_key: c.entryKey, ...f, updated_at: new Date() })
      .returningAll()
      .executeTakeFirstOrThrow();
    return { row, outcome: 'created' };
  }
  const changed = (Object.keys(f) as (keyof typeof f)[]).some((k) => existing[k] !== f[k]);
  if (!changed) return { row: existing, outcome: 'unchanged' };
  const row = await db
    .updateTable('campaign_accounts')
    .set({ ...f, updated_at: new Date() })
    .where('id', '=', existing.id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return { row, outcome: 'updated', before: existing };
}

/** Campaign accounts, by contest, owner and platform; optionally one contest or platform. */
export async function listCampaignAccounts(db: Db, f: { contest?: string; platform?: string } = {}): Promise<CampaignAccount[]> {
  return db
    .selectFrom('campaign_accounts')
    .selectAll()
    .$if(f.contest !== undefined, (q) => q.where('contest', '=', f.contest!.toLowerCase()))
    .$if(f.platform !== undefined, (q) => q.where('platform', '=', f.platform!.toLowerCase()))
    .orderBy('contest')
    .orderBy(sql`length(owner_ref)`)
    .orderBy('owner_ref')
    .orderBy('owner_name')
    .orderBy('platform')
    .orderBy('handle')
    .execute();
}

/** Active campaign accounts that have a handle, keyed `platform:handle` (one handle may serve several contests). */
export async function campaignHandleIndex(db: Db): Promise<Map<string, CampaignAccount[]>> {
  const rows = await db
    .selectFrom('campaign_accounts')
    .selectAll()
    .where('handle', 'is not', null)
    .where('active', '=', true)
    .orderBy('id')
    .execute();
  const out = new Map<string, CampaignAccount[]>();
  for (const r of rows) {
    const k = `${r.platform}:${r.handle}`;
    out.set(k, [...(out.get(k) ?? []), r]);
  }
  return out;
}
