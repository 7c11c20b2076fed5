/**
 * One TF-IDF feature space of the claim index (words, word pairs or character n-grams) over
 * integer feature ids: sublinear tf x smoothed idf weights, L2-normalised sparse vectors sorted
 * by id, and optionally an inverted index for candidate generation.
 */
export interface SparseVec {
  ids: Int32Array;
  w: Float32Array;
}

const EMPTY: SparseVec = { ids: new Int32Array(0), w: new Float32Array(0) };

/** Count ids (feature id -> tf) with -1 meaning "a feature the claims never use". */
function countIds(ids: readonly number[]): { c: Map<number, number>; unseen: number } {
  const c = new Map<number, number>();
  let unseen = 0;
  for (const id of ids) {
    if (id < 0) unseen++;
    else c.set(id, (c.get(id) ?? 0) + 1);
  }
  return { c, unseen };
}

export class SparseBlock {
  private readonly idf: Float32Array;
  private readonly unseenIdf: number;
  readonly docs: SparseVec[];
  /** Per feature: documents and weights (only features with df <= maxDf). */
  private readonly postings: ({ docs: Int32Array; w: Float32Array } | undefined)[] = [];

  /** `docIds`: each document's feature ids (repeats count as term frequency); `size`: number of feature ids. */
  constructor(docIds: readonly (readonly number[])[], size: number, opts: { postings: boolean; maxDfFraction?: number }) {
    const df = new Int32Array(size);
    const counts = docIds.map((ids) => {
      const { c } = countIds(ids);
      for (const id of c.keys()) df[id]!++;
      return c;
    });
    const n = docIds.length;
    this.idf = new Float32Array(size);
    for (let i = 0; i < size; i++) this.idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
    this.unseenIdf = Math.log(1 + n) + 1;
    this.docs = counts.map((c) => this.vector(c, 0));
    if (opts.postings) {
      const maxDf = Math.max(30, Math.floor((opts.maxDfFraction ?? 0.05) * n));
      const len = new Int32Array(size);
      for (const v of this.docs) for (const id of v.ids) if (df[id]! <= maxDf) len[id]!++;
      const lists = Array.from(len, (l) => (l > 0 ? { docs: new Int32Array(l), w: new Float32Array(l) } : undefined));
      const fill = new Int32Array(size);
      this.docs.forEach((v, d) => {
        for (let k = 0; k < v.ids.length; k++) {
          const id = v.ids[k]!;
          const l = lists[id];
          if (!l) continue;
          l.docs[fill[id]!] = d;
          l.w[fill[id]!++] = v.w[k]!;
        }
      });
      this.postings = lists;
    }
  }

  private vector(c: Map<number, number>, unseen: number): SparseVec {
    if (c.size === 0 && unseen === 0) return EMPTY;
    const ids = Int32Array.from(c.keys()).sort();
    const w = new Float32Array(ids.length);
    let norm = unseen * this.unseenIdf * this.unseenIdf;
    for (let k = 0; k < ids.length; k++) {
      const x = (1 + Math.log(c.get(ids[k]!)!)) * this.idf[ids[k]!]!;
      w[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < w.length; k++) w[k]! /= norm;
    return { ids, w };
  }

  /** A query's vector; features the claims never use (id -1) still count in its norm, at the highest idf. */
  query(ids: readonly number[]): SparseVec {
    const { c, unseen } = countIds(ids);
    return this.vector(c, unseen);
  }

  /** idf of a feature id. */
  idfOf(id: number): number {
    return id < 0 ? this.unseenIdf : this.idf[id]!;
  }

  /** Add q . doc into `acc` for every document sharing an indexed feature with q; records touched docs. */
  accumulate(q: SparseVec, acc: Float32Array, touched: number[]): void {
    for (let k = 0; k < q.ids.length; k++) {
      const p = this.postings[q.ids[k]!];
      if (!p) continue;
      const qw = q.w[k]!;
      for (let j = 0; j < p.docs.length; j++) {
        const d = p.docs[j]!;
        if (acc[d] === 0) touched.push(d);
        acc[d]! += qw * p.w[j]!;
      }
    }
  }

  /** Cosine of q with document d (both L2-normalised): a merge over sorted ids. */
  cosine(q: SparseVec, d: number): number {
    const v = this.docs[d]!;
    let i = 0;
    let j = 0;
    let s = 0;
    while (i < q.ids.length && j < v.ids.length) {
      const a = q.ids[i]!;
      const b = v.ids[j]!;
      if (a === b) {
        s += q.w[i]! * v.w[j]!;
        i++;
        j++;
      } else if (a < b) i++;
      else j++;
    }
    return s;
  }
}
