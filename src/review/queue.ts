import type { Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { can } from '../domain/roles.ts';
import { claimFlag, claimNext, releaseClaim, releaseStaleClaims, type QueueFilter } from '../repositories/queue.repository.ts';
import type { Actor } from './decide.ts';
import { ConflictError, ForbiddenError, NotFoundError } from './errors.ts';

/**
 * "Take next": release stale claims, then claim the analyst's next flag, in one transaction.
 * Two analysts taking next at once get different flags (FOR UPDATE SKIP LOCKED).
 */
export async function takeNext(db: Kysely<Database>, actor: Actor, filter: QueueFilter, claimMs: number): Promise<Flag | undefined> {
  if (!can(actor.role, 'flag.decide')) throw new ForbiddenError('your role may not take flags');
  await releaseStaleClaims(db);
  return db.transaction().execute((trx) => claimNext(trx, actor.username, filter, { claimMs }));
}

/** Claim one given flag (opened from the list); refused when another analyst holds it. */
export async function claim(db: Kysely<Database>, actor: Actor, flagId: number, claimMs: number): Promise<Flag> {
  if (!can(actor.role, 'flag.decide')) throw new ForbiddenError('your role may not take flags');
  return db.transaction().execute(async (trx) => {
    const f = await trx.selectFrom('flags').selectAll().where('id', '=', flagId).forUpdate().executeTakeFirst();
    if (!f) throw new NotFoundError(`flag ${flagId} does not exist`);
    const row = await claimFlag(trx, flagId, actor.username, { claimMs });
    if (!row) throw new ConflictError(`flag ${flagId} is ${f.status}${f.assignee ? ` (${f.assignee})` : ''}: it cannot be taken`, 'not_claimable', { currentStatus: f.status, assignee: f.assignee, currentVersion: f.version });
    return row;
  });
}

/** Give a claim back; supervisors may release anyone's. */
export async function release(db: Kysely<Database>, actor: Actor, flagId: number): Promise<Flag> {
  const row = await releaseClaim(db, flagId, actor.username, can(actor.role, 'flag.decide_escalated'));
  if (!row) throw new ConflictError(`flag ${flagId} is not claimed by you`, 'not_claimed');
  return row;
}
