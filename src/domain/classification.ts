import type { ImageSource } from './image-text.ts';
import type { Label, LabelScores } from './labels.ts';

/** Sanction levels of PP 94/2021 art. 8, plus dishonourable dismissal (PTDH). */
export type SanctionLevel = 'ringan' | 'sedang' | 'berat' | 'berat_atau_sedang' | 'ptdh';

/** Who or what a partisan post concerns: a candidate pair, a candidate or a party. */
export interface Target {
  kind: 'candidate_pair' | 'candidate' | 'party';
  /** Stable id from the election lexicon, e.g. `pilpres-2024/02` or `party/gerindra`. */
  id: string;
  /** Display name, e.g. `Prabowo Subianto - Gibran Rakabuming Raka`. */
  name: string;
}

/**
 * One piece of evidence behind a score: a span of the ORIGINAL post text
 * (character offsets into the string as collected, UTF-16 code units, end exclusive),
 * or, for document-level signals (a model, a claim match), the whole text.
 */
export interface EvidenceSpan {
  label: Label;
  /** Start offset in the original text (inclusive). */
  start: number;
  /** End offset in the original text (exclusive). */
  end: number;
  /** `original.slice(start, end)`, for the reader's convenience. */
  text: string;
  /** What produced it. */
  source: 'lexicon' | 'pattern' | 'model' | 'claim';
  /** Rule or lexicon entry id, e.g. `hashtag:02melanjutkan`, `money:serangan-fajar`. */
  rule?: string;
  /** Contribution of this span to the label score, in [0, 1]. */
  weight: number;
  /** For partisan evidence: the candidate or party concerned. */
  target?: Target;
  /** For hoax evidence: the matched debunked claim and the similarity. */
  claim?: MatchedClaim;
  /**
   * Set when the span is in text read from one of the post's images (OCR), not in the post's own
   * words: `start`/`end` then point into that image's text. (0920)
   */
  image?: ImageSource;
}

/**
 * Something electoral a text names: a candidate, pair or party (by name, nickname or ballot
 * number in a political context), or a pair's gesture ("salam 2 jari", ✌️, 🤟). What the photo
 * heuristics read (src/classify/image/); offsets into the text.
 */
export interface ElectoralMark {
  kind: 'mention' | 'gesture';
  /** For mentions: how it was named (`name`, `nickname`, `party`, `number`, `amin`); for gestures: `phrase` or `salam`. */
  via: string;
  target: Target;
  start: number;
  end: number;
  text: string;
}

/** A debunked claim a post was matched to (hoax evidence and findings). */
export interface MatchedClaim {
  /** Id of the claim in the claims database (`source:source_id`). */
  id: string;
  /** Calibrated similarity in [0, 1]. */
  similarity: number;
  title?: string;
  /** The content words (stems) the post shares with the claim, most specific first: what the match rests on. */
  shared?: string[];
}

/** What a flag on one label carries (labels.md, "What a flag carries"). */
export interface LabelFinding {
  label: Label;
  score: number;
  threshold: number;
  /** Pledge clause (1-4) of the ikrar netralitas ASN. */
  pledgeClause: number;
  /** SKB 2022 items this label typically falls under (an analyst picks the final one). */
  skbItems: number[];
  /** Discipline level where known. */
  sanction?: SanctionLevel;
  /** Legal basis in words, e.g. `PP 94/2021 art. 5(n); SKB 2022 no. 6`. */
  legalBasis: string;
  targets: Target[];
  claim?: MatchedClaim;
}

/** Versions of everything that produced a classification: stored with it, shown to analysts. */
export interface ClassifierVersions {
  nlp: string;
  lexicon: string;
  /** Model name -> version, e.g. `{ hate_abusive: '2026-11-24.1' }`. Empty for rules only. */
  models: Record<string, string>;
  /** A short stable key over all of the above; classifications are unique per post version and key. */
  key: string;
  /**
   * The key without the debunked-claims version (`models.claims`): classifications with the same
   * base key differ only in the claims they were matched against. When only the claims changed,
   * scans re-classify recent posts only (`classify.reclassifyDays`), not every stored post.
   */
  baseKey?: string;
}

/** The result of classifying one text. */
export interface Classification {
  scores: LabelScores;
  /** Labels whose score passed that label's threshold, in {@link LABELS} order. */
  flags: Label[];
  evidence: EvidenceSpan[];
  /** One entry per flagged label. */
  findings: LabelFinding[];
  versions: ClassifierVersions;
}

/** Anything that turns texts into classifications: the rule layer, the models, their fusion. */
export interface Classifier {
  readonly name: string;
  readonly versions: ClassifierVersions;
  /** Thresholds per label used to decide `flags`. */
  readonly thresholds: LabelScores;
  /** Classify a batch; the result has one entry per text, in order. */
  classify(texts: readonly string[]): Promise<Classification[]>;
  /** Candidates, pairs, parties and gestures a text names, by the same lexicons (rule-based classifiers only). */
  electoralMarks?(text: string): ElectoralMark[];
  close?(): Promise<void>;
}
