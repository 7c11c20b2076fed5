import { createHash, randomBytes } from 'node:crypto';
import type { UserRole } from '../domain/roles.ts';
import type { Db } from '../db/handle.ts';

/** SHA-256 of a session token: the only form stored. */
export function sessionId(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export interface NewSession {
  /** Goes into the cookie; never stored. */
  token: string;
  csrfToken: string;
  expiresAt: Date;
}

export async function createSession(
  db: Db,
  userId: number,
  opts: { ttlMs: number; ip?: string | null; userAgent?: string | null; now?: Date },
): Promise<NewSession> {
  const now = opts.now ?? new Date();
  const token = randomBytes(32).toString('base64url');
  const csrfToken = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + opts.ttlMs);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId(token),
      user_id: userId,
      csrf_token: csrfToken,
      created_at: now,
      last_seen_at: now,
      expires_at: expiresAt,
      ip: opts.ip ?? null,
      user_agent: opts.userAgent?.slice(0, 300) ?? null,
    })
    .execute();
  return { token, csrfToken, expiresAt };
}

/** The signed-in user behind a cookie token. */
export interface SessionUser {
  sessionId: string;
  csrfToken: string;
  expiresAt: Date;
  userId: number;
  username: string;
  displayName: string;
  role: UserRole;
}

/**
 * The live session for a token: not expired, user not disabled. Sliding expiry: each use
 * moves `expires_at` to `now + ttlMs` (written at most once a minute).
 */
export async function findSession(db: Db, token: string, opts: { ttlMs: number; now?: Date }): Promise<SessionUser | undefined> {
  const now = opts.now ?? new Date();
  const id = sessionId(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .select([
      's.id as sessionId',
      's.csrf_token as csrfToken',
      's.expires_at as expiresAt',
      's.last_seen_at as lastSeenAt',
      'u.id as userId',
      'u.username',
      'u.display_name as displayName',
      'u.role',
    ])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', now)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
  if (!row) return undefined;
  const { lastSeenAt, ...user } = row;
  if (now.getTime() - lastSeenAt.getTime() > 60_000) {
    user.expiresAt = new Date(now.getTime() + opts.ttlMs);
    await db.updateTable('sessions').set({ last_seen_at: now, expires_at: user.expiresAt }).where('id', '=', id).execute();
  }
  return user;
}

export async function deleteSession(db: Db, token: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId(token)).execute();
}

export async function deleteExpiredSessions(db: Db, now = new Date()): Promise<number> {
  const r = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
