import { shippedSpecificity, type Rarity } from './claim-background.ts';
import { contentStems, FeatureVocab, type FeatureIds } from './claim-features.ts';
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
   * Like `cover`, with each title word's weight also scaled by its specificity (rarity in
   * election talk, 0 for conversation and general-register words; see claim-background.ts): the
   * share of the claim's distinctive content that the text contains. Low when the text shares
   * only names, campaign words or everyday words with the claim.
   */
  specific: number;
  /** The largest specificity among the words the text shares with the claim's best document (0..1). */
  shared: number;
  /** Evidence mass: the specificities of the distinct words shared with the claim, summed (best document). */
  mass: number;
  /** How many shared words are specific (specificity >= {@link STRONG_SPECIFICITY}). */
  strong: number;
  /**
   * Pieces of shared content: runs of shared words that follow each other in the text and in the
   * claim count as one (a name such as "Siti Fadilah Supari", a compound such as "minyak kayu
   * putih"), and only runs holding a specific word count. A post that shares a claim's subject
   * and nothing of what the claim says about it shares one piece.
   */
  units: number;
  /** The text's own distinct content words that carry any specificity (its length as evidence can see it). */
  postWords: number;
}

/** A shared word at least this specific counts as a specific shared word (PairFeatures.strong). */
export const STRONG_SPECIFICITY = 0.5;

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
  /** Documents of claim c: docStart[c] .. docStart[c + 1] - 1 (a claim's documents are consecutive). */
  private readonly docStart: Int32Array;
  private readonly titleWords: Int32Array[];
  private readonly words: SparseBlock;
  private readonly bigrams: SparseBlock;
  private readonly chars: SparseBlock;
  private readonly acc: Float32Array;
  /** Per word id: specificity (see claim-background.ts). */
  private readonly spec: Float32Array;
  /** Per word id: the word (for evidence shown to analysts). */
  private readonly wordOf: string[];

  constructor(claims: readonly IndexClaim[], specificity: Rarity = shippedSpecificity()) {
    this.claims = claims;
    const owner: number[] = [];
    const ids: { words: number[]; bigrams: number[]; chars: number[] }[] = [];
    this.titleWords = [];
    claims.forEach((c, i) => {
      const full = contentStems(c.stems, MAX_DOC_STEMS);
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
    this.spec = new Float32Array(this.vocab.words.size);
    this.wordOf = new Array<string>(this.vocab.words.size);
    for (const [w, id] of this.vocab.words) {
      this.spec[id] = specificity(w);
      this.wordOf[id] = w;
    }
    this.docClaim = Int32Array.from(owner);
    this.docStart = new Int32Array(claims.length + 1);
    for (let d = owner.length - 1; d >= 0; d--) this.docStart[owner[d]!] = d;
    this.docStart[claims.length] = owner.length;
    this.words = new SparseBlock(
      ids.map((f) => f.words),
      this.vocab.words.size,
      { postings: true },
    );
    this.bigrams = new SparseBlock(
      ids.map((f) => f.bigrams),
      this.vocab.bigramCount,
      { postings: true },
    );
    this.chars = new SparseBlock(
      ids.map((f) => f.chars),
      this.vocab.chars.size,
      { postings: false },
    );
    this.acc = new Float32Array(ids.length);
  }

  get documents(): number {
    return this.docClaim.length;
  }

  /**
   * The best `k` claims for a text given as space-separated stems, with their pair features.
   * Texts whose best word + pair overlap with any claim document is under `minOverlap` stop
   * there (most posts): no claim is close enough to matter. With `minStrong`, so do texts that
   * hold fewer specific words than that (the evidence gate's `minStrong`, claim-evidence.ts).
   */
  candidates(stemText: string, k = 8, minOverlap = 0, minStrong = 0): Candidate[] {
    const stems = contentStems(stemText);
    if (stems.length === 0) return [];
    const f = this.vocab.ids(stems);
    if (minStrong > 0 && !this.holdsStrong(f.words, minStrong)) return [];
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
    let postWords = 0;
    for (const id of qWords) if (id < 0 || this.spec[id]! > 0) postWords++;
    const byClaim = new Map<number, PairFeatures>();
    for (const d of top) {
      const c = this.docClaim[d]!;
      const prev = byClaim.get(c);
      const word = this.words.cosine(qw, d);
      const bigram = this.bigrams.cosine(qb, d);
      const char = this.chars.cosine(qc, d);
      const o = this.overlap(d, qWords, f);
      if (prev) {
        byClaim.set(c, {
          ...prev,
          word: Math.max(prev.word, word),
          bigram: Math.max(prev.bigram, bigram),
          char: Math.max(prev.char, char),
          postCover: Math.max(prev.postCover, o.postCover),
          shared: Math.max(prev.shared, o.shared),
          mass: Math.max(prev.mass, o.mass),
          strong: Math.max(prev.strong, o.strong),
          units: Math.max(prev.units, o.units),
        });
      } else byClaim.set(c, { word, bigram, char, ...o, postWords, ...this.cover(c, qWords) });
    }
    return [...byClaim].map(([claim, pf]) => ({ claim, f: pf }));
  }

  /**
   * Whether a text holds at least `min` distinct specific words: one that holds fewer cannot pass
   * the evidence gate's `minStrong` (claim-evidence.ts) with any claim, and needs no scoring.
   */
  private holdsStrong(words: readonly number[], min: number): boolean {
    let n = 0;
    for (let i = 0; i < words.length; i++) {
      const id = words[i]!;
      if (id < 0 || this.spec[id]! < STRONG_SPECIFICITY) continue;
      if (words.indexOf(id) === i && ++n >= min) return true; // distinct: first occurrence only
    }
    return false;
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
      const ws = w * this.spec[id]!;
      all += w;
      allSpecific += ws;
      if (idf > maxIdf) maxIdf = idf;
      if (q.has(id)) {
        got += w;
        gotSpecific += ws;
      } else if (idf > maxMiss) maxMiss = idf;
    }
    return {
      cover: all > 0 ? got / all : 0,
      miss: maxIdf > 0 ? maxMiss / maxIdf : 0,
      specific: allSpecific > 0 ? gotSpecific / allSpecific : 0,
    };
  }

  /** What the text shares with document d: its weight share, the most specific shared word, the evidence mass. */
  private overlap(
    d: number,
    q: ReadonlySet<number>,
    seq: FeatureIds,
  ): { postCover: number; shared: number; mass: number; strong: number; units: number } {
    const ids = this.words.docs[d]!.ids;
    const pairs = this.bigrams.docs[d]!.ids;
    // Runs of shared words, in the text's order, continued while the pair is also in the claim.
    const runs = new Set<string>();
    let run = '';
    let runStrong = false;
    const close = () => {
      if (run && runStrong) runs.add(run);
      run = '';
      runStrong = false;
    };
    for (let i = 0; i < seq.words.length; i++) {
      const id = seq.words[i]!;
      if (id < 0 || !binaryHas(ids, id)) {
        close();
        continue;
      }
      const pair = i > 0 ? seq.bigrams[i - 1]! : -1;
      if (run && !(pair >= 0 && binaryHas(pairs, pair))) close();
      run += `${id},`;
      if (this.spec[id]! >= STRONG_SPECIFICITY) runStrong = true;
    }
    close();
    let all = 0;
    let got = 0;
    let shared = 0;
    let mass = 0;
    let strong = 0;
    for (const id of q) {
      const w = this.words.idfOf(id) ** 2;
      all += w;
      if (id >= 0 && binaryHas(ids, id)) {
        got += w;
        const s = this.spec[id]!;
        if (s > shared) shared = s;
        mass += s;
        if (s >= STRONG_SPECIFICITY) strong++;
      }
    }
    return { postCover: all > 0 ? got / all : 0, shared, mass, strong, units: runs.size };
  }

  /**
   * The words a text (space-separated stems) shares with a claim's documents, most specific
   * first: the evidence of a match, shown to analysts.
   */
  sharedWords(stemText: string, claim: number): string[] {
    const q = new Set(this.vocab.ids(contentStems(stemText)).words.filter((id) => id >= 0));
    const out = new Set<number>();
    for (let d = this.docStart[claim]!; d < this.docStart[claim + 1]!; d++) {
      const ids = this.words.docs[d]!.ids;
      for (const id of q) if (binaryHas(ids, id)) out.add(id);
    }
    return [...out].sort((a, b) => this.spec[b]! - this.spec[a]! || a - b).map((id) => this.wordOf[id]!);
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
