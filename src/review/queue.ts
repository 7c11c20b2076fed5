import type { Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { can } from '../domain/roles.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { claimFlag, claimNext, releaseClaim, releaseStaleClaims, type QueueFilter } from '../repositories/queue.repository.ts';
import { findUser } from '../repositories/users.repository.ts';
import type { Actor } from './decide.ts';
import { ConflictError, ForbiddenError, InvalidInputError, msg, NotFoundError } from './errors.ts';
import { statusName } from './terms.ts';

/**
 * "Take next": release stale claims, then claim the analyst's next flag, in one transaction.
 * Two analysts taking next at once get different flags (FOR UPDATE SKIP LOCKED).
 */
export async function takeNext(db: Kysely<Database>, actor: Actor, filter: QueueFilter, claimMs: number): Promise<Flag | undefined> {
  if (!can(actor.role, 'flag.decide'))
    throw new ForbiddenError(msg('Peran Anda tidak boleh mengambil temuan', 'your role may not take flags'));
  await releaseStaleClaims(db);
  return db.transaction().execute((trx) => claimNext(trx, actor.username, filter, { claimMs }));
}

/** Claim one given flag (opened from the list); refused when another analyst holds it. */
export async function claim(db: Kysely<Database>, actor: Actor, flagId: number, claimMs: number): Promise<Flag> {
  if (!can(actor.role, 'flag.decide'))
    throw new ForbiddenError(msg('Peran Anda tidak boleh mengambil temuan', 'your role may not take flags'));
  return db.transaction().execute(async (trx) => {
    const f = await trx.selectFrom('flags').selectAll().where('id', '=', flagId).forUpdate().executeTakeFirst();
    if (!f) throw new NotFoundError(msg(`Temuan ${flagId} tidak ada`, `flag ${flagId} does not exist`));
    const row = await claimFlag(trx, flagId, actor.username, { claimMs });
    if (!row)
      throw new ConflictError(
        msg(
          `Temuan ${flagId} berstatus ${statusName('id', f.status)}${f.assignee ? ` (${f.assignee})` : ''}: tidak bisa diambil`,
          `flag ${flagId} is ${f.status}${f.assignee ? ` (${f.assignee})` : ''}: it cannot be taken`,
        ),
        'not_claimable',
        { currentStatus: f.status, assignee: f.assignee, currentVersion: f.version },
      );
    return row;
  });
}

/** Give a claim back; supervisors may release anyone's. */
export async function release(db: Kysely<Database>, actor: Actor, flagId: number): Promise<Flag> {
  const row = await releaseClaim(db, flagId, actor.username, can(actor.role, 'flag.decide_escalated'));
  if (!row)
    throw new ConflictError(msg(`Temuan ${flagId} tidak sedang Anda periksa`, `flag ${flagId} is not claimed by you`), 'not_claimed');
  return row;
}

/**
 * Assign an undecided flag to an analyst (supervisors and admins): it becomes theirs, without
 * the claim's time limit, until they decide or give it back; it comes first when they take
 * next. Taking it from someone who holds it is allowed and recorded. Audited with the reason.
 */
export async function assign(
  db: Kysely<Database>,
  actor: Actor,
  flagId: number,
  to: string,
  reason: string | undefined,
  expectedVersion?: number,
): Promise<Flag> {
  if (!can(actor.role, 'flag.assign'))
    throw new ForbiddenError(msg('Hanya supervisor dan admin yang boleh menugaskan temuan', 'only supervisors and admins assign flags'));
  const target = await findUser(db, to);
  if (!target || target.disabled || !can(target.role, 'flag.decide'))
    throw new InvalidInputError(
      msg(`${JSON.stringify(to)} bukan analis aktif`, `${JSON.stringify(to)} is not an active analyst`),
      'assignee',
    );
  return db.transaction().execute(async (trx) => {
    const f = await trx.selectFrom('flags').selectAll().where('id', '=', flagId).forUpdate().executeTakeFirst();
    if (!f) throw new NotFoundError(msg(`Temuan ${flagId} tidak ada`, `flag ${flagId} does not exist`));
    if (expectedVersion !== undefined && f.version !== expectedVersion)
      throw new ConflictError(
        msg(`Temuan ${flagId} sudah diubah orang lain; tidak ada yang diubah`, `flag ${flagId} was changed meanwhile; nothing was changed`),
        'version_conflict',
        { currentVersion: f.version, currentStatus: f.status },
      );
    if (f.status !== 'open' && f.status !== 'claimed')
      throw new ConflictError(
        msg(
          `Temuan ${flagId} berstatus ${statusName('id', f.status)}: hanya temuan terbuka yang ditugaskan`,
          `flag ${flagId} is ${f.status}: only undecided, open flags are assigned`,
        ),
        'not_assignable',
        { currentStatus: f.status },
      );
    const now = new Date();
    const row = await trx
      .updateTable('flags')
      .set({
        status: 'claimed',
        assignee: target.username,
        claimed_at: now,
        claim_expires_at: null,
        updated_at: now,
        version: f.version + 1,
      })
      .where('id', '=', flagId)
      .where('version', '=', f.version)
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, {
      actor: `user:${actor.username}`,
      action: 'flag.assigned',
      entityType: 'flag',
      entityId: flagId,
      before: { status: f.status, assignee: f.assignee, version: f.version },
      after: { status: row.status, assignee: row.assignee, version: row.version },
      context: { reason: reason ?? null },
    });
    return row;
  });
}
