import { shippedRarity, type Rarity } from './claim-background.ts';
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
  /** Share of the text's word weight (idf squared) that the claim contains. */
  postCover: number;
  /** idf of the rarest title word the text lacks, over the idf of the rarest title word (0 when it has them all). */
  miss: number;
  /**
   * Like `cover`, with each title word's weight also scaled by how unusual it is in election talk
   * (see claim-background.ts): low when the text shares only names and campaign words with the claim.
   */
  specific: number;
  /** The largest rarity among the words the text shares with the claim's best document (0..1). */
  shared: number;
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
  /** Per word id: rarity in election talk (see claim-background.ts). */
  private readonly rarity: Float32Array;

  constructor(claims: readonly IndexClaim[], rarity: Rarity = shippedRarity()) {
    this.claims = claims;
    const owner: number[] = [];
    const ids: { words: number[]; bigrams: number[]; chars: number[] }[] = [];
    this.titleWords = [];
    claims.forEach((c, i) => {
      const full = contentStems(c.stems).slice(0, MAX_DOC_STEMS);
      const title = contentStems(c.titleStems);
      const t = { ...this.vocab.ids(title), chars: this.vocab.charIdsOf(title) };
      this.titleWords.push(Int32Array.from(new Set(t.words)));
      ids.push({ ...this.vocab.ids(full), chars: this.vocab.charIdsOf(full) });
      owner.push(i);
      if (title.length > 0 && title.join(' ') !== full.join(' ')) {
        ids.push(t);
        owner.push(i);
      }
    });
    this.vocab.freeze();
    this.rarity = new Float32Array(this.vocab.words.size);
    for (const [w, id] of this.vocab.words) this.rarity[id] = rarity(w);
    this.docClaim = Int32Array.from(owner);
    this.words = new SparseBlock(ids.map((f) => f.words), this.vocab.words.size, { postings: true });
    this.bigrams = new SparseBlock(ids.map((f) => f.bigrams), this.vocab.bigramCount, { postings: true });
    this.chars = new SparseBlock(ids.map((f) => f.chars), this.vocab.chars.size, { postings: false });
    this.acc = new Float32Array(ids.length);
  }

  get documents(): number {
    return this.docClaim.length;
  }

  /**
   * The best `k` claims for a text given as space-separated stems, with their pair features.
   * Texts whose best word + pair overlap with any claim document is under `minOverlap` stop
   * there (most posts): no claim is close enough to matter.
   */
  candidates(stemText: string, k = 8, minOverlap = 0): Candidate[] {
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
    let bestOverlap = 0;
    for (const d of touched) if (acc[d]! > bestOverlap) bestOverlap = acc[d]!;
    if (bestOverlap < minOverlap) {
      for (const d of touched) acc[d] = 0;
      return [];
    }
    // The best k documents by word + pair score, among those within half of the best: a claim
    // far below the best one cannot win on the other features.
    let top: number[] = [];
    const floor = Math.max(minOverlap, bestOverlap * 0.5);
    for (const d of touched) if (acc[d]! >= floor) top.push(d);
    top.sort((a, b) => acc[b]! - acc[a]!);
    if (top.length > k) top = top.slice(0, k);
    for (const d of touched) acc[d] = 0;
    const qc: SparseVec = this.chars.query(this.vocab.charIdsOf(stems));
    const qWords = new Set(f.words);
    const byClaim = new Map<number, PairFeatures>();
    for (const d of top) {
      const c = this.docClaim[d]!;
      const prev = byClaim.get(c);
      const word = this.words.cosine(qw, d);
      const bigram = this.bigrams.cosine(qb, d);
      const char = this.chars.cosine(qc, d);
      const { postCover, shared } = this.postCover(d, qWords);
      if (prev) byClaim.set(c, { ...prev, word: Math.max(prev.word, word), bigram: Math.max(prev.bigram, bigram), char: Math.max(prev.char, char), postCover: Math.max(prev.postCover, postCover), shared: Math.max(prev.shared, shared) });
      else byClaim.set(c, { word, bigram, char, postCover, shared, ...this.cover(c, qWords) });
    }
    return [...byClaim].map(([claim, pf]) => ({ claim, f: pf }));
  }

  private cover(c: number, q: ReadonlySet<number>): { cover: number; miss: number; specific: number } {
    const t = this.titleWords[c]!;
    let all = 0;
    let got = 0;
    let allSpecific = 0;
    let gotSpecific = 0;
    let maxIdf = 0;
    let maxMiss = 0;
    for (const id of t) {
      const idf = this.words.idfOf(id);
      const w = idf * idf;
      const ws = w * this.rarity[id]!;
      all += w;
      allSpecific += ws;
      if (idf > maxIdf) maxIdf = idf;
      if (q.has(id)) {
        got += w;
        gotSpecific += ws;
      } else if (idf > maxMiss) maxMiss = idf;
    }
    return { cover: all > 0 ? got / all : 0, miss: maxIdf > 0 ? maxMiss / maxIdf : 0, specific: allSpecific > 0 ? gotSpecific / allSpecific : 0 };
  }

  private postCover(d: number, q: ReadonlySet<number>): { postCover: number; shared: number } {
    const ids = this.words.docs[d]!.ids;
    let all = 0;
    let got = 0;
    let shared = 0;
    for (const id of q) {
      const w = this.words.idfOf(id) ** 2;
      all += w;
      if (id >= 0 && binaryHas(ids, id)) {
        got += w;
        if (this.rarity[id]! > shared) shared = this.rarity[id]!;
      }
    }
    return { postCover: all > 0 ? got / all : 0, shared };
  }
}

function binaryHas(a: Int32Array, x: number): boolean {
  let lo = 0;
  let hi = a.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const v = a[mid]!;
    if (v === x) return true;
    if (v < x) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}
