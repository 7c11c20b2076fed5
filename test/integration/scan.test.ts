import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadElectionCalendar } from '../../src/classify/rules/election-calendar.load.ts';
import { silentLogger } from '../../src/log/logger.ts';
import { loadPipeline } from '../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../src/pipeline/scan.ts';
import { listFlags } from '../../src/repositories/flags.repository.ts';
import { fakeClassifier } from '../helpers/fake-classifier.ts';
import { openTestDb, testDialects, type TestDb } from '../helpers/test-db.ts';

const counts = async (t: TestDb) => {
  const n = async (table: 'posts' | 'post_versions' | 'classifications' | 'flags' | 'accounts') =>
    Number((await t.db.selectFrom(table).select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    posts: await n('posts'),
    versions: await n('post_versions'),
    classifications: await n('classifications'),
    flags: await n('flags'),
    accounts: await n('accounts'),
  };
};

describe.each(testDialects())('scan on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('runs registry -> collect -> classify -> flag and records the run', async () => {
    const loaded = await loadPipeline('test/fixtures/pipelines/small.yaml');
    const calendar = await loadElectionCalendar();
    const r = await runScan({ db: t.db, loaded, classifier: fakeClassifier(), calendar, logger: silentLogger() });
    expect(r.run.status).toBe('partial'); // the unregistered handle is an alert, not a silent skip
    expect(r.collect.alerts.join()).toMatch(/not in the registry/);
    expect(r.run.counts).toMatchObject({ accounts: 3, posts_new: 4, classified: 4, flagged: 3, flags_created: 3 });
    expect(await counts(t)).toEqual({ posts: 4, versions: 4, classifications: 4, flags: 3, accounts: 3 });

    const flags = await listFlags(t.db);
    // The quiet-period partisan post outranks the campaign-time ones.
    expect(flags[0]).toMatchObject({ labels: ['partisan'], phase: 'quiet_period', handle: 'budi_guru', personName: 'Budi Santoso' });
    expect(flags.map((f) => f.labels)).toContainEqual(['partisan', 'money_politics']);
    const audit = await t.db.selectFrom('audit_log').select('action').where('action', '=', 'flag.created').execute();
    expect(audit).toHaveLength(3);
  });

  it('adds nothing when re-run, and records the second run', async () => {
    const loaded = await loadPipeline('test/fixtures/pipelines/small.yaml');
    const before = await counts(t);
    const classifier = fakeClassifier();
    const r = await runScan({ db: t.db, loaded, classifier, calendar: await loadElectionCalendar(), logger: silentLogger() });
    expect(await counts(t)).toEqual(before);
    expect(r.run.counts).toMatchObject({ posts_new: 0, posts_unchanged: 4, classified: 0, flags_created: 0 });
    expect(classifier.calls).toBe(0);
    const runs = await t.db.selectFrom('scan_runs').select(['id', 'status']).execute();
    expect(runs).toHaveLength(2);
  });

  it('classifies again, without duplicating flags, when the classifier changes', async () => {
    const loaded = await loadPipeline('test/fixtures/pipelines/small.yaml');
    const r = await runScan({
      db: t.db,
      loaded,
      classifier: fakeClassifier(undefined, 'fake-2'),
      calendar: await loadElectionCalendar(),
      logger: silentLogger(),
    });
    expect(r.run.counts).toMatchObject({ classified: 4, flags_created: 0 });
    const c = await counts(t);
    expect(c).toMatchObject({ classifications: 8, flags: 3 });
  });
});
