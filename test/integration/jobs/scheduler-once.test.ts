import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NetraDatabase } from '../../../src/db/connect.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { JobEngine, jobsSchemaFor } from '../../../src/pipeline/jobs/job-engine.ts';
import type { LoadedPipeline } from '../../../src/pipeline/pipeline.load.ts';
import { pipelineSchema } from '../../../src/pipeline/pipeline.schema.ts';
import { queueScan } from '../../../src/pipeline/scan-start.ts';
import { schedulePass } from '../../../src/pipeline/scheduler.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { openTestDb, type TestDb } from '../../helpers/test-db.ts';

const url = process.env.NETRA_TEST_DATABASE_URL;

describe.skipIf(!url)('many schedulers on one PostgreSQL', () => {
  let t: TestDb;
  const handles: { d: NetraDatabase; engine: JobEngine }[] = [];
  beforeAll(async () => {
    t = await openTestDb('postgres');
    for (let i = 0; i < 3; i++) {
      const d = await t.reopen();
      handles.push({ d, engine: await JobEngine.open(d, { logger: silentLogger(), supervise: false }) });
    }
  });
  afterAll(async () => {
    for (const h of handles) {
      await h.engine.stop();
      await h.d.close();
    }
    await t?.close();
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    await c.query(`drop schema if exists ${jobsSchemaFor(t.schema)} cascade`);
    await c.end();
  });

  it('start a tick exactly once, with exactly one plan job', async () => {
    const loaded: LoadedPipeline = {
      pipeline: pipelineSchema.parse({ name: 'daily', sources: [{ kind: 'file', path: 'p.jsonl' }], schedule: { cron: '0 2 * * *' } }),
      file: 'pipelines/daily.yaml',
      resolve: (p) => p,
    };
    const pass = (now: string) =>
      Promise.all(
        handles.map((h) =>
          schedulePass({
            pipelines: [loaded],
            logger: silentLogger(),
            now: () => new Date(now),
            start: async (l, tick) =>
              (await queueScan({ db: h.d.db, engine: h.engine, loaded: l, trigger: 'schedule', scheduledFor: tick })) !== null,
          }),
        ),
      );
    const first = await pass('2024-02-10T19:00:05Z');
    expect(first.flat().filter((r) => r.started)).toHaveLength(1);
    // The same tick seen again (a later check, another scheduler): nothing new.
    const again = await pass('2024-02-10T19:20:00Z');
    expect(again.flat().filter((r) => r.started)).toHaveLength(0);
    // The next day's tick: one more.
    const next = await pass('2024-02-11T19:00:01Z');
    expect(next.flat().filter((r) => r.started)).toHaveLength(1);
    const runs = await t.db.selectFrom('scan_runs').select(['trigger', 'scheduled_for']).orderBy('id').execute();
    expect(runs).toEqual([
      { trigger: 'schedule', scheduled_for: new Date('2024-02-10T19:00:00Z') },
      { trigger: 'schedule', scheduled_for: new Date('2024-02-11T19:00:00Z') },
    ]);
    expect((await handles[0]!.engine.depths())['created']).toBe(2);
  });
});

describe('worker on the embedded database', () => {
  it('refuses with a clear error', async () => {
    const r = await runCli(['worker'], { env: { NETRA_DATABASE_URL: '', NETRA_DB_PATH: 'memory://' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/need PostgreSQL .*netra scan --pipeline/);
  });
});
