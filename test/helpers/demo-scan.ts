import type { Kysely } from 'kysely';
import { loadConfig } from '../../src/config/config.load.ts';
import type { Database } from '../../src/db/schema.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { loadRunClassifier } from '../../src/pipeline/run-classifier.ts';
import { runScan } from '../../src/pipeline/scan.ts';

/**
 * Run `pipelines/demo.yaml` in this process, as `netra scan --pipeline pipelines/demo.yaml` does
 * but without hoax claims (the test database is not the configured one); evidence goes under
 * `dataDir`. Returns the number of flagged posts.
 */
export async function scanDemo(db: Kysely<Database>, dataDir: string): Promise<number> {
  const config = loadConfig({ env: { NETRA_DATA_DIR: dataDir } });
  const loaded = await loadPipeline('pipelines/demo.yaml');
  const logger = silentLogger();
  const { classifier, calendar } = await loadRunClassifier({
    config,
    logger,
    loaded,
    claims: { option: 'none', db: () => Promise.reject(new Error('no database')) },
  });
  try {
    const r = await runScan({ db, loaded, classifier, calendar, logger, config });
    return r.run.counts['flagged'] ?? 0;
  } finally {
    await classifier.close?.();
  }
}
