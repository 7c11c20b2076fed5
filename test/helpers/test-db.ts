import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { inject } from 'vitest';
import pg from 'pg';
import { openDatabase, type Dialect, type NetraDatabase } from '../../src/db/connect.ts';

/**
 * The dialects integration tests run on: PGlite always, PostgreSQL when
 * NETRA_TEST_DATABASE_URL is set (as `.ci/run` does). Use with `describe.each(testDialects())`.
 */
export function testDialects(): Dialect[] {
  return process.env.NETRA_TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export interface TestDb extends NetraDatabase {
  /** PostgreSQL: the fresh schema this test file owns. */
  schema?: string;
  /** Open a second, independent handle on the same database (PostgreSQL only). */
  reopen(): Promise<NetraDatabase>;
}

let template: Promise<Blob | undefined> | undefined;
/** The migrated snapshot made by global-setup.ts (undefined when run without it). */
function pgliteTemplate(): Promise<Blob | undefined> {
  template ??= (async () => {
    const file = inject('pgliteTemplate');
    return file ? new Blob([await readFile(file)]) : undefined;
  })();
  return template;
}

/** A fresh, migrated database: in-memory PGlite, or a new schema on the test PostgreSQL, dropped on close. */
export async function openTestDb(dialect: Dialect): Promise<TestDb> {
  if (dialect === 'pglite') {
    const d = await openDatabase({ dbPath: 'memory://', pgliteSnapshot: await pgliteTemplate() });
    return { ...d, reopen: () => Promise.reject(new Error('PGlite in memory cannot be reopened')) };
  }
  const url = process.env.NETRA_TEST_DATABASE_URL;
  if (!url) throw new Error('NETRA_TEST_DATABASE_URL is not set');
  const schema = `t_${randomBytes(6).toString('hex')}`;
  const d = await openDatabase({ databaseUrl: url, dbPath: '', schema });
  return {
    ...d,
    schema,
    reopen: () => openDatabase({ databaseUrl: url, dbPath: '', schema, migrate: false }),
    async close() {
      await d.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      try {
        await c.query(`drop schema if exists ${schema} cascade`);
      } finally {
        await c.end();
      }
    },
  };
}

/**
 * The least-privilege app role on the test PostgreSQL (`.ci/run` creates `netra_app`, password
 * `netra_app`, no superuser, no CREATEDB/CREATEROLE): NETRA_TEST_APP_DATABASE_URL, or the test
 * URL with those credentials.
 */
export function testAppDatabaseUrl(): string | undefined {
  if (process.env.NETRA_TEST_APP_DATABASE_URL) return process.env.NETRA_TEST_APP_DATABASE_URL;
  const url = process.env.NETRA_TEST_DATABASE_URL;
  if (!url) return undefined;
  const u = new URL(url);
  u.username = 'netra_app';
  u.password = 'netra_app';
  return u.toString();
}
