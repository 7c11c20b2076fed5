/** The rule classifier: lexicons + contextual rules over the shared text pipeline. */
export {
  createRuleClassifier,
  scoreAll,
  versionKey,
  baseVersionKey,
  type RuleClassifier,
  type RuleClassifierOptions,
} from './rule-classifier.ts';
export { loadRuleLexicons, DEFAULT_RULES_DIR, type RuleLexicons, type AbusiveWord } from './lexicon.load.ts';
export type { ClaimMatch, ClaimMatcher } from '../../claims/claim-matcher.ts';
export { PhraseMatcher, type PhraseMatch } from './phrase-matcher.ts';
