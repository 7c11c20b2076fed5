import type { Kysely } from 'kysely';
import { loadClassifier } from '../../src/classify/load-classifier.ts';
import { loadConfig } from '../../src/config/config.load.ts';
import type { Database } from '../../src/db/schema.ts';
import { contestFilesIn, loadElectionCalendar, toCalendar } from '../../src/domain/election-calendar.load.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';

/**
 * Run `pipelines/demo.yaml` in this process, as `netra scan --pipeline pipelines/demo.yaml` does;
 * evidence goes under `dataDir`. Returns the number of flagged posts.
 */
export async function scanDemo(db: Kysely<Database>, dataDir: string): Promise<number> {
  const config = loadConfig({ env: { NETRA_DATA_DIR: dataDir } });
  const loaded = await loadPipeline('pipelines/demo.yaml');
  const contestFiles = await contestFilesIn((loaded.pipeline.classify.contests ?? []).map(loaded.resolve));
  const logger = silentLogger();
  const classifier = await loadClassifier(config, { thresholds: loaded.pipeline.classify.thresholds ?? {}, contestFiles, logger });
  const calendar = [...(await loadElectionCalendar(config.lexiconDir, contestFiles)), ...(loaded.pipeline.election.calendar ?? []).map(toCalendar)];
  try {
    const r = await runScan({ db, loaded, classifier, calendar, logger, config });
    return r.run.counts['flagged'] ?? 0;
  } finally {
    await classifier.close?.();
  }
}
