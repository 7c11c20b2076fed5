import { CompiledQuery } from 'kysely';
import PgBoss from 'pg-boss';
import type pg from 'pg';
import type { NetraDatabase } from '../../db/connect.ts';
import { UserError } from '../../domain/errors.ts';
import type { Logger } from '../../log/logger.ts';
import type { Db } from '../../db/handle.ts';
import type { JobsConfig } from '../pipeline.schema.ts';
import { jobKey, JOB_PRIORITY, type ScanJob } from './scan-job.ts';

/** The queue every scan job goes through (job kinds are told apart by their data and priority). */
export const SCAN_QUEUE = 'netra-scan';

/** Where pg-boss keeps its tables: next to netra's schema. */
export const jobsSchemaFor = (schema: string | undefined) => (schema ? `${schema}_jobs` : 'netra_jobs');

export interface JobEngineOptions {
  logger: Logger;
  /** How often expired jobs (their worker died) are failed and retried, in seconds. @default 30 */
  superviseSeconds?: number;
  /** Run maintenance (expiry, archiving) in this process. @default true */
  supervise?: boolean;
}

/** A fetched job with what retry decisions need. */
export interface FetchedJob {
  id: string;
  data: unknown;
  retryCount: number;
  retryLimit: number;
}

export const NEEDS_POSTGRES =
  'scheduled scans and workers need PostgreSQL (set NETRA_DATABASE_URL or --database-url); on the embedded database run a scan in this process with `netra scan --pipeline FILE`';

/** pg-boss's SQL through netra's pool, or inside a Kysely transaction (jobs commit with the work that enqueues them). */
const poolExecutor = (pool: pg.Pool) => ({ executeSql: async (text: string, values?: unknown[]) => pool.query(text, values) });
const trxExecutor = (trx: Db) => ({
  executeSql: async (text: string, values?: unknown[]) => ({ rows: (await trx.executeQuery(CompiledQuery.raw(text, values ?? []))).rows }),
});

/**
 * pg-boss 10 on netra's PostgreSQL: storage of jobs, retries with exponential backoff, expiry of
 * jobs whose worker died, failed jobs kept with their error. netra fetches and completes jobs
 * itself (`fetch`/`complete`/`fail`) to control concurrency and shutdown.
 */
export class JobEngine {
  private constructor(
    readonly boss: PgBoss,
    readonly schema: string,
    private readonly pool: pg.Pool,
  ) {}

  static async open(d: NetraDatabase, o: JobEngineOptions): Promise<JobEngine> {
    if (d.raw.kind !== 'postgres') throw new UserError(NEEDS_POSTGRES);
    const schema = jobsSchemaFor(d.schema);
    const boss = new PgBoss({
      db: poolExecutor(d.raw.pool),
      schema,
      supervise: o.supervise ?? true,
      schedule: false,
      maintenanceIntervalSeconds: o.superviseSeconds ?? 30,
      monitorStateIntervalSeconds: 60,
    });
    boss.on('error', (e: Error) => o.logger.error({ err: e.message }, 'job engine error'));
    await boss.start();
    if (!(await boss.getQueue(SCAN_QUEUE)))
      await boss.createQueue(SCAN_QUEUE).catch(async (e: Error) => {
        // Another worker created it at the same moment.
        if (!(await boss.getQueue(SCAN_QUEUE))) throw e;
      });
    return new JobEngine(boss, schema, d.raw.pool);
  }

  /** Enqueue scan jobs as part of `trx`. */
  async enqueue(trx: Db, jobs: readonly ScanJob[], policy: JobsConfig): Promise<void> {
    if (jobs.length === 0) return;
    await this.boss.insert(
      jobs.map((j) => ({
        name: SCAN_QUEUE,
        data: j,
        priority: JOB_PRIORITY[j.kind],
        retryLimit: policy.retryLimit,
        retryDelay: policy.retryDelaySeconds,
        retryBackoff: policy.retryBackoff,
        expireInSeconds: policy.timeoutSeconds,
        singletonKey: `${j.runId}:${jobKey(j)}`,
      })),
      { db: trxExecutor(trx) },
    );
  }

  async fetch(): Promise<FetchedJob | undefined> {
    const [j] = (await this.boss.fetch(SCAN_QUEUE, { batchSize: 1, includeMetadata: true })) as PgBoss.JobWithMetadata[];
    return j ? { id: j.id, data: j.data, retryCount: j.retryCount, retryLimit: j.retryLimit } : undefined;
  }

  async complete(id: string): Promise<void> {
    await this.boss.complete(SCAN_QUEUE, id);
  }

  /**
   * Fail a job: pg-boss retries it after its backoff, or keeps it as failed with this error.
   * `final`: keep it as failed now, whatever retries it has left (its error is permanent).
   */
  async fail(id: string, e: Error, o: { final?: boolean } = {}): Promise<void> {
    if (o.final)
      await this.pool.query(`update ${this.schema}.job set retry_limit = retry_count where name = $1 and id = $2`, [SCAN_QUEUE, id]);
    await this.boss.fail(SCAN_QUEUE, id, { message: e.message, name: e.name });
  }

  /** Jobs by state (created, retry, active, completed, failed, ...), for status and metrics. */
  async depths(): Promise<Record<string, number>> {
    const { rows } = await this.pool.query<{ state: string; n: number }>(
      `select state, count(*)::int as n from ${this.schema}.job where name = $1 group by state`,
      [SCAN_QUEUE],
    );
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }

  /**
   * Jobs pg-boss gave up on without netra hearing of it (their worker died on the last attempt
   * and the job expired): returned so the caller records them dead and the run goes on.
   */
  async failedUnrecorded(): Promise<{ data: unknown; output: unknown; retryCount: number }[]> {
    const { rows } = await this.pool.query<{ data: unknown; output: unknown; retry_count: number }>(
      `select j.data, j.output, j.retry_count from ${this.schema}.job j
        join scan_runs r on r.id = (j.data->>'runId')::int and r.status = 'running'
       where j.name = $1 and j.state = 'failed'
         and not exists (select 1 from scan_jobs s where s.scan_run_id = r.id
                          and s.key = substr(j.singleton_key, strpos(j.singleton_key, ':') + 1))
       limit 100`,
      [SCAN_QUEUE],
    );
    return rows.map((r) => ({ data: r.data, output: r.output, retryCount: Number(r.retry_count) }));
  }

  async stop(): Promise<void> {
    await this.boss.stop({ graceful: false, close: false, wait: true });
  }
}

/** A job queue depth summary for `netra status` without starting maintenance. */
export async function queueDepths(d: NetraDatabase): Promise<Record<string, number> | null> {
  if (d.raw.kind !== 'postgres') return null;
  const schema = jobsSchemaFor(d.schema);
  const exists = await d.raw.pool.query(`select 1 from information_schema.tables where table_schema = $1 and table_name = 'job'`, [schema]);
  if (exists.rowCount === 0) return {};
  const { rows } = await d.raw.pool.query<{ state: string; n: number }>(
    `select state, count(*)::int as n from ${schema}.job where name = $1 group by state`,
    [SCAN_QUEUE],
  );
  return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
}
