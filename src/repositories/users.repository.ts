import { sql } from 'kysely';
import type { User } from '../db/schema.ts';
import type { UserRole } from '../domain/roles.ts';
import { appendAudit } from './audit.repository.ts';
import { type Db } from '../db/handle.ts';

export interface NewUserInput {
  username: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
}

/** A user without the password hash: what may leave the repository for display. */
export type PublicUser = Omit<User, 'password_hash'>;

const PUBLIC_COLUMNS = ['id', 'username', 'display_name', 'role', 'disabled', 'failed_logins', 'locked_until', 'last_login_at', 'password_changed_at', 'created_at', 'updated_at'] as const;

export class DuplicateUserError extends Error {
  override name = 'DuplicateUserError';
}

/** Create a user; audited. Throws {@link DuplicateUserError} when the username is taken. */
export async function createUser(db: Db, u: NewUserInput, actor: string): Promise<PublicUser> {
  const row = await db
    .insertInto('users')
    .values({ username: u.username, display_name: u.displayName, role: u.role, password_hash: u.passwordHash, updated_at: new Date() })
    .onConflict((oc) => oc.column('username').doNothing())
    .returning(PUBLIC_COLUMNS)
    .executeTakeFirst();
  if (!row) throw new DuplicateUserError(`user ${JSON.stringify(u.username)} already exists`);
  await appendAudit(db, { actor, action: 'user.created', entityType: 'user', entityId: row.id, after: { username: row.username, role: row.role, display_name: row.display_name } });
  return row;
}

/** With the password hash: for login only. */
export async function findUserForLogin(db: Db, username: string): Promise<User | undefined> {
  return db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
}

export async function findUser(db: Db, username: string): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(PUBLIC_COLUMNS).where('username', '=', username).executeTakeFirst();
}

export async function getUserById(db: Db, id: number): Promise<PublicUser | undefined> {
  return db.selectFrom('users').select(PUBLIC_COLUMNS).where('id', '=', id).executeTakeFirst();
}

export async function listUsers(db: Db): Promise<PublicUser[]> {
  return db.selectFrom('users').select(PUBLIC_COLUMNS).orderBy('username').execute();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Disable or enable a user; disabling also ends their sessions. Audited. Returns false if no such user. */
export async function setUserDisabled(db: Db, username: string, disabled: boolean, actor: string): Promise<boolean> {
  const row = await db.updateTable('users').set({ disabled, updated_at: new Date() }).where('username', '=', username).returning(['id']).executeTakeFirst();
  if (!row) return false;
  if (disabled) await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
  await appendAudit(db, { actor, action: disabled ? 'user.disabled' : 'user.enabled', entityType: 'user', entityId: row.id, after: { disabled } });
  return true;
}

/** Set a new password hash; clears the lockout and ends the user's sessions. Audited (without the hash). */
export async function setUserPassword(db: Db, username: string, passwordHash: string, actor: string): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, failed_logins: 0, locked_until: null, password_changed_at: new Date(), updated_at: new Date() })
    .where('username', '=', username)
    .returning(['id'])
    .executeTakeFirst();
  if (!row) return false;
  await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
  await appendAudit(db, { actor, action: 'user.password_changed', entityType: 'user', entityId: row.id });
  return true;
}

/** Count a failed login; at `maxFailures` the account locks until `now + lockMs`. Returns the new state. */
export async function recordLoginFailure(db: Db, userId: number, opts: { maxFailures: number; lockMs: number; now?: Date }): Promise<{ failedLogins: number; lockedUntil: Date | null }> {
  const now = opts.now ?? new Date();
  const row = await db
    .updateTable('users')
    .set({
      failed_logins: sql`failed_logins + 1`,
      locked_until: sql`case when failed_logins + 1 >= ${opts.maxFailures} then ${new Date(now.getTime() + opts.lockMs)}::timestamptz else locked_until end`,
      updated_at: now,
    })
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
  return { failedLogins: row.failed_logins, lockedUntil: row.locked_until };
}

/** A successful login clears the failure count and any expired lock. */
export async function recordLoginSuccess(db: Db, userId: number, now = new Date()): Promise<void> {
  await db.updateTable('users').set({ failed_logins: 0, locked_until: null, last_login_at: now }).where('id', '=', userId).execute();
}

/** Lift a lockout (admin action); audited. */
export async function unlockUser(db: Db, username: string, actor: string): Promise<boolean> {
  const row = await db.updateTable('users').set({ failed_logins: 0, locked_until: null, updated_at: new Date() }).where('username', '=', username).returning(['id']).executeTakeFirst();
  if (!row) return false;
  await appendAudit(db, { actor, action: 'user.unlocked', entityType: 'user', entityId: row.id });
  return true;
}
