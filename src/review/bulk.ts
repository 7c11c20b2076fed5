import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { can } from '../domain/roles.ts';
import { decideFlag, validateDecision, type Actor } from './decide.ts';
import { ForbiddenError, InvalidInputError, msg, ReviewError } from './errors.ts';
import { assign } from './queue.ts';

/** The most flags one bulk action takes. */
export const MAX_BULK = 200;

export interface BulkRequest {
  action: 'dismiss' | 'assign';
  /** Each flag with the version the person saw: a flag changed since is skipped, not overwritten. */
  flags: { id: number; version: number }[];
  dismissReason?: string | undefined;
  dismissText?: string | undefined;
  assignee?: string | undefined;
  /** Free text kept with every flag's decision or assignment. */
  reason?: string | undefined;
}

export interface BulkOutcome {
  id: number;
  ok: boolean;
  error?: string;
  message?: string;
  pesan?: string;
}

/**
 * Dismiss (with a reason from the list) or assign (to an analyst) many flags at once. Each flag
 * is decided on its own, exactly as one by one (its own transaction, version check, role rules,
 * audit entry marked `bulk`), so one flag that changed meanwhile or is not the person's to
 * decide is reported and skipped while the others go through.
 */
export async function bulkAction(db: Kysely<Database>, actor: Actor, r: BulkRequest): Promise<BulkOutcome[]> {
  if (r.flags.length === 0) throw new InvalidInputError(msg('Pilih setidaknya satu temuan', 'choose at least one flag'), 'flags');
  if (r.flags.length > MAX_BULK)
    throw new InvalidInputError(msg(`Paling banyak ${MAX_BULK} temuan sekaligus`, `at most ${MAX_BULK} flags at once`), 'flags');
  if (new Set(r.flags.map((f) => f.id)).size !== r.flags.length)
    throw new InvalidInputError(msg('Temuan yang sama dipilih dua kali', 'the same flag is listed twice'), 'flags');
  const reason = r.reason?.trim() || undefined;
  if (r.action === 'dismiss') {
    if (!can(actor.role, 'flag.decide'))
      throw new ForbiddenError(msg('Peran Anda tidak boleh memutuskan temuan', 'your role may not decide flags'));
    // Check the reason once, before touching any flag.
    validateDecision({
      flagId: r.flags[0]!.id,
      version: r.flags[0]!.version,
      decision: 'dismiss',
      dismissReason: r.dismissReason,
      dismissText: r.dismissText,
      note: reason,
    });
  } else if (r.action === 'assign') {
    if (!can(actor.role, 'flag.assign'))
      throw new ForbiddenError(msg('Hanya supervisor dan admin yang boleh menugaskan temuan', 'only supervisors and admins assign flags'));
    if (!r.assignee) throw new InvalidInputError(msg('Pilih analis yang ditugaskan', 'choose the analyst to assign'), 'assignee');
  } else
    throw new InvalidInputError(msg('Tindakan massal harus dismiss atau assign', 'the bulk action must be dismiss or assign'), 'action');
  const out: BulkOutcome[] = [];
  for (const f of r.flags) {
    try {
      if (r.action === 'dismiss')
        await decideFlag(db, actor, {
          flagId: f.id,
          version: f.version,
          decision: 'dismiss',
          dismissReason: r.dismissReason,
          dismissText: r.dismissText,
          note: reason,
          bulk: true,
        });
      else await assign(db, actor, f.id, r.assignee!, reason ? `${reason} (massal)` : '(massal)', f.version);
      out.push({ id: f.id, ok: true });
    } catch (e) {
      if (!(e instanceof ReviewError)) throw e;
      out.push({ id: f.id, ok: false, error: e.code, message: e.message, pesan: e.pesan });
    }
  }
  return out;
}
