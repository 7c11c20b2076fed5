import type { Config } from '../config/config.schema.ts';
import type { Classifier } from '../domain/classification.ts';
import type { LabelScores } from '../domain/labels.ts';
import type { Logger } from '../log/logger.ts';
import { createRuleClassifier, type ClaimMatcher } from './rules/index.ts';

export interface LoadClassifierOptions {
  /** Per-label threshold overrides (from a pipeline). */
  thresholds?: Partial<LabelScores>;
  /** Extra contest files (a pipeline's regional races). */
  contestFiles?: readonly string[];
  /** Debunked-claim matcher for `hoax` (src/classify/claims/load-claim-matcher.ts); none means rules only. */
  claimMatcher?: ClaimMatcher | null;
  logger: Logger;
}

/**
 * The classifier scans and `netra classify` use. Today: the rule layer over the shipped
 * lexicons. Learned models plug in here behind the same interface.
 */
export async function loadClassifier(config: Pick<Config, 'lexiconDir' | 'modelsDir'>, o: LoadClassifierOptions): Promise<Classifier> {
  const classifier = await createRuleClassifier({
    lexiconDir: config.lexiconDir,
    ...(o.thresholds ? { thresholds: o.thresholds } : {}),
    ...(o.contestFiles?.length ? { extraContestFiles: o.contestFiles } : {}),
    ...(o.claimMatcher ? { claimMatcher: o.claimMatcher } : {}),
  });
  o.logger.debug({ classifier: classifier.name, versions: classifier.versions }, 'classifier loaded');
  return classifier;
}
