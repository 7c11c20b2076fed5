import { sql } from 'kysely';
import type { Claim } from '../db/schema.ts';
import type { Db } from '../db/handle.ts';

/** A claim row ready to store (the import computes the normalised text and hash). */
export interface ClaimRow {
  source: string;
  source_id: string;
  title: string;
  claim_text: string;
  normalised_text: string;
  nlp_version: string;
  category: string | null;
  debunk_url: string | null;
  published_on: string | null;
  content_sha256: string;
}

/** Hash and nlp version of the stored claims of these sources, by `source \0 source_id`. */
export async function claimStates(db: Db, sources: readonly string[]): Promise<Map<string, { hash: string; nlpVersion: string }>> {
  const out = new Map<string, { hash: string; nlpVersion: string }>();
  if (sources.length === 0) return out;
  const rows = await db
    .selectFrom('claims')
    .select(['source', 'source_id', 'content_sha256', 'nlp_version'])
    .where('source', 'in', [...sources])
    .execute();
  for (const r of rows) out.set(`${r.source}\u0000${r.source_id}`, { hash: r.content_sha256, nlpVersion: r.nlp_version });
  return out;
}

/** Insert or update claims by (source, source_id); `imported_at` keeps the first import's time. */
export async function upsertClaims(db: Db, rows: readonly ClaimRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('claims')
    .values(
      rows.map((r) => {
        const now = new Date();
        return { ...r, imported_at: now, updated_at: now };
      }),
    )
    .onConflict((oc) =>
      oc.columns(['source', 'source_id']).doUpdateSet((eb) => ({
        title: eb.ref('excluded.title'),
        claim_text: eb.ref('excluded.claim_text'),
        normalised_text: eb.ref('excluded.normalised_text'),
        nlp_version: eb.ref('excluded.nlp_version'),
        category: eb.ref('excluded.category'),
        debunk_url: eb.ref('excluded.debunk_url'),
        published_on: eb.ref('excluded.published_on'),
        content_sha256: eb.ref('excluded.content_sha256'),
        updated_at: sql<Date>`now()`,
      })),
    )
    .execute();
}

/** What the matcher needs of every claim (a full scan: the index lives in memory). */
export interface ClaimForIndex {
  source: string;
  source_id: string;
  title: string;
  claim_text: string;
  normalised_text: string;
  nlp_version: string;
}

export async function claimsForIndex(db: Db): Promise<ClaimForIndex[]> {
  return db
    .selectFrom('claims')
    .select(['source', 'source_id', 'title', 'claim_text', 'normalised_text', 'nlp_version'])
    .orderBy('source')
    .orderBy('source_id')
    .execute();
}

export interface ClaimListFilter {
  source?: string;
  category?: string;
  /** Case-insensitive substring of the title or claim text. */
  search?: string;
  limit?: number;
}

export async function listClaims(db: Db, f: ClaimListFilter = {}): Promise<Claim[]> {
  let q = db.selectFrom('claims').selectAll();
  if (f.source) q = q.where('source', '=', f.source);
  if (f.category) q = q.where('category', '=', f.category);
  if (f.search) {
    const like = `%${f.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) => eb.or([eb('title', 'ilike', like), eb('claim_text', 'ilike', like)]));
  }
  return q
    .orderBy('source')
    .orderBy('id')
    .limit(f.limit ?? 50)
    .execute();
}

export async function countClaims(db: Db): Promise<{ source: string; n: number }[]> {
  return db
    .selectFrom('claims')
    .select(['source', (eb) => eb.fn.countAll<number>().as('n')])
    .groupBy('source')
    .orderBy('source')
    .execute();
}

/** One claim by `source:source_id` (as evidence shows it) or by database id. */
export async function findClaim(db: Db, ref: string): Promise<Claim | undefined> {
  const m = /^([a-z0-9][a-z0-9_.-]*):(.+)$/.exec(ref);
  if (m) return db.selectFrom('claims').selectAll().where('source', '=', m[1]!).where('source_id', '=', m[2]!).executeTakeFirst();
  if (/^\d+$/.test(ref)) return db.selectFrom('claims').selectAll().where('id', '=', Number(ref)).executeTakeFirst();
  return undefined;
}
