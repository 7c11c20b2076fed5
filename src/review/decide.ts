import { engagementAccounts } from '../repositories/engagements.repository.ts';
import type { Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { type DecisionKind, DECIDED_STATUSES, DISMISS_REASONS, isDismissReason, statusAfter } from '../domain/decisions.ts';
import type { FlagStatus } from '../domain/statuses.ts';
import { isLabel, LABELS } from '../domain/labels.ts';
import { can } from '../domain/roles.ts';
import { disputeAccountLink } from '../repositories/account-links.repository.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { insertDecision, lastDecision, updateFlagIfVersion, type DecisionView } from '../repositories/decisions.repository.ts';
import type { SessionUser } from '../repositories/sessions.repository.ts';
import { ConflictError, ForbiddenError, InvalidInputError, msg, NotFoundError } from './errors.ts';
import { decisionName, statusName } from './terms.ts';

/** What a person submits when deciding a flag. */
export interface DecisionRequest {
  flagId: number;
  /** The flag version shown to the person: the decision applies only if it is still current. */
  version: number;
  decision: DecisionKind;
  skbItem?: number | undefined;
  dismissReason?: string | undefined;
  dismissText?: string | undefined;
  labels?: string[] | undefined;
  note?: string | undefined;
  /** Part of a bulk action (recorded in the audit entry). */
  bulk?: boolean | undefined;
}

export type Actor = Pick<SessionUser, 'userId' | 'username' | 'role'>;

const MAX_TEXT = 4000;

/** Check the fields a decision kind needs; returns the cleaned request. */
export function validateDecision(r: DecisionRequest): DecisionRequest {
  if (!Number.isInteger(r.version) || r.version < 1)
    throw new InvalidInputError(
      msg(
        'Versi harus versi temuan yang ditampilkan (bilangan bulat positif)',
        'version must be the flag version shown (a positive whole number)',
      ),
      'version',
    );
  const note = r.note?.trim() || undefined;
  if (note && note.length > MAX_TEXT)
    throw new InvalidInputError(msg(`Catatan lebih dari ${MAX_TEXT} karakter`, `note is longer than ${MAX_TEXT} characters`), 'note');
  switch (r.decision) {
    case 'confirm':
      if (!Number.isInteger(r.skbItem) || r.skbItem! < 1 || r.skbItem! > 11)
        throw new InvalidInputError(
          msg('Konfirmasi memerlukan butir SKB 2022, 1 sampai 11', 'confirm needs an SKB 2022 item, 1 to 11'),
          'skbItem',
        );
      if (r.labels !== undefined) checkLabels(r.labels);
      return { flagId: r.flagId, version: r.version, decision: 'confirm', skbItem: r.skbItem, labels: r.labels, note };
    case 'dismiss': {
      if (!isDismissReason(r.dismissReason))
        throw new InvalidInputError(
          msg(
            `Penolakan memerlukan alasan: salah satu dari ${Object.keys(DISMISS_REASONS).join(', ')}`,
            `dismiss needs a reason: one of ${Object.keys(DISMISS_REASONS).join(', ')}`,
          ),
          'dismissReason',
        );
      const text = r.dismissText?.trim() || undefined;
      if (r.dismissReason === 'other' && !text)
        throw new InvalidInputError(msg('Alasan "lainnya" memerlukan penjelasan', 'reason "other" needs an explanation'), 'dismissText');
      if (text && text.length > MAX_TEXT)
        throw new InvalidInputError(
          msg(`Penjelasan lebih dari ${MAX_TEXT} karakter`, `explanation is longer than ${MAX_TEXT} characters`),
          'dismissText',
        );
      return { flagId: r.flagId, version: r.version, decision: 'dismiss', dismissReason: r.dismissReason, dismissText: text, note };
    }
    case 'escalate':
      return { flagId: r.flagId, version: r.version, decision: 'escalate', note };
    case 'correct':
      if (r.labels === undefined)
        throw new InvalidInputError(msg('Koreksi memerlukan label yang benar', 'correct needs the corrected labels'), 'labels');
      checkLabels(r.labels);
      return { flagId: r.flagId, version: r.version, decision: 'correct', labels: r.labels, note };
    case 'reopen':
    case 'withdraw':
      throw new InvalidInputError(
        msg(
          'Membuka kembali atau menarik temuan dilakukan supervisor lewat tindakannya sendiri',
          'reopen and withdraw are a supervisor’s own actions',
        ),
        'decision',
      );
    default:
      throw new InvalidInputError(
        msg(
          'Keputusan harus salah satu dari confirm, dismiss, escalate, correct',
          'decision must be one of confirm, dismiss, escalate, correct',
        ),
        'decision',
      );
  }
}

function checkLabels(labels: unknown): asserts labels is string[] {
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every(isLabel) || new Set(labels).size !== labels.length)
    throw new InvalidInputError(
      msg(
        `Label harus daftar tidak kosong tanpa ulangan dari ${LABELS.join(', ')}`,
        `labels must be a non-empty list of distinct labels from ${LABELS.join(', ')}`,
      ),
      'labels',
    );
}

