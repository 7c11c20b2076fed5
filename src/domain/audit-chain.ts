import { createHash } from 'node:crypto';

/**
 * The audit log's hash chain (migration 0902), recomputed outside the database. Each entry's
 * hash is SHA-256 over `|`-joined fields, each written `<UTF-8 byte length>:<text>` or `-` for
 * null: seq, prev_hash, at (UTC, microseconds), actor, action, entity_type, entity_id, before,
 * after, context (jsonb as PostgreSQL prints it). The first entry's prev_hash is 64 zeros.
 */
export const GENESIS_HASH = '0'.repeat(64);

/** An audit entry as the chain hashes it (texts exactly as the database prints them). */
export interface ChainEntry {
  id: number;
  seq: number;
  prevHash: string;
  hash: string;
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

export function entryHash(e: Omit<ChainEntry, 'id' | 'hash'>): string {
  const payload = [String(e.seq), e.prevHash, e.at, e.actor, e.action, e.entityType, e.entityId, e.before, e.after, e.context].map(field).join('|');
  return createHash('sha256').update(payload, 'utf8').digest('hex');
}

export interface ChainBreak {
  seq: number | null;
  id: number | null;
  problem: string;
}

export interface ChainReport {
  entries: number;
  head: { seq: number; hash: string } | null;
  breaks: ChainBreak[];
}

/**
 * Walk the chain in seq order (pages from `page(afterSeq)`), checking that seqs run 1, 2, 3 ...
 * without gaps, that each entry names the hash of the one before, that each hash is right, and
 * that the last entry is the head the database recorded. `anchors` (seq -> hash, written down
 * elsewhere earlier) catch a chain rewritten whole from some entry on. At most `maxBreaks` are
 * listed.
 */
export async function verifyChain(
  page: (afterSeq: number) => Promise<ChainEntry[]>,
  head: { seq: number; hash: string } | null,
  o: { anchors?: Map<number, string>; maxBreaks?: number; onProgress?: (entries: number) => void } = {},
): Promise<ChainReport> {
  const breaks: ChainBreak[] = [];
  const max = o.maxBreaks ?? 50;
  const add = (b: ChainBreak) => void (breaks.length < max && breaks.push(b));
  let prev = GENESIS_HASH;
  let expected = 1;
  let n = 0;
  let last: ChainEntry | undefined;
  const anchorsSeen = new Set<number>();
  for (let rows = await page(0); rows.length; rows = await page(last!.seq)) {
    for (const e of rows) {
      n++;
      if (e.seq !== expected) add({ seq: e.seq, id: e.id, problem: e.seq > expected ? `entries ${expected}${e.seq - 1 > expected ? `-${e.seq - 1}` : ''} are missing` : `seq ${e.seq} is out of order` });
      if (e.prevHash !== prev) add({ seq: e.seq, id: e.id, problem: 'prev_hash is not the hash of the entry before it' });
      const h = entryHash(e);
      if (h !== e.hash) add({ seq: e.seq, id: e.id, problem: 'hash does not match the entry (changed after it was written)' });
      const anchor = o.anchors?.get(e.seq);
      if (anchor !== undefined) {
        anchorsSeen.add(e.seq);
        if (anchor !== e.hash) add({ seq: e.seq, id: e.id, problem: `hash differs from the anchor ${anchor.slice(0, 16)}… (the chain was rewritten from here or before)` });
      }
      prev = e.hash;
      expected = e.seq + 1;
      last = e;
    }
    o.onProgress?.(n);
  }
  for (const s of o.anchors?.keys() ?? []) if (!anchorsSeen.has(s)) add({ seq: s, id: null, problem: `anchored entry ${s} is missing` });
  if (head && last && (head.seq !== last.seq || head.hash !== last.hash)) add({ seq: head.seq, id: null, problem: `the recorded head is entry ${head.seq}, but the chain ends at ${last.seq} (entries at the end were removed or the head was changed)` });
  if (head && !last && head.seq > 0) add({ seq: head.seq, id: null, problem: `the recorded head is entry ${head.seq}, but the log is empty` });
  return { entries: n, head: last ? { seq: last.seq, hash: last.hash } : null, breaks };
}
