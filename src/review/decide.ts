import type { Kysely } from 'kysely';
import type { Database, Flag } from '../db/schema.ts';
import { type DecisionKind, DECIDED_STATUSES, DISMISS_REASONS, isDismissReason, statusAfter } from '../domain/decisions.ts';
import { isLabel, LABELS } from '../domain/labels.ts';
import { can } from '../domain/roles.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import { insertDecision, lastDecision, updateFlagIfVersion, type DecisionView } from '../repositories/decisions.repository.ts';
import type { SessionUser } from '../repositories/sessions.repository.ts';
import { ConflictError, ForbiddenError, InvalidInputError, NotFoundError } from './errors.ts';

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
}

export type Actor = Pick<SessionUser, 'userId' | 'username' | 'role'>;

const MAX_TEXT = 4000;

/** Check the fields a decision kind needs; returns the cleaned request. */
export function validateDecision(r: DecisionRequest): DecisionRequest {
  if (!Number.isInteger(r.version) || r.version < 1) throw new InvalidInputError('version must be the flag version shown (a positive whole number)', 'version');
  const note = r.note?.trim() || undefined;
  if (note && note.length > MAX_TEXT) throw new InvalidInputError(`note is longer than ${MAX_TEXT} characters`, 'note');
  switch (r.decision) {
    case 'confirm':
      if (!Number.isInteger(r.skbItem) || r.skbItem! < 1 || r.skbItem! > 11) throw new InvalidInputError('confirm needs an SKB 2022 item, 1 to 11', 'skbItem');
      if (r.labels !== undefined) checkLabels(r.labels);
      return { flagId: r.flagId, version: r.version, decision: 'confirm', skbItem: r.skbItem, labels: r.labels, note };
    case 'dismiss': {
      if (!isDismissReason(r.dismissReason)) throw new InvalidInputError(`dismiss needs a reason: one of ${Object.keys(DISMISS_REASONS).join(', ')}`, 'dismissReason');
      const text = r.dismissText?.trim() || undefined;
      if (r.dismissReason === 'other' && !text) throw new InvalidInputError('reason "other" needs an explanation', 'dismissText');
      if (text && text.length > MAX_TEXT) throw new InvalidInputError(`explanation is longer than ${MAX_TEXT} characters`, 'dismissText');
      return { flagId: r.flagId, version: r.version, decision: 'dismiss', dismissReason: r.dismissReason, dismissText: text, note };
    }
    case 'escalate':
      return { flagId: r.flagId, version: r.version, decision: 'escalate', note };
    case 'correct':
      if (r.labels === undefined) throw new InvalidInputError('correct needs the corrected labels', 'labels');
      checkLabels(r.labels);
      return { flagId: r.flagId, version: r.version, decision: 'correct', labels: r.labels, note };
    default:
      throw new InvalidInputError('decision must be one of confirm, dismiss, escalate, correct', 'decision');
  }
}

function checkLabels(labels: unknown): asserts labels is string[] {
  if (!Array.isArray(labels) || labels.length === 0 || !labels.every(isLabel) || new Set(labels).size !== labels.length)
    throw new InvalidInputError(`labels must be a non-empty list of distinct labels from ${LABELS.join(', ')}`, 'labels');
}

const orderLabels = (labels: string[]) => LABELS.filter((l) => labels.includes(l));

function conflict(current: Flag, last: DecisionView | undefined, why: string): ConflictError {
  const by = last ? ` by ${last.displayName} (${last.username})` : current.assignee ? ` (claimed by ${current.assignee})` : '';
  return new ConflictError(`${why}${by}; nothing was changed. Reload the flag to see the current state.`, 'version_conflict', {
    currentVersion: current.version,
    currentStatus: current.status,
    assignee: current.assignee,
    lastDecision: last ? { decision: last.decision, by: last.username, byName: last.displayName, at: last.decided_at } : null,
  });
}

/**
 * Take a round-1 decision on a flag: the flag changes only if its version is still the one the
 * person saw; otherwise a {@link ConflictError} tells who acted first and nothing is written.
 * Escalated flags are decided by supervisors (and admins). Decision, flag change and audit entry
 * are written in one transaction.
 */
export async function decideFlag(db: Kysely<Database>, actor: Actor, request: DecisionRequest, now = new Date()): Promise<{ flag: Flag; decisionId: number }> {
  if (!can(actor.role, 'flag.decide')) throw new ForbiddenError('your role may not decide flags');
  const r = validateDecision(request);
  return db.transaction().execute(async (trx) => {
    const current = await trx.selectFrom('flags').selectAll().where('id', '=', r.flagId).executeTakeFirst();
    if (!current) throw new NotFoundError(`flag ${r.flagId} does not exist`);
    if (current.version !== r.version) throw conflict(current, await lastDecision(trx, r.flagId), `flag ${r.flagId} was changed after you opened it`);
    if (DECIDED_STATUSES.includes(current.status)) throw conflict(current, await lastDecision(trx, r.flagId), `flag ${r.flagId} is already ${current.status}`);
    if (current.status === 'escalated' && !can(actor.role, 'flag.decide_escalated'))
      throw new ForbiddenError(`flag ${r.flagId} is escalated: a supervisor decides it`);
    const claimedByOther = current.status === 'claimed' && current.assignee !== actor.username && (current.claim_expires_at?.getTime() ?? 0) > now.getTime();
    if (claimedByOther && !can(actor.role, 'flag.decide_escalated')) throw conflict(current, undefined, `flag ${r.flagId} is being reviewed by ${current.assignee}`);
    if (r.decision === 'escalate' && current.status === 'escalated') throw new InvalidInputError(`flag ${r.flagId} is already escalated`, 'decision');

    // A confirm carries labels only when they differ (the form always sends the checkboxes).
    const changed = r.labels && orderLabels(r.labels).join() !== orderLabels(current.labels).join();
    if (r.decision === 'correct' && !changed) throw new InvalidInputError('the corrected labels are the same as the current ones', 'labels');
    const labels = changed ? orderLabels(r.labels!) : undefined;
    const status = statusAfter(r.decision, current.status);
    const terminal = r.decision !== 'correct';
    const updated = await updateFlagIfVersion(trx, r.flagId, r.version, { status, ...(labels ? { labels } : {}), clearClaim: terminal, now });
    if (!updated) {
      const again = await trx.selectFrom('flags').selectAll().where('id', '=', r.flagId).executeTakeFirstOrThrow();
      throw conflict(again, await lastDecision(trx, r.flagId), `flag ${r.flagId} was changed after you opened it`);
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
      action: `flag.${r.decision === 'correct' ? 'labels_corrected' : `${r.decision}${r.decision.endsWith('e') ? 'd' : 'ed'}`}`,
      entityType: 'flag',
      entityId: r.flagId,
      before: { status: current.status, labels: current.labels, version: current.version, assignee: current.assignee },
      after: { status: updated.status, labels: updated.labels, version: updated.version, assignee: updated.assignee },
      context: { decisionId: d.id, skbItem: d.skb_item, dismissReason: d.dismiss_reason, dismissText: d.dismiss_text, note: d.note },
    });
    return { flag: updated, decisionId: d.id };
  });
}
