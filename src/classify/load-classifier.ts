import type { Config } from '../config/config.schema.ts';
import type { Classifier } from '../domain/classification.ts';
import type { LabelScores } from '../domain/labels.ts';
import type { Logger } from '../log/logger.ts';
import { loadTaskModels } from '../model/model-store.ts';
import { initBackend } from '../model/tf-backend.ts';
import { NLP_VERSION } from '../nlp/version.ts';
import { createFusedClassifier } from './fused-classifier.ts';
import { createRuleClassifier, type ClaimMatcher } from './rules/index.ts';

export interface LoadClassifierOptions {
  /** Per-label threshold overrides (from a pipeline). */
  thresholds?: Partial<LabelScores>;
  /** Extra contest files (a pipeline's regional races). */
  contestFiles?: readonly string[];
  /** Debunked-claim matcher for `hoax` (src/claims/); none means rules only. */
  claimMatcher?: ClaimMatcher | null;
  logger: Logger;
}

/**
 * The classifier scans and `netra classify` use: the rule layer over the shipped lexicons (with
 * the claim matcher for hoax) fused with the trained models in `modelsDir`
 * (`<task>/<version>/`, see src/model). Without models it falls back to the rules alone, with a
 * warning.
 */
export async function loadClassifier(config: Pick<Config, 'lexiconDir' | 'modelsDir'>, o: LoadClassifierOptions): Promise<Classifier> {
  const ruleOptions = {
    lexiconDir: config.lexiconDir,
    extraContestFiles: o.contestFiles,
    claimMatcher: o.claimMatcher ?? undefined,
    thresholds: o.thresholds,
  };
  const models = await loadTaskModels(config.modelsDir);
  if (models.length === 0) {
    o.logger.warn({ modelsDir: config.modelsDir }, 'no trained models found: classifying with the rules only (run `netra train`)');
    const rules = await createRuleClassifier(ruleOptions);
    o.logger.debug({ classifier: rules.name, versions: rules.versions }, 'classifier loaded');
    return rules;
  }
  for (const m of models) {
    if (m.meta.nlpVersion !== NLP_VERSION)
      o.logger.warn(
        { model: m.dir, trainedWith: m.meta.nlpVersion, running: NLP_VERSION },
        'model trained with another text-pipeline version: retrain it (`netra train`)',
      );
  }
  const rules = await createRuleClassifier(ruleOptions);
  const backend = await initBackend();
  const classifier = createFusedClassifier(rules, models, { thresholds: o.thresholds });
  o.logger.info(
    { backend, models: Object.fromEntries(models.map((m) => [m.task, m.version])) },
    `classifier: rules + ${models.length} model(s); TensorFlow.js backend ${backend} (weights decoded by tf.io, inference on typed arrays)`,
  );
  o.logger.debug({ classifier: classifier.name, versions: classifier.versions }, 'classifier loaded');
  return classifier;
}
