/**
 * netra's Indonesian text pipeline: ONE pipeline for the rules, model training and inference.
 * `analyse(text)` -> tokens with normalised forms, stems, kinds, negation and offsets into the
 * original text. See README.md in this folder for the steps.
 */
export { NLP_VERSION } from './version.ts';
export { analyse, createAnalyser, normalisedText, type Analyse } from './analyse.ts';
export type { AnalysedText, HashtagInfo, Token, TokenKind } from './types.ts';
export { loadNlpResources, makeNlpResources, emojiKey, type NlpResources } from './resources.ts';
export { cleanText, originalSpan, type CleanText } from './text-clean.ts';
export { repairMojibake } from './mojibake.ts';
export { segmentHashtag, type WordModel, type HashtagPart } from './hashtag-segment.ts';
export { stem } from './stem.ts';
export { NEGATORS, NEGATION_WINDOW, markNegation } from './negation.ts';
export { NUM, numberNorm, ballotValue, isNumberToken, splitAmount } from './numbers.ts';
export { deElongate } from './elongation.ts';
export { deLeet } from './leet.ts';
export { buildLexicons, type BuildLexiconsOptions, type BuildLexiconsReport } from './lexicon-build.ts';
