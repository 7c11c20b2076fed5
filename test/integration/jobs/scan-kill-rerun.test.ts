import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadClassifier } from '../../../src/classify/load-classifier.ts';
import { loadConfig } from '../../../src/config/config.load.ts';
import { openDatabase, type NetraDatabase } from '../../../src/db/connect.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { countLogs, startCli } from '../../helpers/cli-process.ts';
import { writeScanFixture, type ScanFixture } from '../../helpers/scan-fixture.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * `netra scan` killed with SIGKILL in the middle (no cleanup at all), then run again: the second
 * run completes the work, and nothing is lost or doubled (posts, versions, classifications, flags).
 */
let dir: string;
let fx: ScanFixture;
let expectedFlags: number;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netra-scan-kill-'));
  fx = await writeScanFixture(path.join(dir, 'fixture'), { accounts: 30, postsPerAccount: 10, extraYaml: 'classify:\n  batchSize: 50\n' });
  const classifier = await loadClassifier(loadConfig({ env: {}, flags: {} }), { logger: silentLogger() });
  expectedFlags = (await classifier.classify(fx.texts)).filter((r) => r.flags.length > 0).length;
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe.each(testDialects())('scan killed and run again on %s', (dialect) => {
  let t: TestDb | undefined;
  let env: Record<string, string>;
  const open = async (): Promise<NetraDatabase> =>
    dialect === 'pglite' ? openDatabase({ dbPath: env['NETRA_DB_PATH']!, migrate: false }) : t!.reopen();
  beforeAll(async () => {
    if (dialect === 'postgres') {
      t = await openTestDb('postgres');
      env = {
        NETRA_DATABASE_URL: process.env.NETRA_TEST_DATABASE_URL!,
        NETRA_DATABASE_SCHEMA: t.schema!,
        NETRA_DATA_DIR: path.join(dir, 'pg-data'),
      };
    } else {
      env = { NETRA_DATABASE_URL: '', NETRA_DB_PATH: path.join(dir, 'pglite-db'), NETRA_DATA_DIR: path.join(dir, 'pglite-data') };
    }
  });
  afterAll(async () => t?.close());

  // The work is two `netra scan` start-ups (tsx, the database, the classifier) and one scan of
  // 300 posts: about a minute on an idle 2-core machine, several at a load of 8. The test's
  // deadline allows for that; the wait for the kill point has no shorter one of its own (it ends
  // when the scan gets there or exits).
  it('loses nothing and duplicates nothing', { timeout: 600_000 }, async () => {
    const first = startCli(['scan', '--pipeline', fx.pipelineFile, '--show', '0'], env);
    // Kill it once some accounts are collected and committed, well before the end.
    await first.waitFor((err) => countLogs(err, 'job done', (l) => String(l['job']).startsWith('collect')) >= 5, 590_000);
    first.proc.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');

    const d1 = await open();
    const partial = Number((await d1.db.selectFrom('posts').select(d1.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    await d1.close();
    expect(partial).toBeGreaterThan(0);
    expect(partial).toBeLessThan(fx.posts);

    const second = startCli(['scan', '--pipeline', fx.pipelineFile, '--show', '0', '--json'], { ...env, NETRA_LOG_LEVEL: 'warn' });
    const { code } = await second.exited;
    expect(code, second.stderr()).toBe(0);
    const report = JSON.parse(second.stdout()) as { run: { status: string; counts: Record<string, number> } };
    expect(report.run.status).toBe('succeeded');
    expect(report.run.counts['posts_new']).toBe(fx.posts - partial);
    expect(report.run.counts['posts_unchanged']).toBe(partial);

    const d = await open();
    try {
      const n = async (table: 'posts' | 'post_versions' | 'classifications' | 'flags') =>
        Number((await d.db.selectFrom(table).select(d.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
      expect(await n('posts')).toBe(fx.posts);
      expect(await n('post_versions')).toBe(fx.posts);
      expect(await n('classifications')).toBe(fx.posts);
      expect(await n('flags')).toBe(expectedFlags);
      const created = await d.db
        .selectFrom('audit_log')
        .select(d.db.fn.countAll<number>().as('n'))
        .where('action', '=', 'flag.created')
        .executeTakeFirstOrThrow();
      expect(Number(created.n)).toBe(expectedFlags);
      const runs = await d.db.selectFrom('scan_runs').select(['id', 'status']).orderBy('id').execute();
      expect(runs).toHaveLength(2);
      // PGlite has one user: the cut-off run is known dead at once. On PostgreSQL it is marked
      // interrupted by the first run of this pipeline after its heartbeat went stale.
      expect(runs[0]!.status).toBe(dialect === 'pglite' ? 'interrupted' : 'running');
      expect(runs[1]!.status).toBe('succeeded');
    } finally {
      await d.close();
    }
  });
});
