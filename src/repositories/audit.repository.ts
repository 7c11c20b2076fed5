import { sql } from 'kysely';
import type { Db } from '../db/handle.ts';
import type { AuditEntry } from '../db/schema.ts';
import type { AuditChainEntry } from '../domain/audit-chain.ts';

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

/** One page of the audit chain after `afterSeq`, with every field as the chain hashes it. */
export async function auditChainPage(db: Db, afterSeq: number, limit = 5000): Promise<AuditChainEntry[]> {
  const rows = await sql<{
    id: number;
    seq: number;
    prev_hash: string;
    hash: string;
    at: string;
    actor: string;
    action: string;
    entity_type: string;
    entity_id: string;
    before: string | null;
    after: string | null;
    context: string | null;
  }>`
    select id, seq, prev_hash, hash, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at, actor, action, entity_type, entity_id,
      before::text as before, after::text as after, context::text as context
    from audit_log where seq > ${afterSeq} order by seq limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({
    id: Number(r.id),
    seq: Number(r.seq),
    prevHash: r.prev_hash,
    hash: r.hash,
    at: r.at,
    actor: r.actor,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    context: r.context,
  }));
}

/** The last entry of the chain as the database recorded it. */
export async function auditChainHead(db: Db): Promise<{ seq: number; hash: string } | null> {
  const r = await db.selectFrom('audit_chain_head').select(['seq', 'hash']).executeTakeFirst();
  return r ? { seq: Number(r.seq), hash: r.hash } : null;
}

/** Entries outside the chain (no seq or hash: only possible if someone bypassed the trigger). */
export async function auditEntriesWithoutChain(db: Db): Promise<number> {
  const r = (await sql<{ n: number }>`select count(*) as n from audit_log where seq is null or hash is null`.execute(db)).rows[0];
  return Number(r?.n ?? 0);
}

/**
 * Flags whose status does not follow from their round-1 decisions: decided without a decision
 * on record, or in another state than the last decision left them (someone changed `flags`
 * directly, not through a decision).
 */
export async function flagsOffTheRecord(db: Db, limit = 50): Promise<{ flagId: number; status: string; lastDecision: string | null }[]> {
  const rows = await sql<{ flag_id: number; status: string; last: string | null }>`
    select f.id as flag_id, f.status, d.decision as last
    from flags f
    left join lateral (select decision from flag_decisions where flag_id = f.id and round = 1 and decision <> 'correct' order by id desc limit 1) d on true
    where (f.status = 'confirmed' and d.decision is distinct from 'confirm')
       or (f.status = 'dismissed' and d.decision is distinct from 'dismiss')
       or (f.status = 'withdrawn' and d.decision is distinct from 'withdraw')
       or (f.status = 'escalated' and d.decision is distinct from 'escalate'
           and not exists (select 1 from flag_decisions r2 where r2.flag_id = f.id and r2.round >= 2))
       or (f.status in ('open', 'claimed') and d.decision in ('confirm', 'dismiss', 'withdraw', 'escalate'))
    order by f.id limit ${limit}`.execute(db);
  return rows.rows.map((r) => ({ flagId: Number(r.flag_id), status: r.status, lastDecision: r.last }));
}
