/**
 * A hash chain, whatever its entries hold: each entry has a sequence number (1, 2, 3 ... without
 * gaps), the hash of the entry before it (`prevHash`, {@link CHAIN_GENESIS} for the first) and its
 * own hash over its fields and `prevHash`. Changing, removing or inserting any entry changes every
 * hash after it, so the newest hash (the head) vouches for the whole log, and a head written down
 * outside netra earlier (an anchor) proves that nothing before it was rewritten since.
 *
 * This file holds what every chain shares: the genesis hash, the walk that checks a chain, its
 * report and the anchors. Each chain keeps its own entry-hash function (the audit log's in
 * audit-chain.ts, the evidence custody chain's in custody-chain.ts): the walk takes it as an argument.
 */

/** The `prevHash` of the first entry of every chain. */
export const CHAIN_GENESIS = '0'.repeat(64);

/** What the walk needs of an entry: its row id, place in the chain and the two hashes it carries. */
export interface ChainLink {
  id: number;
  seq: number;
  prevHash: string;
  hash: string;
}

/** A chain's last entry (`SEQ:HASH`): printed by each verify command, passed back as an anchor. */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** An entry's hash written down earlier, outside the database (`--anchor SEQ:HASH`). */
export type ChainAnchor = ChainHead;

/** One thing wrong with the chain, in words; `seq`/`id` say where, when there is an entry to name. */
export interface ChainBreak {
  seq: number | null;
  id: number | null;
  problem: string;
}

/** Each anchor given: whether the chain still has that hash at that place (`found`: what it has there). */
export interface AnchorCheck extends ChainAnchor {
  ok: boolean;
  found: string | null;
}

export interface ChainReport {
  entries: number;
  /** The last entry walked (null for an empty chain). */
  head: ChainHead | null;
  /** Everything wrong, anchors that no longer match included (the first `maxBreaks`). */
  breaks: ChainBreak[];
  anchors: AnchorCheck[];
}

export interface WalkOptions {
  /** The head the database recorded apart from the entries: the chain must end there. */
  head?: ChainHead | null;
  anchors?: readonly ChainAnchor[];
  /** How many breaks to list at most (50). */
  maxBreaks?: number;
  /** Called after each page with the number of entries walked so far. */
  onProgress?: (entries: number) => void;
}

/** Whether a report shows anything wrong. */
export const chainBroken = (r: ChainReport): boolean => r.breaks.length > 0 || r.anchors.some((a) => !a.ok);

/**
 * Walk a chain in seq order, a page at a time (`page(afterSeq)` gives the entries after that seq;
 * an empty page ends the walk), checking that seqs run 1, 2, 3 ... without gaps, that each entry
 * names the hash of the one before, that each hash is `entryHash` of the entry, that the last entry
 * is the recorded head (when there is one) and that every anchor is still in the chain, unchanged.
 */
export async function walkChain<E extends ChainLink>(
  page: (afterSeq: number) => Promise<readonly E[]>,
  entryHash: (e: E) => string,
  o: WalkOptions = {},
): Promise<ChainReport> {
  const breaks: ChainBreak[] = [];
  const max = o.maxBreaks ?? 50;
  const add = (b: ChainBreak) => void (breaks.length < max && breaks.push(b));
  const wanted = new Map<number, string[]>();
  for (const a of o.anchors ?? []) wanted.set(a.seq, [...(wanted.get(a.seq) ?? []), a.hash]);
  const found = new Map<number, string>();
  let prev = CHAIN_GENESIS;
  let expected = 1;
  let n = 0;
  let last: E | undefined;
  for (let rows = await page(0); rows.length; rows = await page(last!.seq)) {
    for (const e of rows) {
      n++;
      if (e.seq !== expected)
        add({
          seq: e.seq,
          id: e.id,
          problem:
            e.seq > expected
              ? `entries ${expected}${e.seq - 1 > expected ? `-${e.seq - 1}` : ''} are missing`
              : `seq ${e.seq} is out of order`,
        });
      if (e.prevHash !== prev) add({ seq: e.seq, id: e.id, problem: 'prev_hash is not the hash of the entry before it' });
      if (entryHash(e) !== e.hash) add({ seq: e.seq, id: e.id, problem: 'hash does not match the entry (changed after it was written)' });
      for (const anchor of wanted.get(e.seq) ?? []) {
        found.set(e.seq, e.hash);
        if (anchor !== e.hash)
          add({
            seq: e.seq,
            id: e.id,
            problem: `hash differs from the anchor ${anchor.slice(0, 16)}… (the chain was rewritten from here or before)`,
          });
      }
      prev = e.hash;
      expected = e.seq + 1;
      last = e;
    }
    o.onProgress?.(n);
  }
  const anchors: AnchorCheck[] = (o.anchors ?? []).map((a) => ({
    seq: a.seq,
    hash: a.hash,
    ok: found.get(a.seq) === a.hash,
    found: found.get(a.seq) ?? null,
  }));
  for (const s of wanted.keys()) if (!found.has(s)) add({ seq: s, id: null, problem: `anchored entry ${s} is missing` });
  const head = o.head;
  if (head && last && (head.seq !== last.seq || head.hash !== last.hash))
    add({
      seq: head.seq,
      id: null,
      problem: `the recorded head is entry ${head.seq}, but the chain ends at ${last.seq} (entries at the end were removed or the head was changed)`,
    });
  if (head && !last && head.seq > 0)
    add({ seq: head.seq, id: null, problem: `the recorded head is entry ${head.seq}, but the log is empty` });
  return { entries: n, head: last ? { seq: last.seq, hash: last.hash } : null, breaks, anchors };
}
