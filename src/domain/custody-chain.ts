import { createHash } from 'node:crypto';

/**
 * The chain of custody of evidence files as a hash chain: each entry's hash covers its own fields
 * and the previous entry's hash, so changing, removing or inserting any entry changes every hash
 * after it, and the newest hash (the head) vouches for the whole log. An operator who writes the
 * head down outside netra (a daily anchor) can later prove the log was not rewritten since.
 * The genesis hash, the walk that checks the chain and the anchors are shared with the audit
 * log's chain (hash-chain.ts); what is this chain's own is the entry hash below (canonical JSON).
 */

/** What an entry's hash covers. */
export interface CustodyEntryFields {
  seq: number;
  prevHash: string;
  evidenceId: number;
  at: Date;
  actor: string;
  action: string;
  sha256Observed: string | null;
  detail: unknown;
}

/** JSON with object keys sorted at every level: the same value always gives the same text. */
export function canonicalJson(v: unknown): string {
  if (v === null || v === undefined) return 'null';
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  if (typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

/** SHA-256 (hex) of an entry: version 1 of the chain format. */
export function custodyEntryHash(e: CustodyEntryFields): string {
  const body = canonicalJson({
    v: 1,
    seq: e.seq,
    prev: e.prevHash,
    evidenceId: e.evidenceId,
    at: e.at.toISOString(),
    actor: e.actor,
    action: e.action,
    sha256Observed: e.sha256Observed,
    detail: e.detail ?? null,
  });
  return createHash('sha256').update(body, 'utf8').digest('hex');
}
