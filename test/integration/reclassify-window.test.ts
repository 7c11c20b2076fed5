import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { fakeClassifier } from '../helpers/fake-classifier.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

/**
 * Issue 12 item 8: new claims re-classify recent posts. The claims version is part of the
 * classifier's key, so before this every change of claims (a daily feed sync) re-classified every
 * stored post. Now a classifier that differs only in its claims (same base key) re-classifies the
 * posts of the last `classify.reclassifyDays` only.
 */
const classifier = (key: string, baseKey: string) => {
  const c = fakeClassifier(undefined, key);
  return Object.assign(c, { versions: { ...c.versions, baseKey, models: { claims: key } } });
};

describe.each(testDialects())('re-classification window on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  const scan = async (c: ReturnType<typeof classifier>, reclassifyDays?: number) => {
    const loaded = await loadPipeline('test/fixtures/pipelines/small.yaml');
    if (reclassifyDays !== undefined) loaded.pipeline.classify.reclassifyDays = reclassifyDays;
    return runScan({ db: t.db, loaded, classifier: c, calendar: await loadElectionCalendar(), logger: silentLogger() });
  };

  it('new claims leave posts older than the window alone, and re-classify the recent ones', async () => {
    expect((await scan(classifier('claims-v1', 'base-a'))).run.counts).toMatchObject({ classified: 4 });
    // The fixture's posts are from 2024: older than the default 30 days.
    expect((await scan(classifier('claims-v2', 'base-a'))).run.counts).toMatchObject({ classified: 0 });
    // A window that reaches them: they are classified against the new claims.
    expect((await scan(classifier('claims-v3', 'base-a'), 36_500)).run.counts).toMatchObject({ classified: 4 });
  });

  it('any other change (models, lexicons, thresholds) re-classifies every post', async () => {
    expect((await scan(classifier('claims-v4', 'base-b'))).run.counts).toMatchObject({ classified: 4 });
  });
});
