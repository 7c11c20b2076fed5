import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetraDatabase } from '../../../src/db/connect.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { JobEngine, jobsSchemaFor } from '../../../src/pipeline/jobs/job-engine.ts';
import { loadPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { queueScan } from '../../../src/pipeline/scan-start.ts';
import { startCli, type CliProcess } from '../../helpers/cli-process.ts';
import { writeScanFixture, type ScanFixture } from '../../helpers/scan-fixture.ts';
import { openTestDb, type TestDb } from '../../helpers/test-db.ts';

/**
 * Workers on one PostgreSQL (real processes): three share a scan with no job done twice and none
 * lost; a worker that dies holding a job has it retried by another after the job's timeout.
 */
const url = process.env.NETRA_TEST_DATABASE_URL;
const describePg = url ? describe : describe.skip;

describePg('workers on PostgreSQL', () => {
  let t: TestDb;
  let dir: string;
  let fx: ScanFixture;
  let engine: JobEngine;
  const procs: CliProcess[] = [];
  let env: Record<string, string>;

  beforeAll(async () => {
    t = await openTestDb('postgres');
    dir = await mkdtemp(path.join(tmpdir(), 'netra-workers-'));
    fx = await writeScanFixture(dir, {
      accounts: 24,
      postsPerAccount: 5,
      // Short timeout and retry delay: a dead worker's job comes back within seconds.
      extraYaml: 'classify:\n  batchSize: 20\njobs:\n  retryLimit: 3\n  retryDelaySeconds: 1\n  timeoutSeconds: 3\n',
    });
    env = { NETRA_DATABASE_URL: url!, NETRA_DATABASE_SCHEMA: t.schema!, NETRA_DATA_DIR: path.join(dir, 'data') };
    engine = await JobEngine.open(t, { logger: silentLogger(), supervise: false });
  });
  afterAll(async () => {
    for (const p of procs) if (p.proc.exitCode === null && p.proc.signalCode === null) p.proc.kill('SIGKILL');
    await engine?.stop();
    await t?.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${jobsSchemaFor(t.schema)} cascade`);
    await c.end();
    await rm(dir, { recursive: true, force: true });
  });

  const worker = (...args: string[]) => {
    const p = startCli(['worker', '--poll-ms', '100', '--supervise-seconds', '1', ...args], env);
    procs.push(p);
    return p;
  };
  const waitRun = async (d: NetraDatabase, id: number, ms = 90_000) => {
    const until = Date.now() + ms;
    for (;;) {
      const r = await d.db.selectFrom('scan_runs').selectAll().where('id', '=', id).executeTakeFirstOrThrow();
      if (r.status !== 'running') return r;
      if (Date.now() > until) throw new Error(`scan #${id} still ${r.phase} after ${ms} ms`);
      await sleep(200);
    }
  };
  const jobRows = (runId: number) =>
    t.raw.kind === 'postgres'
      ? t.raw.pool.query<{ id: string; state: string; retry_count: number; key: string }>(
          `select id, state, retry_count, substr(singleton_key, strpos(singleton_key, ':') + 1) as key from ${jobsSchemaFor(t.schema)}.job where (data->>'runId')::int = $1`,
          [runId],
        )
      : Promise.reject(new Error('postgres only'));
  const totals = async () => {
    const n = async (table: 'posts' | 'post_versions' | 'classifications' | 'flags') =>
      Number((await t.db.selectFrom(table).select(t.db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
    return {
      posts: await n('posts'),
      versions: await n('post_versions'),
      classifications: await n('classifications'),
      flags: await n('flags'),
    };
  };

  it('three workers share a scan: every job done once, none lost, SIGTERM stops them cleanly', { timeout: 240_000 }, async () => {
    // A timeout no job reaches even on a loaded machine: here nothing may be retried.
    const file = fx.pipelineFile.replace(/\.yaml$/, '-long.yaml');
    await writeFile(file, (await readFile(fx.pipelineFile, 'utf8')).replace('timeoutSeconds: 3', 'timeoutSeconds: 600'));
    const loaded = await loadPipeline(file);
    const run = (await queueScan({ db: t.db, engine, loaded, trigger: 'manual' }))!;
    const ws = [worker('--concurrency', '2'), worker('--concurrency', '2'), worker('--concurrency', '2')];
    const done = await waitRun(t, run.id);
    expect(done.status).toBe('succeeded');
    expect(done.counts).toMatchObject({ accounts: 24, posts_new: fx.posts, classified: fx.posts, jobs_dead: 0 });

    const jobs = await t.db.selectFrom('scan_jobs').selectAll().where('scan_run_id', '=', run.id).execute();
    const collects = jobs.filter((j) => j.kind === 'collect');
    expect(collects).toHaveLength(24);
    expect(jobs.filter((j) => j.kind === 'classify')).toHaveLength(Math.ceil(fx.posts / 20));
    expect(jobs.every((j) => j.status === 'done' && j.attempts === 1)).toBe(true);
    // Shared: more than one process did the run's jobs.
    expect(new Set(jobs.map((j) => j.worker)).size).toBeGreaterThan(1);
    // The engine's view: each job fetched once (no retries), all completed.
    const { rows } = await jobRows(run.id);
    expect(rows).toHaveLength(jobs.length);
    expect(rows.filter((r) => r.state !== 'completed')).toEqual([]);
    expect(rows.filter((r) => r.retry_count > 0)).toEqual([]);
    // And the data: each post once, one version, one classification; flags = flagged classifications.
    const tt = await totals();
    expect(tt).toMatchObject({ posts: fx.posts, versions: fx.posts, classifications: fx.posts });
    expect(tt.flags).toBe(done.counts['flagged']);

    for (const w of ws) w.proc.kill('SIGTERM');
    for (const w of ws) expect(await w.exited).toEqual({ code: 0, signal: null });
  });

  it('a worker that dies holding a job has it retried by another after the timeout', { timeout: 240_000 }, async () => {
    const loaded = await loadPipeline(fx.pipelineFile);
    // Same accounts, new posts: the file is rewritten with more posts per account.
    const fx2 = await writeScanFixture(dir, {
      accounts: 24,
      postsPerAccount: 8,
      extraYaml: 'classify:\n  batchSize: 20\njobs:\n  retryLimit: 3\n  retryDelaySeconds: 1\n  timeoutSeconds: 3\n',
    });
    const run = (await queueScan({ db: t.db, engine, loaded, trigger: 'manual' }))!;
    const a = worker('--concurrency', '1');
    // Freeze the worker while it holds a job (state active), then kill it: it dies mid-job.
    let held: { id: string; key: string } | undefined;
    for (let i = 0; i < 400 && !held; i++) {
      await sleep(20);
      a.proc.kill('SIGSTOP');
      const { rows } = await jobRows(run.id);
      const active = rows.find((r) => r.state === 'active');
      if (active) held = { id: active.id, key: active.key };
      else a.proc.kill('SIGCONT');
    }
    expect(held, 'the worker never held a job when frozen').toBeDefined();
    a.proc.kill('SIGKILL');
    await a.exited;

    const b = worker('--concurrency', '2');
    const done = await waitRun(t, run.id);
    expect(done.status).toBe('succeeded');
    const { rows } = await jobRows(run.id);
    const again = rows.find((r) => r.id === held!.id)!;
    expect(again.state).toBe('completed');
    expect(again.retry_count).toBeGreaterThanOrEqual(1);
    const rec = await t.db
      .selectFrom('scan_jobs')
      .selectAll()
      .where('scan_run_id', '=', run.id)
      .where('key', '=', held!.key)
      .executeTakeFirstOrThrow();
    expect(rec.status).toBe('done');
    expect(await totals()).toMatchObject({ posts: fx2.posts, versions: fx2.posts, classifications: fx2.posts });
    b.proc.kill('SIGTERM');
    expect((await b.exited).code).toBe(0);
  });
});
