import { sql } from 'kysely';
import type { Flag, FlagDecision } from '../db/schema.ts';
import type { DecisionKind } from '../domain/decisions.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import type { Db } from '../db/handle.ts';

export interface NewDecision {
  flagId: number;
  round?: number;
  decision: DecisionKind;
  skbItem?: number | null;
  dismissReason?: string | null;
  dismissText?: string | null;
  labelsBefore?: string[] | null;
  correctedLabels?: string[] | null;
  note?: string | null;
  decidedBy: number;
  /** The flag version the person saw. */
  flagVersion: number;
  decidedAt?: Date;
}

export async function insertDecision(db: Db, d: NewDecision): Promise<FlagDecision> {
  return db
    .insertInto('flag_decisions')
    .values({
      flag_id: d.flagId,
      round: d.round ?? 1,
      decision: d.decision,
      skb_item: d.skbItem ?? null,
      dismiss_reason: d.dismissReason ?? null,
      dismiss_text: d.dismissText ?? null,
      labels_before: d.labelsBefore ? JSON.stringify(d.labelsBefore) : null,
      corrected_labels: d.correctedLabels ? JSON.stringify(d.correctedLabels) : null,
      note: d.note ?? null,
      decided_by: d.decidedBy,
      flag_version: d.flagVersion,
      ...(d.decidedAt ? { decided_at: d.decidedAt } : {}),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/**
 * Change a flag only if it still has the version the person saw (optimistic concurrency):
 * returns the updated row, or undefined when someone else changed it first.
 */
export async function updateFlagIfVersion(
  db: Db,
  flagId: number,
  expectedVersion: number,
  set: { status?: FlagStatus; labels?: string[]; clearClaim?: boolean; now?: Date },
): Promise<Flag | undefined> {
  return db
    .updateTable('flags')
    .set({
      ...(set.status ? { status: set.status } : {}),
      ...(set.labels ? { labels: JSON.stringify(set.labels) } : {}),
      ...(set.clearClaim ? { assignee: null, claimed_at: null, claim_expires_at: null } : {}),
      updated_at: set.now ?? new Date(),
      version: sql`version + 1`,
    })
    .where('id', '=', flagId)
    .where('version', '=', expectedVersion)
    .returningAll()
    .executeTakeFirst();
}

/** A decision with who took it. */
export interface DecisionView extends FlagDecision {
  username: string;
  displayName: string;
}

/** Decisions on a flag, oldest first (all rounds). */
export async function listDecisions(db: Db, flagId: number): Promise<DecisionView[]> {
  return db
    .selectFrom('flag_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .selectAll('d')
    .select(['u.username', 'u.display_name as displayName'])
    .where('d.flag_id', '=', flagId)
    .orderBy('d.id')
    .execute();
}

/** The newest round-1 decision of a flag, if any. */
export async function lastDecision(db: Db, flagId: number): Promise<DecisionView | undefined> {
  return db
    .selectFrom('flag_decisions as d')
    .innerJoin('users as u', 'u.id', 'd.decided_by')
    .selectAll('d')
    .select(['u.username', 'u.display_name as displayName'])
    .where('d.flag_id', '=', flagId)
    .where('d.round', '=', 1)
    .orderBy('d.id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

export async function addNote(db: Db, flagId: number, authorId: number, text: string): Promise<{ id: number; created_at: Date }> {
  return db
    .insertInto('flag_notes')
    .values({ flag_id: flagId, author_id: authorId, text })
    .returning(['id', 'created_at'])
    .executeTakeFirstOrThrow();
}

export async function listNotes(
  db: Db,
  flagId: number,
): Promise<{ id: number; text: string; createdAt: Date; username: string; displayName: string }[]> {
  return db
    .selectFrom('flag_notes as n')
    .innerJoin('users as u', 'u.id', 'n.author_id')
    .select(['n.id', 'n.text', 'n.created_at as createdAt', 'u.username', 'u.display_name as displayName'])
    .where('n.flag_id', '=', flagId)
    .orderBy('n.id')
    .execute();
}
