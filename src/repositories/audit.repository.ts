import type { Db } from '../db/handle.ts';
import type { AuditEntry } from '../db/schema.ts';

export interface AuditEvent {
  /** `user:<name>`, `system:scan#12`, `import:<file>` ... */
  actor: string;
  /** Verb, e.g. `flag.created`, `flag.confirmed`, `account.updated`. */
  action: string;
  entityType: string;
  entityId: string | number;
  before?: unknown;
  after?: unknown;
  context?: unknown;
}

const j = (v: unknown) => (v === undefined ? null : JSON.stringify(v));

/** Append events to the audit log (the table itself refuses updates and deletes). */
export async function appendAudit(db: Db, events: AuditEvent | AuditEvent[]): Promise<void> {
  const list = Array.isArray(events) ? events : [events];
  if (list.length === 0) return;
  for (let i = 0; i < list.length; i += 1000) {
    await db
      .insertInto('audit_log')
      .values(
        list.slice(i, i + 1000).map((e) => ({
          actor: e.actor,
          action: e.action,
          entity_type: e.entityType,
          entity_id: String(e.entityId),
          before: j(e.before),
          after: j(e.after),
          context: j(e.context),
        })),
      )
      .execute();
  }
}

/** The history of one entity, oldest first. */
export async function auditHistory(db: Db, entityType: string, entityId: string | number): Promise<AuditEntry[]> {
  return db
    .selectFrom('audit_log')
    .selectAll()
    .where('entity_type', '=', entityType)
    .where('entity_id', '=', String(entityId))
    .orderBy('id')
    .execute();
}