const orderLabels = (labels: string[]) => LABELS.filter((l) => labels.includes(l));

function conflict(current: Flag, last: DecisionView | undefined, why: { id: string; en: string }): ConflictError {
  const byEn = last ? ` by ${last.displayName} (${last.username})` : current.assignee ? ` (claimed by ${current.assignee})` : '';
  const byId = last
    ? ` oleh ${last.displayName} (${last.username}): ${decisionName('id', last.decision)}`
    : current.assignee
      ? ` (diperiksa ${current.assignee})`
      : '';
  return new ConflictError(
    msg(
      `${why.id}${byId}; tidak ada yang diubah. Muat ulang temuan untuk melihat keadaannya sekarang.`,
      `${why.en}${byEn}; nothing was changed. Reload the flag to see the current state.`,
    ),
    'version_conflict',
    {
      currentVersion: current.version,
      currentStatus: current.status,
      assignee: current.assignee,
      lastDecision: last ? { decision: last.decision, by: last.username, byName: last.displayName, at: last.decided_at } : null,
    },
  );
}

const changedMeanwhile = (id: number) =>
  msg(`Temuan ${id} sudah diubah setelah Anda membukanya`, `flag ${id} was changed after you opened it`);

/** The audit verb of a decision: `flag.confirmed`, `flag.labels_corrected`, `flag.reopened` ... */
const auditAction = (d: DecisionKind) =>
  `flag.${d === 'correct' ? 'labels_corrected' : `${d}${d.endsWith('e') ? 'd' : d === 'withdraw' ? 'n' : 'ed'}`}`;

/**
 * Take a round-1 decision on a flag: the flag changes only if its version is still the one the
 * person saw; otherwise a {@link ConflictError} tells who acted first and nothing is written.
 * Escalated flags are decided by supervisors (and admins). Decision, flag change and audit entry
 * are written in one transaction.
 */
export async function decideFlag(
  db: Kysely<Database>,
  actor: Actor,
  request: DecisionRequest,
  now = new Date(),
): Promise<{ flag: Flag; decisionId: number }> {
  if (!can(actor.role, 'flag.decide'))
    throw new ForbiddenError(msg('Peran Anda tidak boleh memutuskan temuan', 'your role may not decide flags'));
  const r = validateDecision(request);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('flags').selectAll().where('id', '=', r.flagId).executeTakeFirst();
    if (!current) throw new NotFoundError(msg(`Temuan ${r.flagId} tidak ada`, `flag ${r.flagId} does not exist`));
    if (current.version !== r.version) throw conflict(current, await lastDecision(trx, r.flagId), changedMeanwhile(r.flagId));
    if (DECIDED_STATUSES.includes(current.status))
      throw conflict(
        current,
        await lastDecision(trx, r.flagId),
        msg(`Temuan ${r.flagId} sudah ${statusName('id', current.status)}`, `flag ${r.flagId} is already ${current.status}`),
      );
    if (current.status === 'escalated' && !can(actor.role, 'flag.decide_escalated'))
      throw new ForbiddenError(
        msg(`Temuan ${r.flagId} dieskalasi: supervisor yang memutuskan`, `flag ${r.flagId} is escalated: a supervisor decides it`),
      );
    const heldByOther =
      current.status === 'claimed' &&
      current.assignee !== actor.username &&
      (current.claim_expires_at === null || current.claim_expires_at.getTime() > now.getTime());
    if (heldByOther && !can(actor.role, 'flag.decide_escalated'))
      throw conflict(
        current,
        undefined,
        msg(`Temuan ${r.flagId} sedang diperiksa ${current.assignee}`, `flag ${r.flagId} is being reviewed by ${current.assignee}`),
      );
    if (r.decision === 'escalate' && current.status === 'escalated')
      throw new InvalidInputError(msg(`Temuan ${r.flagId} sudah dieskalasi`, `flag ${r.flagId} is already escalated`), 'decision');

    // A confirm carries labels only when they differ (the form always sends the checkboxes).
    const changed = r.labels && orderLabels(r.labels).join() !== orderLabels(current.labels).join();
    if (r.decision === 'correct' && !changed)
      throw new InvalidInputError(
        msg('Label koreksi sama dengan label sekarang', 'the corrected labels are the same as the current ones'),
        'labels',
      );
    const labels = changed ? orderLabels(r.labels!) : undefined;
    const status = statusAfter(r.decision, current.status);
    const terminal = r.decision !== 'correct';
    const updated = await updateFlagIfVersion(trx, r.flagId, r.version, {
      status,
      ...(labels ? { labels } : {}),
      clearClaim: terminal,
      now,
    });
    if (!updated) {
      const again = await trx.selectFrom('flags').selectAll().where('id', '=', r.flagId).executeTakeFirstOrThrow();
      throw conflict(again, await lastDecision(trx, r.flagId), changedMeanwhile(r.flagId));
    }
    const d = await insertDecision(trx, {
      flagId: r.flagId,
      decision: r.decision,
      skbItem: r.skbItem ?? null,
      dismissReason: r.dismissReason ?? null,
      dismissText: r.dismissText ?? null,
      labelsBefore: labels ? current.labels : null,
      correctedLabels: labels ?? null,
      note: r.note ?? null,
      decidedBy: actor.userId,
      flagVersion: r.version,
      decidedAt: now,
    });
    await appendAudit(trx, {
      actor: `user:${actor.username}`,
      action: auditAction(r.decision),
      entityType: 'flag',
      entityId: r.flagId,
      before: { status: current.status, labels: current.labels, version: current.version, assignee: current.assignee },
      after: { status: updated.status, labels: updated.labels, version: updated.version, assignee: updated.assignee },
      context: {
        decisionId: d.id,
        skbItem: d.skb_item,
        dismissReason: d.dismiss_reason,
        hasDismissText: d.dismiss_text !== null,
        hasNote: d.note !== null,
        ...(request.bulk ? { bulk: true } : {}),
      },
    });
    // Not this person's account: the link is disputed pending review (and the dismissal is no negative label).
    if (r.decision === 'dismiss' && r.dismissReason === 'wrong_identity')
      for (const target of current.post_id !== null ? [{ postId: current.post_id }] : await engagementAccounts(trx, r.flagId))
        await disputeAccountLink(trx, { ...target, flagId: r.flagId, actor: `user:${actor.username}`, now });
    return { flag: updated, decisionId: d.id };
  });
}

