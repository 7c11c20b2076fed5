import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type NetraDatabase } from '../../../src/db/connect.ts';
import { jobsSchemaName } from '../../../src/db/roles.ts';
import { jobsSchemaFor, JobEngine, SCAN_QUEUE } from '../../../src/pipeline/jobs/job-engine.ts';
import { silentLogger } from '../../../src/log/logger.ts';
import { decideFlag } from '../../../src/review/decide.ts';
import { runCli } from '../../helpers/run-cli.ts';
import { seedFlag, seedUser } from '../../helpers/review-seed.ts';
import { openTestDb, testAppDatabaseUrl, type TestDb } from '../../helpers/test-db.ts';

const appUrl = testAppDatabaseUrl();

describe('the job queue schema name', () => {
  it('is the same rule in the grants as in the job engine', () => {
    for (const s of [undefined, 't_abc']) expect(jobsSchemaName(s)).toBe(jobsSchemaFor(s));
  });
});

describe('netra db roles on the embedded database', () => {
  let dir: string;
  beforeAll(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'netra-roles-'))));
  afterAll(async () => rm(dir, { recursive: true, force: true }));
  it('says what holds and what does not, and changes nothing', async () => {
    const r = await runCli(['db', 'roles'], { env: { NETRA_DATA_DIR: dir, NETRA_DATABASE_URL: '' } });
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/single built-in superuser/);
    expect(r.stderr).toMatch(/netra audit verify/);
    expect((await runCli(['db', 'roles', '--help'])).stdout).toMatch(/--app <role>/);
  });
});

describe.runIf(appUrl)('least privilege on PostgreSQL (app role netra_app)', () => {
  let t: TestDb;
  let app: NetraDatabase;
  let env: Record<string, string>;
  let flagId: number;
  let sari: { userId: number; username: string; role: 'analyst' };

  beforeAll(async () => {
    t = await openTestDb('postgres');
    sari = { userId: (await seedUser(t.db, 'sari', 'analyst')).id, username: 'sari', role: 'analyst' };
    flagId = (await seedFlag(t.db, { text: 'Coblos 02' })).flagId;
    await seedFlag(t.db, { text: 'Pilih nomor 1' });
    env = { NETRA_DATABASE_URL: process.env.NETRA_TEST_DATABASE_URL!, NETRA_DATABASE_SCHEMA: t.schema! };
    const roles = await runCli(['db', 'roles', '--app', 'netra_app'], { env });
    if (roles.code !== 0 && /role "netra_app" does not exist|password authentication failed/.test(roles.stderr + roles.stdout))
      throw new Error("the test role netra_app is missing: create it as .ci/run does (create role netra_app login password 'netra_app')");
    expect(roles.stderr).toBe('');
    expect(roles.code).toBe(0);
    expect(roles.stdout).toMatch(/owner netra, app netra_app/);
    app = await openDatabase({ databaseUrl: appUrl!, dbPath: '', schema: t.schema! });
  });
  afterAll(async () => {
    await app?.close();
    const c = new pg.Client({ connectionString: process.env.NETRA_TEST_DATABASE_URL });
    await c.connect();
    await c.query(`drop schema if exists ${jobsSchemaName(t.schema)} cascade`).finally(() => c.end());
    await t?.close();
  });

  it('the app role works the queue: decides, audits, claims', async () => {
    expect((await sql<{ u: string }>`select current_user as u`.execute(app.db)).rows[0]!.u).toBe('netra_app');
    const r = await decideFlag(app.db, sari, { flagId, version: 1, decision: 'confirm', skbItem: 6 });
    expect(r.flag.status).toBe('confirmed');
    expect(
      await app.db
        .selectFrom('audit_log')
        .select('action')
        .where('entity_type', '=', 'flag')
        .where('entity_id', '=', String(flagId))
        .execute(),
    ).toEqual([{ action: 'flag.confirmed' }]);
  });

  it('the app role can neither rewrite history nor lift the guards', async () => {
    const refused: [string, RegExp][] = [
      ["update audit_log set actor = 'x'", /permission denied/],
      ['delete from audit_log', /permission denied/],
      ['truncate audit_log', /permission denied/],
      ["update flag_decisions set note = 'x'", /permission denied/],
      ['delete from flag_decisions', /permission denied/],
      ['truncate flag_decisions', /permission denied/],
      ['delete from post_versions', /permission denied/],
      ["update database_roles set role_name = 'x'", /permission denied/],
      ['alter table audit_log disable trigger audit_log_append_only', /must be owner/],
      ['alter table flag_decisions disable trigger all', /must be owner/],
      ['drop trigger audit_log_chain on audit_log', /must be owner/],
      ['set session_replication_role = replica', /permission denied/],
      ['create table sneaky (id int)', /permission denied for schema/],
      [
        "create or replace function netra_audit_hash(bigint, text, timestamptz, text, text, text, text, jsonb, jsonb, jsonb) returns text language sql as $$ select 'x' $$",
        /must be owner|permission denied/,
      ],
    ];
    for (const [stmt, why] of refused) await expect(sql.raw(stmt).execute(app.db), stmt).rejects.toThrow(why);
    // The owner still can (and only the owner): the triggers are what stop it.
    await expect(sql.raw("update audit_log set actor = 'x'").execute(t.db)).rejects.toThrow(/append-only/);
  });

  it('a pending migration stops the app role with what to run, instead of failing half-way', async () => {
    await sql`delete from kysely_migration where name = '0905-database-roles'`.execute(t.db);
    try {
      await expect(openDatabase({ databaseUrl: appUrl!, dbPath: '', schema: t.schema! })).rejects.toThrow(
        /1 migration\(s\) pending \(0905-database-roles\).*run `netra db migrate` connected as the owner role/,
      );
    } finally {
      await sql`insert into kysely_migration (name, timestamp) values ('0905-database-roles', now()::text)`.execute(t.db);
    }
  });

  it('workers connect as the app role too: the job queue was installed by the owner', async () => {
    const engine = await JobEngine.open(app, { logger: silentLogger(), supervise: false });
    try {
      await engine.boss.send(SCAN_QUEUE, { kind: 'test' });
      const job = await engine.fetch();
      expect(job?.data).toEqual({ kind: 'test' });
      await engine.complete(job!.id);
    } finally {
      await engine.stop();
    }
  });

  it('refuses an app role that owns the tables, and prints the SQL for a DBA', async () => {
    const same = await runCli(['db', 'roles', '--app', 'netra'], { env });
    expect(same.code).toBe(1);
    expect(same.stderr).toMatch(/must not own netra's tables/);
    const printed = await runCli(['db', 'roles', '--app', 'netra_app', '--print'], { env });
    expect(printed.code).toBe(0);
    expect(printed.stdout).toMatch(/grant select, insert on "[a-z0-9_]+"\."audit_log" to "netra_app"/);
    expect(printed.stdout).toMatch(/grant select, insert on "[a-z0-9_]+"\."flag_decisions" to "netra_app"/);
    expect(printed.stdout).toMatch(/grant select, insert, update, delete on "[a-z0-9_]+"\."flags" to "netra_app"/);
  });
});
