import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../../src/log/logger.ts';
import { JobEngine, jobsSchemaFor } from '../../../src/pipeline/jobs/job-engine.ts';
import { ScanResources } from '../../../src/pipeline/jobs/scan-resources.ts';
import { ScanWorker } from '../../../src/pipeline/jobs/worker.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { runScan } from '../../../src/pipeline/scan.ts';
import { queueScan } from '../../../src/pipeline/scan-start.ts';
import { fakeClassifier } from '../../helpers/fake-classifier.ts';
import { openTestDb, testDialects, type TestDb } from '../../helpers/test-db.ts';

/**
 * A permanent error (here: an x-api source without a bearer token, a UserError) is never
 * retried, by either runner: the job is dead at its first attempt. The retry delay is an hour, so
 * a retry would hold the run far past the test's deadline.
 */
let dir: string;
let pipelineFile: string;
const sources = { chromiumPath: '/usr/bin/chromium', evidenceDir: '', xApiBearerToken: undefined };
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'netra-permanent-'));
  sources.evidenceDir = path.join(dir, 'evidence');
  pipelineFile = path.join(dir, 'no-token.yaml');
  await writeFile(pipelineFile, 'name: no-token\nsources:\n  - kind: x-api\njobs:\n  retryLimit: 3\n  retryDelaySeconds: 3600\n');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe.each(testDialects())('a permanent error in an embedded scan on %s', (dialect) => {
  let t: TestDb;
  beforeAll(async () => {
    t = await openTestDb(dialect);
  });
  afterAll(async () => t?.close());

  it('kills the job at its first attempt and fails the run', async () => {
    const loaded = await loadPipeline(pipelineFile);
    await expect(
      runScan({ db: t.db, loaded, classifier: fakeClassifier(), calendar: [], logger: silentLogger(), config: sources }),
    ).rejects.toThrow(/bearer token/);
    const jobs = await t.db.selectFrom('scan_jobs').select(['key', 'status', 'attempts']).execute();
    expect(jobs).toEqual([{ key: 'plan', status: 'dead', attempts: 1 }]);
    expect((await t.db.selectFrom('scan_runs').select('status').executeTakeFirstOrThrow()).status).toBe('failed');
  });
});

const url = process.env.NETRA_TEST_DATABASE_URL;
(url ? describe : describe.skip)('a permanent error on a PostgreSQL worker', () => {
  let t: TestDb;
  let engine: JobEngine;
  beforeAll(async () => {
    t = await openTestDb('postgres');
    engine = await JobEngine.open(t, { logger: silentLogger(), supervise: false });
  });
  afterAll(async () => {
    await engine?.stop();
    await t?.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${jobsSchemaFor(t.schema)} cascade`);
    await c.end();
  });

  it('is recorded dead at its first attempt, and pg-boss does not retry it', async () => {
    const loaded = await loadPipeline(pipelineFile);
    const run = (await queueScan({ db: t.db, engine, loaded, trigger: 'manual' }))!;
    const resources = new ScanResources({ logger: silentLogger(), config: sources, given: { classifier: fakeClassifier(), calendar: [] } });
    const worker = new ScanWorker({ db: t.db, engine, resources, logger: silentLogger(), concurrency: 1, name: 'test', pollMs: 50 });
    worker.start();
    try {
      for (let i = 0; ; i++) {
        const r = await t.db.selectFrom('scan_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow();
        if (r.status !== 'running') break;
        if (i > 600) throw new Error('the run is still running after 60 s');
        await sleep(100);
      }
    } finally {
      await worker.stop(1000);
      await resources.close();
    }
    expect((await t.db.selectFrom('scan_runs').select('status').where('id', '=', run.id).executeTakeFirstOrThrow()).status).toBe('failed');
    expect(await t.db.selectFrom('scan_jobs').select(['key', 'status', 'attempts']).where('scan_run_id', '=', run.id).execute()).toEqual([
      { key: 'plan', status: 'dead', attempts: 1 },
    ]);
    const boss =
      t.raw.kind === 'postgres'
        ? await t.raw.pool.query<{ state: string; retry_count: number }>(
            `select state, retry_count from ${jobsSchemaFor(t.schema)}.job where (data->>'runId')::int = $1`,
            [run.id],
          )
        : undefined;
    expect(boss?.rows).toEqual([{ state: 'failed', retry_count: 0 }]);
  });
});
