import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { CHAIN_GENESIS, chainBroken, walkChain, type ChainLink } from '../../../src/domain/hash-chain.ts';

/** A toy chain: the walk is the same whatever an entry holds; only the entry hash differs. */
interface Toy extends ChainLink {
  text: string;
}
const toyHash = (e: Omit<Toy, 'id' | 'hash'>) => createHash('sha256').update(`${e.seq}|${e.prevHash}|${e.text}`).digest('hex');

function chain(n: number): Toy[] {
  const out: Toy[] = [];
  let prev = CHAIN_GENESIS;
  for (let seq = 1; seq <= n; seq++) {
    const e = { id: 100 + seq, seq, prevHash: prev, text: `entry ${seq}` };
    out.push({ ...e, hash: toyHash(e) });
    prev = out[out.length - 1]!.hash;
  }
  return out;
}
/** Pages of `size` after a seq, as the repositories give them. */
const pager =
  (entries: Toy[], size = 3) =>
  async (afterSeq: number) =>
    entries.filter((e) => e.seq > afterSeq).slice(0, size);
const head = (entries: Toy[]) => ({ seq: entries.at(-1)!.seq, hash: entries.at(-1)!.hash });

describe('walkChain: the walk every hash chain shares', () => {
  it('an intact chain: every entry, its head, anchors that match, progress per page', async () => {
    const c = chain(8);
    const progress: number[] = [];
    const r = await walkChain(pager(c), toyHash, {
      head: head(c),
      anchors: [{ seq: 4, hash: c[3]!.hash }],
      onProgress: (n) => progress.push(n),
    });
    expect(r).toEqual({ entries: 8, head: head(c), breaks: [], anchors: [{ seq: 4, hash: c[3]!.hash, ok: true, found: c[3]!.hash }] });
    expect(chainBroken(r)).toBe(false);
    expect(progress).toEqual([3, 6, 8]);
  });

  it('an empty chain is intact unless a head or an anchor says there was more', async () => {
    expect(await walkChain(pager([]), toyHash)).toEqual({ entries: 0, head: null, breaks: [], anchors: [] });
    const r = await walkChain(pager([]), toyHash, { head: { seq: 2, hash: 'x' } });
    expect(r.breaks).toEqual([{ seq: 2, id: null, problem: 'the recorded head is entry 2, but the log is empty' }]);
  });

  it('a gap: the missing entries, and the link that no longer holds', async () => {
    const c = chain(6).filter((e) => e.seq !== 3 && e.seq !== 4);
    const r = await walkChain(pager(c), toyHash, { head: head(c) });
    expect(r.breaks).toEqual([
      { seq: 5, id: 105, problem: 'entries 3-4 are missing' },
      { seq: 5, id: 105, problem: 'prev_hash is not the hash of the entry before it' },
    ]);
    expect(chainBroken(r)).toBe(true);
  });

  it('a broken link alone: an entry naming another prev hash (its own hash recomputed over it)', async () => {
    const c = chain(4);
    const forged = { ...c[2]!, prevHash: 'f'.repeat(64) };
    c[2] = { ...forged, hash: toyHash(forged) };
    const r = await walkChain(pager(c), toyHash);
    // Entry 3 links to nothing, and entry 4 no longer links to entry 3's (new) hash.
    expect(r.breaks).toEqual([
      { seq: 3, id: 103, problem: 'prev_hash is not the hash of the entry before it' },
      { seq: 4, id: 104, problem: 'prev_hash is not the hash of the entry before it' },
    ]);
  });

  it('a wrong hash: an entry changed after it was written', async () => {
    const c = chain(4);
    c[1] = { ...c[1]!, text: 'rewritten' };
    const r = await walkChain(pager(c, 2), toyHash, { head: head(c) });
    expect(r.breaks).toEqual([{ seq: 2, id: 102, problem: 'hash does not match the entry (changed after it was written)' }]);
  });

  it('a wrong head: entries cut from the end', async () => {
    const c = chain(5);
    const r = await walkChain(pager(c.slice(0, 3)), toyHash, { head: head(c) });
    expect(r.breaks).toEqual([
      {
        seq: 5,
        id: null,
        problem: 'the recorded head is entry 5, but the chain ends at 3 (entries at the end were removed or the head was changed)',
      },
    ]);
  });

  it('a mismatching anchor: a chain recomputed whole is caught only by a hash written down earlier', async () => {
    const old = chain(5);
    // Someone rewrites entry 2 and recomputes every hash after it: the chain is consistent again.
    const rewritten = chain(5).map((e) => ({ ...e }));
    rewritten[1]!.text = 'rewritten';
    for (let i = 1; i < rewritten.length; i++) {
      rewritten[i]!.prevHash = rewritten[i - 1]!.hash;
      rewritten[i]!.hash = toyHash(rewritten[i]!);
    }
    expect((await walkChain(pager(rewritten), toyHash, { head: head(rewritten) })).breaks).toEqual([]);
    const anchors = [
      { seq: 1, hash: old[0]!.hash },
      { seq: 3, hash: old[2]!.hash },
      { seq: 9, hash: old[4]!.hash },
    ];
    const r = await walkChain(pager(rewritten), toyHash, { head: head(rewritten), anchors });
    expect(r.breaks).toEqual([
      {
        seq: 3,
        id: 103,
        problem: `hash differs from the anchor ${old[2]!.hash.slice(0, 16)}… (the chain was rewritten from here or before)`,
      },
      { seq: 9, id: null, problem: 'anchored entry 9 is missing' },
    ]);
    expect(r.anchors).toEqual([
      { seq: 1, hash: old[0]!.hash, ok: true, found: old[0]!.hash },
      { seq: 3, hash: old[2]!.hash, ok: false, found: rewritten[2]!.hash },
      { seq: 9, hash: old[4]!.hash, ok: false, found: null },
    ]);
    expect(chainBroken(r)).toBe(true);
  });

  it('lists at most maxBreaks', async () => {
    const c = chain(10).map((e) => ({ ...e, text: 'changed' }));
    expect((await walkChain(pager(c), toyHash, { maxBreaks: 4 })).breaks).toHaveLength(4);
  });
});
