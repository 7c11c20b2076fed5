import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import { accountKey, lockIfOverLimit, recordAttempt, settleSuccess } from '../../repositories/login-throttle.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { findUserForLogin, setUserPassword } from '../../repositories/users.repository.ts';
import { InvalidInputError, msg, TryLaterError } from '../errors.ts';
import { hashPassword, passwordProblem, verifyPassword, type ScryptParams } from './password.ts';
import { PasswordGateBusy, type PasswordGate } from './password-gate.ts';

const BUSY = () =>
  new TryLaterError(
    msg('Server sedang sibuk memeriksa kata sandi; coba lagi sebentar lagi', 'too many password checks at once; try again in a moment'),
    'busy',
    503,
    2,
  );

/**
 * A signed-in person changes their own password: the current one is checked first, counted
 * against the same per-name limit as logins (a stolen session cannot guess it at leisure); the
 * new one must meet the password rules and differ. Their other sessions end; this one stays.
 * Audited (without any password or hash).
 */
export async function changeOwnPassword(
  db: Kysely<Database>,
  user: SessionUser,
  input: { current: string; next: string; repeat?: string | undefined },
  o: { maxFailures: number; lockMs: number; scrypt: ScryptParams; gate: PasswordGate; now?: Date },
): Promise<void> {
  const now = o.now ?? new Date();
  const key = accountKey(user.username);
  const problem = passwordProblem(input.next);
  if (problem) throw new InvalidInputError(msg(problemId(problem), problem), 'newPassword');
  if (input.repeat !== undefined && input.repeat !== input.next)
    throw new InvalidInputError(msg('Kedua isian kata sandi baru tidak sama', 'the two new passwords differ'), 'repeatPassword');
  if (input.next === input.current)
    throw new InvalidInputError(
      msg('Kata sandi baru harus berbeda dari yang lama', 'the new password must differ from the current one'),
      'newPassword',
    );
  const st = await recordAttempt(db, key, { limit: o.maxFailures, resetMs: 24 * 3_600_000, probeAfterLock: true, now });
  if ((st.lockedUntil && st.lockedUntil > now) || st.attempts > o.maxFailures)
    throw new TryLaterError(
      msg('Terlalu banyak percobaan kata sandi yang salah; coba lagi nanti', 'too many wrong passwords; try again later'),
      'locked',
      429,
      Math.ceil(o.lockMs / 1000),
    );
  const row = await findUserForLogin(db, user.username);
  let right = false;
  try {
    right = !!row && (await o.gate.run(() => verifyPassword(input.current, row.password_hash)));
  } catch (e) {
    if (e instanceof PasswordGateBusy) throw BUSY();
    throw e;
  }
  if (!right) {
    await lockIfOverLimit(db, key, { limit: o.maxFailures, lockMs: o.lockMs, now: new Date() });
    throw new InvalidInputError(msg('Kata sandi sekarang salah', 'the current password is wrong'), 'currentPassword');
  }
  if (await db.transaction().execute((trx) => settleSuccess(trx, key, new Date())))
    throw new TryLaterError(
      msg('Terlalu banyak percobaan kata sandi yang salah; coba lagi nanti', 'too many wrong passwords; try again later'),
      'locked',
      429,
      Math.ceil(o.lockMs / 1000),
    );
  let hash: string;
  try {
    hash = await o.gate.run(() => hashPassword(input.next, o.scrypt));
  } catch (e) {
    if (e instanceof PasswordGateBusy) throw BUSY();
    throw e;
  }
  await setUserPassword(db, user.username, hash, `user:${user.username}`, { keepSession: user.sessionId });
}

/** The password rule broken, in Bahasa Indonesia. */
export function problemId(problem: string): string {
  if (/at least (\d+)/.test(problem)) return `Kata sandi minimal ${/at least (\d+)/.exec(problem)![1]} karakter`;
  if (/at most (\d+)/.test(problem)) return `Kata sandi maksimal ${/at most (\d+)/.exec(problem)![1]} karakter`;
  if (/white space/.test(problem)) return 'Kata sandi tidak boleh diawali atau diakhiri spasi';
  return problem;
}
