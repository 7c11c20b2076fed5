import { createHash } from 'node:crypto';
import { walkChain, type ChainHead, type ChainLink, type ChainReport, type WalkOptions } from './hash-chain.ts';

/**
 * The audit log's hash chain (migration 0902), recomputed outside the database. Each entry's
 * hash is SHA-256 over `|`-joined fields, each written `<UTF-8 byte length>:<text>` or `-` for
 * null: seq, prev_hash, at (UTC, microseconds), actor, action, entity_type, entity_id, before,
 * after, context (jsonb as PostgreSQL prints it). The first entry's prev_hash is CHAIN_GENESIS
 * (hash-chain.ts, 64 zeros), which the walk shared by every chain checks.
 */

/** An audit entry as the chain hashes it (texts exactly as the database prints them). */
export interface AuditChainEntry extends ChainLink {
  /** `YYYY-MM-DDTHH:MI:SS.UUUUUUZ` */
  at: string;
  actor: string;
  action: string;
  entityType: string;
  entityId: string;
  before: string | null;
  after: string | null;
  context: string | null;
}

const field = (v: string | null) => (v === null ? '-' : `${Buffer.byteLength(v, 'utf8')}:${v}`);

export function entryHash(e: Omit<AuditChainEntry, 'id' | 'hash'>): string {
  const payload = [String(e.seq), e.prevHash, e.at, e.actor, e.action, e.entityType, e.entityId, e.before, e.after, e.context]
    .map(field)
    .join('|');
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

/**
 * Walk the audit chain (pages from `page(afterSeq)`) with the shared walk and this chain's entry
 * hash; `head` is the one `audit_chain_head` recorded, so entries cut from the end show too.
 */
export function verifyAuditChain(
  page: (afterSeq: number) => Promise<AuditChainEntry[]>,
  head: ChainHead | null,
  o: Omit<WalkOptions, 'head'> = {},
): Promise<ChainReport> {
  return walkChain(page, entryHash, { ...o, head });
}
