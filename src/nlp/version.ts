/**
 * Version of the text pipeline's output. Bump it whenever `analyse()` can return different tokens
 * for the same text (a rule changed, not a lexicon file: lexicon files have their own version).
 * Stored with every classification and in every model's metadata, so training and inference can
 * be checked to use the same preprocessing.
 */
export const NLP_VERSION = 'nlp-1.0.0';
