import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import {
  accountKey,
  addressKey,
  forgetAttempt,
  lockIfOverLimit,
  recordAttempt,
  settleSuccess,
} from '../../repositories/login-throttle.repository.ts';
import { createSession, type NewSession } from '../../repositories/sessions.repository.ts';
import { findUserForLogin, recordLoginSuccess, setPasswordHash } from '../../repositories/users.repository.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword, type ScryptParams } from './password.ts';
import { PasswordGateBusy, type PasswordGate } from './password-gate.ts';

export interface LoginSettings {
  /** Failed attempts on one login name that lock it. */
  maxFailures: number;
  lockMs: number;
  /** Failed attempts from one client address per window before 429. */
  addressLimit: number;
  addressWindowMs: number;
  sessionTtlMs: number;
  /** The cost new hashes get, and the dummy hash of unknown names is checked with. */
  scrypt: ScryptParams;
}

export type LoginResult =
  | { ok: true; session: NewSession; user: { id: number; username: string; role: string; displayName: string } }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited' | 'busy'; retryAfterMs: number };

/** An account name's counter is forgotten after a day without attempts. */
const ACCOUNT_RESET_MS = 24 * 3_600_000;

/**
 * Check a login name and password and open a session.
 *
 * Every attempt is counted before its password is checked, atomically in the database, for the
 * client address and for the login name (whether or not it exists), and only then checked
 * against the limits: parallel requests each see their own count, so no burst gets more password
 * checks than the limits allow. An unknown or disabled name is counted, locked and answered
 * exactly like a real one, and costs one scrypt check like a real one (against a dummy hash of
 * the same cost). A right password is re-checked against a lock set meanwhile by a concurrent
 * wrong attempt. Password checks run through `gate` (a cap on concurrent hashing). Every
 * attempt is audited.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; userAgent?: string | undefined },
  settings: LoginSettings,
  gate: PasswordGate,
  now = new Date(),
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase().slice(0, 64);
  const aKey = addressKey(input.ip);
  const uKey = accountKey(username);
  const audit = (action: string, context?: unknown) =>
    appendAudit(db, { actor: `ip:${input.ip}`, action, entityType: 'login', entityId: username, ...(context ? { context } : {}) });

  const addr = await recordAttempt(db, aKey, {
    limit: settings.addressLimit,
    resetMs: settings.addressWindowMs,
    probeAfterLock: false,
    now,
  });
  if (addr.attempts > settings.addressLimit) {
    await audit('login.rate_limited', { attempts: addr.attempts });
    return {
      ok: false,
      reason: 'rate_limited',
      retryAfterMs: Math.max(1000, addr.windowStartedAt.getTime() + settings.addressWindowMs - now.getTime()),
    };
  }
  const acc = await recordAttempt(db, uKey, { limit: settings.maxFailures, resetMs: ACCOUNT_RESET_MS, probeAfterLock: true, now });
  if ((acc.lockedUntil && acc.lockedUntil > now) || acc.attempts > settings.maxFailures) {
    await audit('login.locked', { attempts: acc.attempts });
    return { ok: false, reason: 'locked', retryAfterMs: acc.lockedUntil ? acc.lockedUntil.getTime() - now.getTime() : settings.lockMs };
  }

  const user = username ? await findUserForLogin(db, username) : undefined;
  const usable = user && !user.disabled ? user : undefined;
  let right: boolean;
  try {
    const stored = usable?.password_hash ?? (await dummyHash(settings.scrypt));
    right = await gate.run(() => verifyPassword(input.password, stored));
  } catch (e) {
    if (!(e instanceof PasswordGateBusy)) throw e;
    await forgetAttempt(db, aKey);
    await forgetAttempt(db, uKey);
    return { ok: false, reason: 'busy', retryAfterMs: 2000 };
  }
  const after = new Date();
  if (!right || !usable) {
    const lock = await lockIfOverLimit(db, uKey, { limit: settings.maxFailures, lockMs: settings.lockMs, now: after });
    if (lock.newly) await audit('login.account_locked', { attempts: acc.attempts, lockedUntil: lock.until });
    await audit('login.failed', { attempts: acc.attempts });
    return lock.until
      ? { ok: false, reason: 'locked', retryAfterMs: lock.until.getTime() - after.getTime() }
      : { ok: false, reason: 'invalid', retryAfterMs: 0 };
  }
  const locked = await db.transaction().execute((trx) => settleSuccess(trx, uKey, after));
  if (locked) {
    await audit('login.locked', { attempts: acc.attempts, rightPassword: true });
    return { ok: false, reason: 'locked', retryAfterMs: locked.getTime() - after.getTime() };
  }
  // A success does not count against the address.
  await forgetAttempt(db, aKey);
  await recordLoginSuccess(db, usable.id, after);
  if (needsRehash(usable.password_hash, settings.scrypt)) {
    // Existing hashes of a lower cost still verify; they are raised on the next login.
    const hash = await gate
      .run(() => hashPassword(input.password, settings.scrypt))
      .catch((e: unknown) => (e instanceof PasswordGateBusy ? undefined : Promise.reject(e)));
    if (hash) await setPasswordHash(db, usable.id, hash, usable.password_hash);
  }
  const session = await createSession(db, usable.id, {
    ttlMs: settings.sessionTtlMs,
    ip: input.ip,
    userAgent: input.userAgent ?? null,
    now: after,
  });
  await appendAudit(db, {
    actor: `user:${usable.username}`,
    action: 'login.succeeded',
    entityType: 'user',
    entityId: usable.id,
    context: { ip: input.ip },
  });
  return { ok: true, session, user: { id: usable.id, username: usable.username, role: usable.role, displayName: usable.display_name } };
}
