/**
 * What the Indonesian text pipeline produces. One pipeline serves the rule layer, model training
 * and inference alike, so a change to its output must bump {@link NLP_VERSION}.
 */

/** What a token came from. */
export type TokenKind = 'word' | 'hashtag_part' | 'mention' | 'url' | 'number' | 'emoji' | 'punct';

/** One normalised token, tied to the span of the ORIGINAL text it came from. */
export interface Token {
  /**
   * Normalised standard form: lowercased, de-elongated, de-leeted, slang mapped to standard
   * Indonesian. Placeholders: `<url>`, `<user>`, `<num>`. Small numbers (ballot and party numbers
   * 0-24, with or without a leading zero) and years 1900-2099 keep their digits, e.g. `02`, `3`, `2024`.
   * An emoji becomes its Indonesian gloss (one token per word), e.g. ✌️ -> `dua`, `jari`.
   */
  norm: string;
  /** Root form from the Sastrawi stemmer (natural's Indonesian stemmer); equals `norm` for non-words. */
  stem: string;
  kind: TokenKind;
  /** Start offset in the ORIGINAL text (UTF-16 code units, inclusive). */
  start: number;
  /** End offset in the ORIGINAL text (UTF-16 code units, exclusive). */
  end: number;
  /** Inside the negation window of a negator (see `negation.ts`). */
  negated: boolean;
  /** The whole hashtag, lowercased and without `#`, when the token is a part of one. */
  hashtag?: string;
}

/** A hashtag as written, with its span in the original text and the range of its part tokens. */
export interface HashtagInfo {
  /** Lowercased, without `#`, e.g. `ganjarmahfud2024`. */
  tag: string;
  /** Span of the whole hashtag including `#`, in the ORIGINAL text. */
  start: number;
  end: number;
  /** Index of its first part token in {@link AnalysedText.tokens}. */
  first: number;
  /** Index after its last part token. */
  last: number;
}

/** The result of {@link analyse}: the original text and its tokens. */
export interface AnalysedText {
  original: string;
  tokens: Token[];
  hashtags: HashtagInfo[];
}
