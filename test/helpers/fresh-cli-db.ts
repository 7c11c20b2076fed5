import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type NetraDatabase } from '../../src/db/connect.ts';

/** A fresh database for CLI processes (a PGlite folder, or a new PostgreSQL database), and a way to open it in the test. */
export interface CliDatabase {
  env: Record<string, string>;
  dir: string;
  /** Open it in this process (close it before the next CLI run: PGlite allows one process). */
  open(): Promise<NetraDatabase>;
  drop(): Promise<void>;
}

export async function freshCliDatabase(dialect: string): Promise<CliDatabase> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'netra-cli-'));
  if (dialect === 'pglite') {
    return {
      env: { NETRA_DATA_DIR: dir },
      dir,
      open: () => openDatabase({ dbPath: path.join(dir, 'db') }),
      drop: () => rm(dir, { recursive: true, force: true }),
    };
  }
  const url = new URL(process.env.NETRA_TEST_DATABASE_URL!);
  const name = `netra_cli_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url.toString() });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const dbUrl = new URL(url.toString());
  dbUrl.pathname = `/${name}`;
  return {
    env: { NETRA_DATA_DIR: dir, NETRA_DATABASE_URL: dbUrl.toString() },
    dir,
    open: () => openDatabase({ databaseUrl: dbUrl.toString(), dbPath: '' }),
    async drop() {
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      await rm(dir, { recursive: true, force: true });
    },
  };
}
