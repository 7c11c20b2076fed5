import { sql, type SqlBool } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { User } from '../db/schema.ts';
import type { UserRole } from '../domain/roles.ts';
import { appendAudit } from './audit.repository.ts';
import { accountKey, clearThrottle } from './login-throttle.repository.ts';

export interface NewUserInput {
  username: string;
  displayName: string;
  role: UserRole;
  passwordHash: string;
}

/** A user without the password hash: what may leave the repository for display. */
export type PublicUser = Omit<User, 'password_hash'>;

const PUBLIC_COLUMNS = [
  'id',
  'username',
  'display_name',
  'role',
  'disabled',
  'last_login_at',
  'password_changed_at',
  'created_at',
  'updated_at',
] as const;

/** A user as the users page and `netra users list` show them: with any login lock in force. */
export type UserListItem = PublicUser & { locked_until: Date | null };

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
  await appendAudit(db, {
    actor,
    action: 'user.created',
    entityType: 'user',
    entityId: row.id,
    after: { username: row.username, role: row.role },
  });
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

export async function listUsers(db: Db, now = new Date()): Promise<UserListItem[]> {
  return db
    .selectFrom('users as u')
    .leftJoin('login_throttle as t', (j) => j.on(sql<SqlBool>`t.key = 'account:' || u.username`).on('t.locked_until', '>', now))
    .select(PUBLIC_COLUMNS.map((c) => `u.${c}` as const))
    .select('t.locked_until')
    .orderBy('u.username')
    .execute();
}

export async function countUsers(db: Db): Promise<number> {
  const r = await db.selectFrom('users').select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(r.n);
}

/** Disable or enable a user; disabling also ends their sessions. Audited. Returns false if no such user. */
export async function setUserDisabled(db: Db, username: string, disabled: boolean, actor: string): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ disabled, updated_at: new Date() })
    .where('username', '=', username)
    .returning(['id'])
    .executeTakeFirst();
  if (!row) return false;
  if (disabled) await db.deleteFrom('sessions').where('user_id', '=', row.id).execute();
  await appendAudit(db, {
    actor,
    action: disabled ? 'user.disabled' : 'user.enabled',
    entityType: 'user',
    entityId: row.id,
    after: { disabled },
  });
  return true;
}

/**
 * Set a new password hash; clears the login lock and ends the user's sessions (all of them, or
 * all but `keepSession`: the one changing their own password stays signed in). Audited (without
 * the hash).
 */
export async function setUserPassword(
  db: Db,
  username: string,
  passwordHash: string,
  actor: string,
  o: { keepSession?: string } = {},
): Promise<boolean> {
  const row = await db
    .updateTable('users')
    .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
    .where('username', '=', username)
    .returning(['id'])
    .executeTakeFirst();
  if (!row) return false;
  await clearThrottle(db, accountKey(username));
  let q = db.deleteFrom('sessions').where('user_id', '=', row.id);
  if (o.keepSession) q = q.where('id', '<>', o.keepSession);
  await q.execute();
  await appendAudit(db, {
    actor,
    action: 'user.password_changed',
    entityType: 'user',
    entityId: row.id,
    ...(o.keepSession ? { context: { otherSessionsEnded: true } } : {}),
  });
  return true;
}

/** Replace a hash by a stronger one of the same password (on login), if it is still `previous`. */
export async function setPasswordHash(db: Db, userId: number, passwordHash: string, previous: string): Promise<void> {
  await db
    .updateTable('users')
    .set({ password_hash: passwordHash })
    .where('id', '=', userId)
    .where('password_hash', '=', previous)
    .execute();
}

/** A successful login: when it happened. */
export async function recordLoginSuccess(db: Db, userId: number, now = new Date()): Promise<void> {
  await db.updateTable('users').set({ last_login_at: now }).where('id', '=', userId).execute();
}

/** Change a user's role; audited with before and after. Returns false if no such user. */
export async function setUserRole(db: Db, username: string, role: UserRole, actor: string): Promise<boolean> {
  const before = await db.selectFrom('users').select(['id', 'role']).where('username', '=', username).executeTakeFirst();
  if (!before) return false;
  if (before.role === role) return true;
  await db.updateTable('users').set({ role, updated_at: new Date() }).where('id', '=', before.id).execute();
  // A new role takes effect at the next sign-in: end the user's sessions now.
  await db.deleteFrom('sessions').where('user_id', '=', before.id).execute();
  await appendAudit(db, {
    actor,
    action: 'user.role_changed',
    entityType: 'user',
    entityId: before.id,
    before: { role: before.role },
    after: { role },
  });
  return true;
}

/** Lift a login lock (admin action); audited. */
export async function unlockUser(db: Db, username: string, actor: string): Promise<boolean> {
  const row = await db.selectFrom('users').select('id').where('username', '=', username).executeTakeFirst();
  if (!row) return false;
  await clearThrottle(db, accountKey(username));
  await appendAudit(db, { actor, action: 'user.unlocked', entityType: 'user', entityId: row.id });
  return true;
}
