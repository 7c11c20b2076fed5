import type { FlagStatus } from '../domain/statuses.ts';
import { can } from '../domain/roles.ts';
import type { BlindViewer } from '../repositories/second-review.repository.ts';
import { blindFlagIds } from '../repositories/second-review.repository.ts';
import type { SessionUser } from '../repositories/sessions.repository.ts';
import type { Db } from '../db/handle.ts';
import { ConflictError, ReviewError, msg } from './errors.ts';

/**
 * Keeping the second review blind: an analyst who may still be asked to review a decided flag
 * blind (it is in the sample, nobody has given its second review, and they did not decide it)
 * must not see how it was decided before they decide themselves. Such a flag's page, API and
 * case report are refused to them, and lists show it without status or labels.
 */
export class BlindReviewPending extends ReviewError {
  override name = 'BlindReviewPending';
  override readonly status = 403;
  constructor(flagId: number) {
    super(
      msg(
        `Temuan ${flagId} menunggu tinjauan kedua Anda yang buta: putuskan dulu di halaman Tinjauan kedua, baru keputusan pertama terlihat.`,
        `flag ${flagId} awaits your blind second review: decide it on the Second review page first; then the first decision shows.`,
      ),
      'blind_review_pending',
      { flagId, secondReviews: '/second-reviews' },
    );
  }
}

/** The viewer to keep blind: analysts (who give second reviews), never supervisors or admins. */
export function blindViewer(user: SessionUser, share: number): BlindViewer | undefined {
  return can(user.role, 'flag.second_review') && share > 0 ? { userId: user.userId, share } : undefined;
}

/** Refuse a flag the user must review blind first. */
export async function assertNotBlind(db: Db, user: SessionUser, share: number, flagId: number): Promise<void> {
  const v = blindViewer(user, share);
  if (v && (await blindFlagIds(db, v, [flagId])).has(flagId)) throw new BlindReviewPending(flagId);
}

/** A list row as shown: status `blind` and no labels when the user must review it blind. */
export type ShownStatus = FlagStatus | 'blind';

/** Hide status and labels of the rows the user must review blind. */
export async function redactBlind<T extends { id: number; status: string; labels: string[] }>(
  db: Db,
  user: SessionUser,
  share: number,
  rows: T[],
): Promise<(Omit<T, 'status'> & { status: ShownStatus })[]> {
  const v = blindViewer(user, share);
  const decided = rows.filter((r) => r.status === 'confirmed' || r.status === 'dismissed').map((r) => r.id);
  const blind = v && decided.length ? await blindFlagIds(db, v, decided) : new Set<number>();
  return rows.map((r) =>
    blind.has(r.id) ? { ...r, status: 'blind' as const, labels: [] } : (r as Omit<T, 'status'> & { status: ShownStatus }),
  );
}

/**
 * A conflict on a flag the user must review blind would tell them its first decision (who, what,
 * the status): give them only that it was decided and awaits a blind review.
 */
export async function blindSafeConflict(db: Db, user: SessionUser, share: number, flagId: number, e: unknown): Promise<unknown> {
  if (!(e instanceof ConflictError)) return e;
  const v = blindViewer(user, share);
  if (!v || !(await blindFlagIds(db, v, [flagId])).has(flagId)) return e;
  return new ConflictError(
    msg(
      `Temuan ${flagId} sudah diputuskan orang lain dan kini menunggu tinjauan kedua yang buta; keputusan pertama tidak ditampilkan. Tidak ada yang diubah.`,
      `flag ${flagId} was decided by someone else and now awaits a blind second review; the first decision is not shown. Nothing was changed.`,
    ),
    e.code,
    { flagId, blind: true },
  );
}
