import type { Kysely } from 'kysely';
import { claimMatcherFor, pipelineClaimMatcher, type ClaimsDbSettings, type ClaimsSourceContext } from '../claims/claims-source.ts';
import { loadClassifier } from '../classify/load-classifier.ts';
import type { Config } from '../config/config.schema.ts';
import type { Database } from '../db/schema.ts';
import type { Classifier } from '../domain/classification.ts';
import { contestFilesIn, loadElectionCalendar } from '../classify/rules/election-calendar.load.ts';
import { toCalendar } from '../domain/election-calendar.ts';
import type { ContestCalendar } from '../domain/election-phase.ts';
import type { Logger } from '../log/logger.ts';
import type { LoadedPipeline } from './pipeline.load.ts';

/** The settings a run's classifier is built from: lexicons, models, and where the claims database is. */
export type RunClassifierConfig = Pick<Config, 'lexiconDir' | 'modelsDir'> & ClaimsDbSettings;

/** Where a run's debunked claims come from. */
export type RunClaims =
  /**
   * A scan: the pipeline's claim files are imported into `db` (idempotent, audited as `actor`),
   * the embedded database's claims snapshot is refreshed, and every claim in `db` is matched.
   */
  | { scan: { db: Kysely<Database>; actor: string } }
  /** A command's `--claims` option: auto, db, none or a claims file (see claimMatcherFor). */
  | { option: string; db: ClaimsSourceContext['db'] };

export interface RunClassifierOptions {
  config: RunClassifierConfig;
  logger: Logger;
  /** The pipeline whose `classify` settings (thresholds, contests, claims) and election calendar apply; none: the shipped ones. */
  loaded?: LoadedPipeline;
  claims: RunClaims;
}

/** What a run classifies with. The caller closes the classifier. */
export interface RunClassifier {
  classifier: Classifier;
  /** The shipped election calendar, the pipeline's contest files, and its `election.calendar`. */
  calendar: readonly ContestCalendar[];
}

/**
 * The one place that turns a pipeline (or a command's options) into the classifier, calendar and
 * claim matcher of a run: `netra scan` and the workers (through the run's ScanResources),
 * `netra classify` and `netra eval`.
 */
export async function loadRunClassifier(o: RunClassifierOptions): Promise<RunClassifier> {
  const classify = o.loaded?.pipeline.classify;
  const contestFiles = await contestFilesIn((classify?.contests ?? []).map((f) => o.loaded!.resolve(f)));
  const claimFiles = (classify?.claims ?? []).map((f) => o.loaded!.resolve(f));
  const claimMatcher =
    'scan' in o.claims
      ? await pipelineClaimMatcher(o.claims.scan.db, claimFiles, { config: o.config, logger: o.logger, actor: o.claims.scan.actor })
      : await claimMatcherFor(o.claims.option, { config: o.config, logger: o.logger, db: o.claims.db }, claimFiles);
  const classifier = await loadClassifier(o.config, {
    thresholds: classify?.thresholds ?? {},
    contestFiles,
    claimMatcher,
    logger: o.logger,
  });
  try {
    const calendar = [
      ...(await loadElectionCalendar(o.config.lexiconDir, contestFiles)),
      ...(o.loaded?.pipeline.election.calendar ?? []).map(toCalendar),
    ];
    return { classifier, calendar };
  } catch (e) {
    await classifier.close?.();
    throw e;
  }
}
