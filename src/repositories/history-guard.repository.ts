import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import { UserError } from '../domain/errors.ts';

/** History tables whose append-only triggers an erasure or a retention run lifts, inside its own transaction only. */
const GUARDED = [
  ['evidence', 'evidence_append_only'],
  ['flag_decisions', 'flag_decisions_append_only'],
] as const;

/**
 * Run `fn` in `trx` with the append-only triggers of evidence and decisions disabled. ALTER
 * TABLE holds its lock to the commit, so no other session ever sees them off; only the schema's
 * owner may do it (erasure and retention run as the owner, like `netra db migrate`).
 */
export async function withHistoryUnlocked<T>(trx: Db, fn: () => Promise<T>): Promise<T> {
  for (const [table, trigger] of GUARDED) await sql`alter table ${sql.id(table)} disable trigger ${sql.id(trigger)}`.execute(trx);
  const out = await fn();
  for (const [table, trigger] of GUARDED) await sql`alter table ${sql.id(table)} enable trigger ${sql.id(trigger)}`.execute(trx);
  return out;
}

/** A clear error for a history change made without the owner's rights. */
export function ownerNeeded(what: string, e: unknown): unknown {
  const m = e instanceof Error ? e.message : String(e);
  return /must be owner|permission denied/i.test(m)
    ? new UserError(`${what} changes history tables and must run connected as the database's owner role (as for netra db migrate): ${m}`)
    : e;
}
