import { contentStems, FeatureVocab } from './claim-features.ts';
import { SparseBlock, type SparseVec } from './sparse-block.ts';

/** A claim as the index sees it. */
export interface IndexClaim {
  /** `source:source_id`, shown in evidence. */
  id: string;
  title: string;
  /** Stems of title + circulated text, space-separated (the stored `normalised_text`). */
  stems: string;
  /** Stems of the title alone. */
  titleStems: string;
}

/** Similarity features of a (text, claim) pair. */
export interface PairFeatures {
  /** Cosines over words, word pairs and character n-grams: the best over the claim's documents. */
  word: number;
  bigram: number;
  char: number;
  /** Share of the claim title's word weight (idf squared) that the text contains. */
  cover: number;
}

export interface Candidate {
  claim: number;
  f: PairFeatures;
}

/** Long circulated texts add little beyond their start and cost index time: content stems kept per document. */
const MAX_DOC_STEMS = 80;

/**
 * TF-IDF index of debunked claims over three feature spaces. Each claim has two documents (its
 * title alone, and title + circulated text): a short post is compared with both, so a long
 * circulated text does not dilute a close paraphrase of the title. Candidates come from inverted
 * indexes over words and word pairs (features in more than 5% of documents are not indexed);
 * the best candidates are then scored on character n-grams and title coverage as well.
 */
export class ClaimIndex {
  readonly claims: readonly IndexClaim[];
  private readonly vocab = new FeatureVocab();
  private readonly docClaim: Int32Array;
  private readonly titleWords: Int32Array[];
  private readonly words: SparseBlock;
  private readonly bigrams: SparseBlock;
  private readonly chars: SparseBlock;
  private readonly acc: Float32Array;

  constructor(claims: readonly IndexClaim[]) {
    this.claims = claims;
    const owner: number[] = [];
    const ids: ReturnType<FeatureVocab['ids']>[] = [];
    this.titleWords = [];
    claims.forEach((c, i) => {
      const full = contentStems(c.stems).slice(0, MAX_DOC_STEMS);
      const title = contentStems(c.titleStems);
      const t = this.vocab.ids(title);
      this.titleWords.push(Int32Array.from(new Set(t.words)));
      ids.push(this.vocab.ids(full));
      owner.push(i);
      if (title.length > 0 && title.join(' ') !== full.join(' ')) {
        ids.push(t);
        owner.push(i);
      }
    });
    this.vocab.freeze();
    this.docClaim = Int32Array.from(owner);
    this.words = new SparseBlock(ids.map((f) => f.words), this.vocab.words.size, { postings: true });
    this.bigrams = new SparseBlock(ids.map((f) => f.bigrams), this.vocab.bigrams.size, { postings: true });
    this.chars = new SparseBlock(ids.map((f) => f.chars), this.vocab.chars.size, { postings: false });
    this.acc = new Float32Array(ids.length);
  }

  get documents(): number {
    return this.docClaim.length;
  }

  /** The best `k` claims for a text given as space-separated stems, with their pair features. */
  candidates(stemText: string, k = 8): Candidate[] {
    const stems = contentStems(stemText);
    if (stems.length === 0) return [];
    const f = this.vocab.ids(stems);
    const qw = this.words.query(f.words);
    const qb = this.bigrams.query(f.bigrams);
    const touched: number[] = [];
    const acc = this.acc;
    this.words.accumulate(qw, acc, touched);
    this.bigrams.accumulate(qb, acc, touched);
    if (touched.length === 0) return [];
    // The best 2k documents by word + pair score (a claim has up to two documents).
    const top: number[] = [];
    let minI = -1;
    for (const d of touched) {
      if (top.length < k * 2) {
        top.push(d);
        minI = -1;
        continue;
      }
      if (minI < 0) {
        minI = 0;
        for (let i = 1; i < top.length; i++) if (acc[top[i]!]! < acc[top[minI]!]!) minI = i;
      }
      if (acc[d]! > acc[top[minI]!]!) {
        top[minI] = d;
        minI = -1;
      }
    }
    top.sort((a, b) => acc[b]! - acc[a]!);
    for (const d of touched) acc[d] = 0;
    const qc: SparseVec = this.chars.query(f.chars);
    const qWords = new Set(f.words);
    const byClaim = new Map<number, PairFeatures>();
    for (const d of top) {
      const c = this.docClaim[d]!;
      const prev = byClaim.get(c);
      if (!prev && byClaim.size >= k) continue;
      const word = this.words.cosine(qw, d);
      const bigram = this.bigrams.cosine(qb, d);
      const char = this.chars.cosine(qc, d);
      if (prev) byClaim.set(c, { word: Math.max(prev.word, word), bigram: Math.max(prev.bigram, bigram), char: Math.max(prev.char, char), cover: prev.cover });
      else byClaim.set(c, { word, bigram, char, cover: this.cover(c, qWords) });
    }
    return [...byClaim].map(([claim, pf]) => ({ claim, f: pf }));
  }

  private cover(c: number, q: ReadonlySet<number>): number {
    const t = this.titleWords[c]!;
    let all = 0;
    let got = 0;
    for (const id of t) {
      const w = this.words.idfOf(id) ** 2;
      all += w;
      if (q.has(id)) got += w;
    }
    return all > 0 ? got / all : 0;
  }
}
