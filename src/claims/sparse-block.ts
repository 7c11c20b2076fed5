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

interface Runs {
  /** Distinct ids, ascending (first `n` entries). */
  ids: Int32Array;
  tf: Int32Array;
  n: number;
  /** Occurrences of id -1 ("a feature the claims never use"), each its own feature. */
  unseen: number;
}

/** Sort ids and count each run: term frequencies without a Map. */
function runLengths(list: readonly number[]): Runs {
  const sorted = Int32Array.from(list).sort();
  const ids = new Int32Array(sorted.length);
  const tf = new Int32Array(sorted.length);
  let n = 0;
  let unseen = 0;
  for (let i = 0; i < sorted.length;) {
    const id = sorted[i]!;
    let j = i + 1;
    while (j < sorted.length && sorted[j] === id) j++;
    if (id < 0) unseen += j - i;
    else {
      ids[n] = id;
      tf[n++] = j - i;
    }
    i = j;
  }
  return { ids, tf, n, unseen };
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
    this.idf = new Float32Array(size);
    const n = docIds.length;
    const runs = docIds.map((ids) => {
      const r = runLengths(ids);
      for (let k = 0; k < r.n; k++) df[r.ids[k]!]!++;
      return r;
    });
    for (let i = 0; i < size; i++) this.idf[i] = Math.log((1 + n) / (1 + df[i]!)) + 1;
    this.unseenIdf = Math.log(1 + n) + 1;
    this.docs = runs.map((r) => this.weigh(r));
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

  /** tf-idf weights of run-length counted ids, L2-normalised; unseen features count in the norm. */
  private weigh(r: Runs): SparseVec {
    if (r.n === 0 && r.unseen === 0) return EMPTY;
    const w = new Float32Array(r.n);
    let norm = r.unseen * this.unseenIdf * this.unseenIdf;
    for (let k = 0; k < r.n; k++) {
      const x = (1 + Math.log(r.tf[k]!)) * this.idf[r.ids[k]!]!;
      w[k] = x;
      norm += x * x;
    }
    norm = Math.sqrt(norm);
    if (norm > 0) for (let k = 0; k < w.length; k++) w[k]! /= norm;
    return { ids: r.ids.subarray(0, r.n), w };
  }

  /** A query's vector; features the claims never use (id -1) still count in its norm, at the highest idf. */
  query(ids: readonly number[]): SparseVec {
    return this.weigh(runLengths(ids));
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
