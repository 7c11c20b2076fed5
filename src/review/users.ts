import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { USER_ROLES, type UserRole } from '../domain/roles.ts';
import {
  createUser,
  DuplicateUserError,
  setUserDisabled,
  setUserPassword,
  setUserRole,
  unlockUser,
  type PublicUser,
} from '../repositories/users.repository.ts';
import type { ScryptParams } from './auth/password.ts';
import { hashPassword, passwordProblem } from './auth/password.ts';
import { PasswordGateBusy, type PasswordGate } from './auth/password-gate.ts';
import { problemId } from './auth/change-password.ts';
import type { Actor } from './decide.ts';
import { ConflictError, InvalidInputError, msg, NotFoundError, TryLaterError } from './errors.ts';

/** What an admin does to users, from the users page or the API; every change is audited by the repository. */
export const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;

const actorOf = (a: Actor) => `user:${a.username}`;
const noSuchUser = (u: string) => new NotFoundError(msg(`Pengguna ${JSON.stringify(u)} tidak ada`, `no user ${JSON.stringify(u)}`));

async function hashChecked(password: string, o: { scrypt: ScryptParams; gate: PasswordGate }): Promise<string> {
  const problem = passwordProblem(password);
  if (problem) throw new InvalidInputError(msg(problemId(problem), problem), 'password');
  try {
    return await o.gate.run(() => hashPassword(password, o.scrypt));
  } catch (e) {
    if (e instanceof PasswordGateBusy)
      throw new TryLaterError(
        msg('Server sedang sibuk; coba lagi sebentar lagi', 'too many password checks at once; try again in a moment'),
        'busy',
        503,
        2,
      );
    throw e;
  }
}

export function checkRole(role: unknown): UserRole {
  if (!(USER_ROLES as readonly unknown[]).includes(role))
    throw new InvalidInputError(
      msg(`Peran harus salah satu dari ${USER_ROLES.join(', ')}`, `role must be one of ${USER_ROLES.join(', ')}`),
      'role',
    );
  return role as UserRole;
}

export async function addUser(
  db: Kysely<Database>,
  actor: Actor,
  u: { username: string; displayName?: string | undefined; role: unknown; password: string },
  o: { scrypt: ScryptParams; gate: PasswordGate },
): Promise<PublicUser> {
  if (!USERNAME.test(u.username))
    throw new InvalidInputError(
      msg(
        'Nama pengguna: 2-32 huruf kecil, angka, ".", "_" atau "-", diawali huruf',
        'username: 2-32 lowercase letters, digits, ".", "_" or "-", starting with a letter',
      ),
      'username',
    );
  const role = checkRole(u.role);
  const passwordHash = await hashChecked(u.password, o);
  const displayName = u.displayName?.trim() ? u.displayName.trim().slice(0, 200) : u.username;
  try {
    return await createUser(db, { username: u.username, displayName, role, passwordHash }, actorOf(actor));
  } catch (e) {
    if (e instanceof DuplicateUserError)
      throw new ConflictError(msg(`Pengguna ${JSON.stringify(u.username)} sudah ada`, e.message), 'duplicate_user');
    throw e;
  }
}

export async function setDisabled(db: Kysely<Database>, actor: Actor, username: string, disabled: boolean): Promise<void> {
  if (disabled && username === actor.username)
    throw new InvalidInputError(msg('Anda tidak bisa menonaktifkan diri sendiri', 'you cannot disable yourself'), 'username');
  if (!(await setUserDisabled(db, username, disabled, actorOf(actor)))) throw noSuchUser(username);
}

export async function unlock(db: Kysely<Database>, actor: Actor, username: string): Promise<void> {
  if (!(await unlockUser(db, username, actorOf(actor)))) throw noSuchUser(username);
}

export async function changeRole(db: Kysely<Database>, actor: Actor, username: string, role: unknown): Promise<void> {
  const r = checkRole(role);
  if (username === actor.username && r !== actor.role)
    throw new InvalidInputError(msg('Anda tidak bisa mengubah peran sendiri', 'you cannot change your own role'), 'role');
  if (!(await setUserRole(db, username, r, actorOf(actor)))) throw noSuchUser(username);
}

/** An admin sets a new password for someone (who then signs in with it and should change it). */
export async function resetPassword(
  db: Kysely<Database>,
  actor: Actor,
  username: string,
  password: string,
  o: { scrypt: ScryptParams; gate: PasswordGate },
): Promise<void> {
  const hash = await hashChecked(password, o);
  if (!(await setUserPassword(db, username, hash, actorOf(actor)))) throw noSuchUser(username);
}
