import { sql, type Kysely } from 'kysely';

/**
 * Issue 5: scans split into jobs. `scan_runs` gains the mode (embedded in one process, or queued
 * for workers), the phase, the pipeline definition the run was started with (every worker uses
 * the same one), the scheduler tick that started it (unique per pipeline: one run per tick however
 * many schedulers run), and the plan's totals. `scan_jobs` records each finished job of a run in
 * the same transaction as its effects: the job's key is its idempotency key, and its result row
 * is what the run's counts are summed from.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>): Promise<void> {
  await sql`alter table scan_runs drop constraint if exists scan_runs_status_check`.execute(db);
  await sql`alter table scan_runs add constraint scan_runs_status_check
    check (status in ('running', 'succeeded', 'partial', 'failed', 'interrupted'))`.execute(db);
  await db.schema
    .alterTable('scan_runs')
    .addColumn('mode', 'text', (c) =>
      c
        .notNull()
        .defaultTo('embedded')
        .check(sql`mode in ('embedded', 'queued')`),
    )
    .addColumn('phase', 'text', (c) =>
      c
        .notNull()
        .defaultTo('plan')
        .check(sql`phase in ('plan', 'collect', 'classify', 'finish', 'done')`),
    )
    .addColumn('definition', 'jsonb')
    .addColumn('base_dir', 'text')
    .addColumn('scheduled_for', 'timestamptz')
    .addColumn('classifier_key', 'text')
    .addColumn('collect_total', 'integer')
    .addColumn('classify_total', 'integer')
    .addColumn('heartbeat_at', 'timestamptz')
    .addColumn('summary', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .execute();
  await sql`create unique index scan_runs_pipeline_tick_key on scan_runs (pipeline, scheduled_for) where scheduled_for is not null`.execute(
    db,
  );
  await db.schema.createIndex('scan_runs_pipeline_idx').on('scan_runs').columns(['pipeline', 'id']).execute();

  await db.schema
    .createTable('scan_jobs')
    .addColumn('scan_run_id', 'integer', (c) => c.notNull().references('scan_runs.id'))
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull().check(sql`kind in ('plan', 'collect', 'classify', 'finish')`))
    .addColumn('status', 'text', (c) => c.notNull().check(sql`status in ('done', 'dead')`))
    .addColumn('result', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('worker', 'text')
    .addColumn('finished_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
    .addPrimaryKeyConstraint('scan_jobs_pkey', ['scan_run_id', 'key'])
    .execute();
  await db.schema.createIndex('scan_jobs_run_kind_idx').on('scan_jobs').columns(['scan_run_id', 'kind']).execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('scan_jobs').ifExists().execute();
  await sql`drop index if exists scan_runs_pipeline_tick_key`.execute(db);
  await sql`drop index if exists scan_runs_pipeline_idx`.execute(db);
  for (const c of [
    'mode',
    'phase',
    'definition',
    'base_dir',
    'scheduled_for',
    'classifier_key',
    'collect_total',
    'classify_total',
    'heartbeat_at',
    'summary',
  ])
    await db.schema.alterTable('scan_runs').dropColumn(c).execute();
}
