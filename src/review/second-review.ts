import { sql, type Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { type UserRole, can } from '../domain/roles.ts';
import { cohensKappa, type KappaResult } from '../domain/agreement.ts';
import { isLabel, LABELS } from '../domain/labels.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { type Db } from '../db/handle.ts';
import { insertDecision, updateFlagIfVersion } from '../repositories/decisions.repository.ts';
import { sampledForSecondReview } from '../domain/second-review-sample.ts';
import { secondReviewSampleSql } from '../repositories/second-review.repository.ts';
import { flagPlatformSql, flagPostedAtSql, flagTextSql } from '../repositories/engagement-flag.sql.ts';
import { ConflictError, ForbiddenError, InvalidInputError, msg, NotFoundError } from './errors.ts';

export { sampledForSecondReview };

/**
 * Blind second reviews: a configurable share of decided flags (`NETRA_SECOND_REVIEW_SHARE`) goes
 * to a second analyst who sees the post and the model's labels but not the first decision. Until
 * they decide, the first decision is hidden from them everywhere (the flag page, the API, lists
 * filtered by status, the case report: see `blindFor`). The second decision is stored as round
 * 2; it never changes the flag when both agree. When they disagree the flag goes back to
 * `escalated`, and a supervisor's decision settles it (adjudication). Second reviews are given
 * by analysts; supervisors adjudicate. Agreement is measured per label with Cohen's kappa.
 */

/** What a second reviewer sees: the post and what the model found; never the first decision. */
export interface BlindItem {
  flagId: number;
  /** The flag version to send back with the decision. */
  version: number;
  text: string;
  platform: string;
  postedAt: Date | null;
  /** The labels the classifier raised (not the labels after any correction). */
  modelLabels: string[];
  scores: Record<string, number>;
}

/**
 * Flags waiting for this user's blind second review, oldest decision first: decided in round 1
 * by someone else, sampled, without a round-2 decision.
 */
export async function secondReviewQueue(db: Db, userId: number, share: number, limit = 20): Promise<BlindItem[]> {
  if (share <= 0) return [];
  return (
    db
      .selectFrom('flags as f')
      // An engagement flag has no post or classification (0907): its items' summary and its own labels stand in.
      .leftJoin('posts as p', 'p.id', 'f.post_id')
      .leftJoin('classifications as c', 'c.id', 'f.classification_id')
      .select([
        'f.id as flagId',
        'f.version',
        flagTextSql.as('text'),
        flagPlatformSql.as('platform'),
        flagPostedAtSql.as('postedAt'),
        sql<string[]>`coalesce(c.flags, f.labels)`.as('modelLabels'),
        sql<Record<string, number>>`coalesce(c.scores, jsonb_build_object('partisan', f.max_score))`.as('scores'),
      ])
      .where('f.status', 'in', ['confirmed', 'dismissed'])
      .where(secondReviewSampleSql(share))
      .where(({ exists, not, selectFrom }) =>
        not(
          exists(
            selectFrom('flag_decisions as d')
              .select('d.id')
              .whereRef('d.flag_id', '=', 'f.id')
              .where((eb) => eb.or([eb('d.round', '>=', 2), eb('d.decided_by', '=', userId)])),
          ),
        ),
      )
      .orderBy('f.updated_at')
      .orderBy('f.id')
      .limit(limit)
      .execute()
  );
}

export interface SecondReviewRequest {
  flagId: number;
  decision: 'confirm' | 'dismiss';
  /** For confirm: the labels the second reviewer says apply (default: the model's labels). */
  labels?: string[];
  /** For confirm: the SKB 2022 item. */
  skbItem?: number;
  dismissReason?: string;
  note?: string;
}

export interface SecondReviewOutcome {
  agreement: 'agreed' | 'disagreed';
  first: string[];
  second: string[];
}

const ordered = (l: readonly string[]) => LABELS.filter((x) => l.includes(x));
const same = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * Record a blind second review. Refused to the person who decided the flag, to a flag not in the
 * sample or not decided, and to a flag already second-reviewed. Disagreement (a different label
 * set) sends the flag to a supervisor.
 */
export async function decideSecondReview(
  db: Kysely<Database>,
  actor: { userId: number; username: string; role: UserRole },
  r: SecondReviewRequest,
  share: number,
  now = new Date(),
): Promise<SecondReviewOutcome> {
  if (!can(actor.role, 'flag.second_review'))
    throw new ForbiddenError(
      msg(
        'Tinjauan kedua diberikan oleh analis (supervisor memutus perbedaannya)',
        'second reviews are given by analysts (supervisors adjudicate them)',
      ),
    );
  if (r.decision !== 'confirm' && r.decision !== 'dismiss')
    throw new InvalidInputError(msg('Tinjauan kedua mengonfirmasi atau menolak', 'a second review confirms or dismisses'), 'decision');
  if (r.decision === 'confirm' && (!Number.isInteger(r.skbItem) || r.skbItem! < 1 || r.skbItem! > 11))
    throw new InvalidInputError(
      msg('Konfirmasi memerlukan butir SKB 2022, 1 sampai 11', 'confirm needs an SKB 2022 item, 1 to 11'),
      'skbItem',
    );
  if (r.labels && (!r.labels.length || !r.labels.every(isLabel)))
    throw new InvalidInputError(
      msg(`Label harus daftar tidak kosong dari ${LABELS.join(', ')}`, `labels must be a non-empty list from ${LABELS.join(', ')}`),
      'labels',
    );
  if (!sampledForSecondReview(r.flagId, share))
    throw new InvalidInputError(
      msg(`Temuan ${r.flagId} tidak termasuk sampel tinjauan kedua`, `flag ${r.flagId} is not in the second-review sample`),
      'flagId',
    );
  return db.transaction().execute(async (trx) => {
    const flag = await trx
      .selectFrom('flags as f')
      .leftJoin('classifications as c', 'c.id', 'f.classification_id')
      .select(['f.id', 'f.status', 'f.labels', 'f.version', sql<string[]>`coalesce(c.flags, f.labels)`.as('modelLabels')])
      .where('f.id', '=', r.flagId)
      .executeTakeFirst();
    if (!flag) throw new NotFoundError(msg(`Temuan ${r.flagId} tidak ada`, `flag ${r.flagId} does not exist`));
    if (flag.status !== 'confirmed' && flag.status !== 'dismissed')
      throw new ConflictError(
        msg(
          `Temuan ${r.flagId} belum diputuskan: hanya temuan yang sudah diputuskan yang ditinjau kedua kalinya`,
          `flag ${r.flagId} is ${flag.status}: only decided flags get a second review`,
        ),
        'not_decided',
      );
    const decisions = await trx.selectFrom('flag_decisions').select(['round', 'decided_by']).where('flag_id', '=', r.flagId).execute();
    if (decisions.some((d) => d.round === 1 && d.decided_by === actor.userId))
      throw new ForbiddenError(
        msg(
          'Tinjauan kedua harus oleh orang lain, bukan peninjau pertama',
          'a second review must be by someone other than the first reviewer',
        ),
      );
    if (decisions.some((d) => d.round >= 2))
      throw new ConflictError(
        msg(`Temuan ${r.flagId} sudah ditinjau kedua kalinya`, `flag ${r.flagId} already has a second review`),
        'already_reviewed',
      );
    const first = flag.status === 'confirmed' ? ordered(flag.labels) : [];
    const second = r.decision === 'confirm' ? ordered(r.labels ?? flag.modelLabels) : [];
    await insertDecision(trx, {
      flagId: r.flagId,
      round: 2,
      decision: r.decision,
      skbItem: r.decision === 'confirm' ? r.skbItem! : null,
      dismissReason: r.decision === 'dismiss' ? (r.dismissReason ?? 'other') : null,
      dismissText: r.decision === 'dismiss' && !r.dismissReason ? 'second review' : null,
      correctedLabels: r.decision === 'confirm' ? second : null,
      note: r.note ?? null,
      decidedBy: actor.userId,
      flagVersion: flag.version,
      decidedAt: now,
    });
    const agreement = same(first, second) ? 'agreed' : 'disagreed';
    await appendAudit(trx, {
      actor: `user:${actor.username}`,
      action: 'flag.second_reviewed',
      entityType: 'flag',
      entityId: r.flagId,
      after: { decision: r.decision, labels: second, agreement },
    });
    if (agreement === 'disagreed') {
      const updated = await updateFlagIfVersion(trx, r.flagId, flag.version, { status: 'escalated', clearClaim: true, now });
      if (!updated)
        throw new ConflictError(
          msg(
            `Temuan ${r.flagId} diubah orang lain sementara itu; tidak ada yang dicatat`,
            `flag ${r.flagId} was changed meanwhile; nothing was recorded`,
          ),
          'version_conflict',
        );
      await appendAudit(trx, {
        actor: `user:${actor.username}`,
        action: 'flag.escalated_disagreement',
        entityType: 'flag',
        entityId: r.flagId,
        before: { status: flag.status, version: flag.version },
        after: { status: 'escalated', version: updated.version },
        context: { reason: 'blind second review disagrees with the first decision; a supervisor adjudicates' },
      });
    }
    return { agreement, first, second };
  });
}

/**
 * Cohen's kappa per label over flags with a blind second review: the first settling round-1
 * decision against the first round-2 decision.
 */
export async function agreementByLabel(db: Db, since?: Date): Promise<Record<string, KappaResult>> {
  let q = db
    .selectFrom('flag_decisions as d')
    .innerJoin('flags as f', 'f.id', 'd.flag_id')
    .leftJoin('classifications as c', 'c.id', 'f.classification_id')
    .select([
      'd.flag_id',
      'd.round',
      'd.decision',
      'd.corrected_labels',
      'd.labels_before',
      'd.decided_at',
      'd.id',
      sql<string[]>`coalesce(c.flags, f.labels)`.as('modelLabels'),
    ])
    .where('d.decision', 'in', ['confirm', 'dismiss', 'correct'])
    .where(({ exists, selectFrom }) =>
      exists(selectFrom('flag_decisions as s').select('s.id').whereRef('s.flag_id', '=', 'd.flag_id').where('s.round', '>=', 2)),
    );
  if (since) q = q.where('d.decided_at', '>=', since);
  const rows = await q.orderBy('d.flag_id').orderBy('d.id').execute();
  const byFlag = new Map<number, typeof rows>();
  for (const r of rows) byFlag.set(r.flag_id, [...(byFlag.get(r.flag_id) ?? []), r]);
  const pairs: [string[], string[]][] = [];
  for (const list of byFlag.values()) {
    // Labels before any correction are the ones the first reviewer started from.
    let working: string[] | null = null;
    let first: string[] | null = null;
    let second: string[] | null = null;
    for (const d of list) {
      if (d.round === 1) {
        if (d.decision === 'correct') working = d.corrected_labels;
        else if (first === null) first = d.decision === 'dismiss' ? [] : (d.corrected_labels ?? working ?? d.modelLabels);
      } else if (second === null) second = d.decision === 'dismiss' ? [] : (d.corrected_labels ?? []);
    }
    if (first && second) pairs.push([first, second]);
  }
  return Object.fromEntries(LABELS.map((l) => [l, cohensKappa(pairs.map(([a, b]) => [a.includes(l), b.includes(l)] as const))]));
}
