import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { PGlite } from '@electric-sql/pglite';
import type { Database } from './schema.ts';
import { migrateToLatest } from './migrations.ts';
import { acquireDirLock, type DirLock } from './dir-lock.ts';
import { jobsSchemaName } from './roles.ts';

export type Dialect = 'pglite' | 'postgres';

/** An open database: the Kysely handle plus the underlying client for tools that need it (job engine). */
export interface NetraDatabase {
  db: Kysely<Database>;
  dialect: Dialect;
  /** PostgreSQL schema in use when not the default (`public`). */
  schema?: string | undefined;
  /** Human-readable location without secrets, for logs. */
  where: string;
  raw: { kind: 'pglite'; client: PGlite } | { kind: 'postgres'; pool: pg.Pool };
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres:// URL; unset means embedded PGlite at `dbPath`. */
  databaseUrl?: string | undefined;
  /** PGlite data directory, or `memory://`. */
  dbPath: string;
  /** PostgreSQL only: use (and create) this schema, e.g. one fresh schema per test file. */
  schema?: string;
  /** Run migrations on open (default true): netra migrates on first use. */
  migrate?: boolean;
  /** PGlite in memory only: start from this data-dir snapshot (`dumpDataDir`) instead of an empty cluster. */
  pgliteSnapshot?: Blob;
}

/** Parse int8/numeric counts as numbers: ids and counts here stay far below 2^53. */
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format);
  },
} as pg.CustomTypesConfig;

export async function openDatabase(opts: OpenOptions): Promise<NetraDatabase> {
  const out = opts.databaseUrl ? await openPostgres(opts.databaseUrl, opts.schema) : await openPglite(opts.dbPath, opts.pgliteSnapshot);
  if (opts.migrate !== false) {
    try {
      await migrateToLatest(out.db, {
        schema: out.schema,
        ...(out.dialect === 'postgres' ? { jobsSchema: jobsSchemaName(out.schema) } : {}),
      });
    } catch (e) {
      await out.close();
      throw e;
    }
  }
  return out;
}

async function openPostgres(url: string, schema: string | undefined): Promise<NetraDatabase> {
  if (schema && !/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${JSON.stringify(schema)}`);
  if (schema) {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      // Only when missing: the app role of a least-privilege setup may not create schemas.
      const have = await c.query('select 1 from pg_namespace where nspname = $1', [schema]);
      if (have.rowCount === 0) await c.query(`create schema if not exists ${schema}`);
    } finally {
      await c.end();
    }
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    types: pgTypes,
    ...(schema ? { options: `-c search_path=${schema}` } : {}),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const u = new URL(url);
  return {
    db,
    dialect: 'postgres',
    schema,
    where: `postgres://${u.host}${u.pathname}${schema ? ` (schema ${schema})` : ''}`,
    raw: { kind: 'postgres', pool },
    close: () => db.destroy(),
  };
}

async function openPglite(dbPath: string, snapshot?: Blob): Promise<NetraDatabase> {
  // Loaded lazily: PGlite's WASM costs start-up time that PostgreSQL users never need.
  const [{ PGlite }, { PGliteDialect }] = await Promise.all([import('@electric-sql/pglite'), import('kysely-pglite-dialect')]);
  const inMemory = dbPath.startsWith('memory://');
  let lock: DirLock | undefined;
  if (!inMemory) {
    await mkdir(dbPath, { recursive: true });
    // PGlite is single-process: a second process on the same folder would corrupt it.
    lock = await acquireDirLock(path.resolve(dbPath));
  }
  let client: PGlite;
  try {
    client = inMemory ? await PGlite.create(snapshot ? { loadDataDir: snapshot } : {}) : await PGlite.create(path.resolve(dbPath));
  } catch (e) {
    await lock?.release();
    throw new Error(`cannot open the embedded database at ${dbPath}: ${(e as Error).message}`, { cause: e });
  }
  const db = new Kysely<Database>({ dialect: new PGliteDialect(client) });
  return {
    db,
    dialect: 'pglite',
    where: inMemory ? 'PGlite (in memory)' : `PGlite ${dbPath}`,
    raw: { kind: 'pglite', client },
    close: async () => {
      await db.destroy();
      await lock?.release();
    },
  };
}
