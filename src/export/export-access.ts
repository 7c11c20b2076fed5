import { UserError } from '../domain/errors.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { type Db } from '../db/handle.ts';

/** Roles that may take research exports. */
export const EXPORT_ROLES = ['researcher', 'admin'] as const;

export class AccessDenied extends UserError {
  override name = 'AccessDenied';
}

export interface AccessRequest {
  username: string;
  /** What is asked for, for the audit entry of a refusal. */
  action: string;
  /** Roles allowed. */
  roles: readonly string[];
  /** Deleted posts: admin only, and only with a stated purpose. */
  includeDeleted?: boolean;
  purpose?: string | null;
  /** Ids-only export (platform post ids with per-person pseudonyms and verdicts): admin only. */
  idsOnly?: boolean;
}

/**
 * Check a user against the users table (review app, migration 0601): the user must exist, be
 * enabled and hold one of the roles; deleted posts need the admin role and a purpose; an ids-only
 * export needs the admin role. A refusal
 * is recorded in the audit log and thrown as {@link AccessDenied}.
 */
export async function authorise(db: Db, r: AccessRequest): Promise<{ username: string; role: string }> {
  const user = await db
    .selectFrom('users')
    .select(['username', 'role', 'disabled'])
    .where('username', '=', r.username.toLowerCase())
    .executeTakeFirst();
  let reason: string | null = null;
  if (!user) reason = `there is no user "${r.username}" (create one with: netra users add)`;
  else if (user.disabled) reason = `user "${r.username}" is disabled`;
  else if (!r.roles.includes(user.role))
    reason = `user "${r.username}" has the role ${user.role}; ${r.action} needs the role ${r.roles.join(' or ')}`;
  else if (r.includeDeleted && user.role !== 'admin') reason = `deleted posts can be exported only by an admin`;
  else if (r.idsOnly && user.role !== 'admin')
    reason = `an ids-only export (platform post ids, rehydratable into named accounts) can be made only by an admin`;
  else if (r.includeDeleted && (!r.purpose || r.purpose.trim().length < 10))
    reason = `deleted posts need --purpose: say why (at least 10 characters), it goes to the audit log`;
  if (reason) {
    await appendAudit(db, {
      actor: `user:${r.username.toLowerCase()}`,
      action: `${r.action}.refused`,
      entityType: 'user',
      entityId: r.username.toLowerCase(),
      context: { reason, include_deleted: Boolean(r.includeDeleted), ids_only: Boolean(r.idsOnly) },
    });
    throw new AccessDenied(`${r.action} refused: ${reason}`);
  }
  return { username: user!.username, role: user!.role };
}
