import type { EvidenceStore } from './evidence-store.ts';

/**
 * Remove files a capture wrote whose evidence rows were never committed (the post turned out
 * not to be storable, the transaction failed): a store holds only what the chain of custody
 * accounts for. `inUse`: the paths some evidence row refers to (the same bytes captured for
 * another post are one file, and stay).
 */
export async function discardUnreferenced(store: EvidenceStore, paths: readonly string[], inUse: ReadonlySet<string>): Promise<number> {
  let n = 0;
  for (const p of new Set(paths)) {
    if (inUse.has(p)) continue;
    await store.discard(p);
    n++;
  }
  return n;
}