/** The statuses a supervisor may reopen (back to the queue) or withdraw (out of the process) from. */
export const REOPENABLE: readonly FlagStatus[] = ['confirmed', 'dismissed', 'escalated', 'withdrawn'];
export const WITHDRAWABLE: readonly FlagStatus[] = ['open', 'claimed', 'escalated', 'confirmed', 'dismissed'];

/**
 * A supervisor's reopen (the flag goes back to the queue, `open`, for a fresh decision) or
 * withdrawal (the flag leaves the process, `withdrawn`: never reported, not training data), with
 * a required reason. Stored as a round-1 decision, so the decisions before it stay on record
 * and everything that reads decisions knows they were set aside; audited with before and after.
 */
export async function reopenOrWithdraw(
  db: Kysely<Database>,
  actor: Actor,
  r: { flagId: number; version: number; kind: 'reopen' | 'withdraw'; reason: string },
  now = new Date(),
): Promise<{ flag: Flag; decisionId: number }> {
  if (!can(actor.role, 'flag.reopen'))
    throw new ForbiddenError(
      msg(
        'Hanya supervisor dan admin yang boleh membuka kembali atau menarik temuan',
        'only supervisors and admins reopen or withdraw flags',
      ),
    );
  const reason = r.reason.trim();
  if (!reason) throw new InvalidInputError(msg('Alasan wajib diisi', 'a reason is required'), 'reason');
  if (reason.length > MAX_TEXT)
    throw new InvalidInputError(msg(`Alasan lebih dari ${MAX_TEXT} karakter`, `reason is longer than ${MAX_TEXT} characters`), 'reason');
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('flags').selectAll().where('id', '=', r.flagId).executeTakeFirst();
    if (!current) throw new NotFoundError(msg(`Temuan ${r.flagId} tidak ada`, `flag ${r.flagId} does not exist`));
    if (current.version !== r.version) throw conflict(current, await lastDecision(trx, r.flagId), changedMeanwhile(r.flagId));
    const allowed = r.kind === 'reopen' ? REOPENABLE : WITHDRAWABLE;
    if (!allowed.includes(current.status))
      throw new ConflictError(
        msg(
          `Temuan berstatus ${statusName('id', current.status)} tidak bisa ${r.kind === 'reopen' ? 'dibuka kembali' : 'ditarik'}`,
          `a flag that is ${current.status} cannot be ${r.kind === 'reopen' ? 'reopened' : 'withdrawn'}`,
        ),
        'not_allowed',
        { currentStatus: current.status },
      );
    const updated = await updateFlagIfVersion(trx, r.flagId, r.version, {
      status: statusAfter(r.kind, current.status),
      clearClaim: true,
      now,
    });
    if (!updated) throw conflict(current, await lastDecision(trx, r.flagId), changedMeanwhile(r.flagId));
    const d = await insertDecision(trx, {
      flagId: r.flagId,
      decision: r.kind,
      note: reason,
      decidedBy: actor.userId,
      flagVersion: r.version,
      decidedAt: now,
    });
    await appendAudit(trx, {
      actor: `user:${actor.username}`,
      action: auditAction(r.kind),
      entityType: 'flag',
      entityId: r.flagId,
      before: { status: current.status, version: current.version, assignee: current.assignee },
      after: { status: updated.status, version: updated.version },
      context: { decisionId: d.id, reason },
    });
    return { flag: updated, decisionId: d.id };
  });
}
