import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { appendAudit } from '../../repositories/audit.repository.ts';
import { createSession, type NewSession } from '../../repositories/sessions.repository.ts';
import { findUserForLogin, recordLoginFailure, recordLoginSuccess } from '../../repositories/users.repository.ts';
import { dummyHash, hashPassword, needsRehash, verifyPassword } from './password.ts';
import type { RateLimiter } from './rate-limit.ts';

export interface LoginSettings {
  /** Consecutive failures that lock an account. */
  maxFailures: number;
  lockMs: number;
  sessionTtlMs: number;
}

export type LoginResult =
  | { ok: true; session: NewSession; user: { id: number; username: string; role: string; displayName: string } }
  | { ok: false; reason: 'invalid' | 'locked' | 'rate_limited'; retryAfterMs?: number };

/**
 * Check a username and password and open a session. Unknown users, disabled users and wrong
 * passwords get the same answer and take the same time (a dummy hash is checked); a locked
 * account is refused without checking the password. Every attempt is audited.
 */
export async function login(
  db: Kysely<Database>,
  input: { username: string; password: string; ip: string; userAgent?: string | undefined },
  settings: LoginSettings,
  limiter: RateLimiter,
  now = new Date(),
): Promise<LoginResult> {
  const username = input.username.trim().toLowerCase();
  const wait = limiter.check(input.ip, now.getTime());
  if (wait > 0) {
    await appendAudit(db, { actor: `ip:${input.ip}`, action: 'login.rate_limited', entityType: 'login', entityId: username.slice(0, 64) });
    return { ok: false, reason: 'rate_limited', retryAfterMs: wait };
  }
  const user = username ? await findUserForLogin(db, username) : undefined;
  const fail = async (reason: 'invalid' | 'locked', extra: Record<string, unknown> = {}): Promise<LoginResult> => {
    limiter.hit(input.ip, now.getTime());
    await appendAudit(db, { actor: `ip:${input.ip}`, action: reason === 'locked' ? 'login.locked' : 'login.failed', entityType: 'login', entityId: username.slice(0, 64), context: extra });
    return { ok: false, reason, ...(typeof extra['retryAfterMs'] === 'number' ? { retryAfterMs: extra['retryAfterMs'] } : {}) };
  };
  if (!user || user.disabled) {
    await verifyPassword(input.password, await dummyHash());
    return fail('invalid');
  }
  if (user.locked_until && user.locked_until > now) return fail('locked', { retryAfterMs: user.locked_until.getTime() - now.getTime() });
  if (!(await verifyPassword(input.password, user.password_hash))) {
    const st = await recordLoginFailure(db, user.id, { maxFailures: settings.maxFailures, lockMs: settings.lockMs, now });
    if (st.lockedUntil && st.lockedUntil > now) {
      await appendAudit(db, { actor: 'system:login', action: 'user.locked', entityType: 'user', entityId: user.id, after: { failed_logins: st.failedLogins, locked_until: st.lockedUntil } });
      return fail('locked', { retryAfterMs: st.lockedUntil.getTime() - now.getTime(), failedLogins: st.failedLogins });
    }
    return fail('invalid', { failedLogins: st.failedLogins });
  }
  await recordLoginSuccess(db, user.id, now);
  if (needsRehash(user.password_hash)) {
    await db.updateTable('users').set({ password_hash: await hashPassword(input.password) }).where('id', '=', user.id).execute();
  }
  const session = await createSession(db, user.id, { ttlMs: settings.sessionTtlMs, ip: input.ip, userAgent: input.userAgent ?? null, now });
  await appendAudit(db, { actor: `user:${user.username}`, action: 'login.succeeded', entityType: 'user', entityId: user.id, context: { ip: input.ip } });
  return { ok: true, session, user: { id: user.id, username: user.username, role: user.role, displayName: user.display_name } };
}
