import { sql, type RawBuilder, type SqlBool } from 'kysely';
import { SECOND_REVIEW_SALT } from '../domain/second-review-sample.ts';
import type { Db } from '../db/handle.ts';

/** An analyst who may be asked for blind second reviews, and the share of flags sampled. */
export interface BlindViewer {
  userId: number;
  share: number;
}

/** `sampledForSecondReview(f.id, share)` computed by the database (same hash, same cut). */
export function secondReviewSampleSql(share: number, idColumn = sql.ref('f.id')): RawBuilder<SqlBool> {
  if (share <= 0) return sql<SqlBool>`false`;
  if (share >= 1) return sql<SqlBool>`true`;
  return sql<SqlBool>`(('x' || left(encode(sha256(convert_to(${SECOND_REVIEW_SALT} || ${idColumn}::text, 'UTF8')), 'hex'), 8))::bit(32)::bigint / 4294967296.0 < ${share})`;
}

/**
 * True for a flag `f` whose first decision the viewer must not see yet: decided, in the
 * second-review sample, without a blind second review, and not decided by the viewer.
 */
export function blindFor(v: BlindViewer): RawBuilder<SqlBool> {
  return sql<SqlBool>`(f.status in ('confirmed', 'dismissed') and ${secondReviewSampleSql(v.share)}
    and not exists (select 1 from flag_decisions bd where bd.flag_id = f.id and (bd.round >= 2 or bd.decided_by = ${v.userId})))`;
}

/** Which of `flagIds` the viewer must see blind. */
export async function blindFlagIds(db: Db, v: BlindViewer, flagIds: readonly number[]): Promise<Set<number>> {
  if (flagIds.length === 0 || v.share <= 0) return new Set();
  const rows = await db
    .selectFrom('flags as f')
    .select('f.id')
    .where('f.id', 'in', [...flagIds])
    .where(blindFor(v))
    .execute();
  return new Set(rows.map((r) => r.id));
}
