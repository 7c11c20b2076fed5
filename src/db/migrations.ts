import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Migrator, sql, type Kysely, type Migration, type MigrationProvider, type MigrationResult } from 'kysely';
import { applyGrants, mayCreateIn } from './roles.ts';

const MIGRATIONS_DIR = path.join(path.dirname(fileURLToPath(import.meta.url)), 'migrations');

/**
 * Migrations are the files `src/db/migrations/NNNN-name.ts`, applied in name order.
 * Reading the folder (instead of a hand-kept index) lets parts of netra add migrations
 * without touching a shared list.
 */
class FolderMigrationProvider implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    const files = (await readdir(MIGRATIONS_DIR)).filter((f) => /^\d{4}-[\w-]+\.ts$/.test(f)).sort();
    const out: Record<string, Migration> = {};
    for (const f of files) {
      const mod = (await import(pathToFileURL(path.join(MIGRATIONS_DIR, f)).href)) as Migration;
      out[f.replace(/\.ts$/, '')] = mod;
    }
    return out;
  }
}

export class MigrationError extends Error {
  override readonly name = 'MigrationError';
}

/** Bring the schema to exactly `name` (tests of a migration's effect on existing data). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function migrateTo(db: Kysely<any>, name: string): Promise<void> {
  const { error } = await new Migrator({ db, provider: new FolderMigrationProvider(), allowUnorderedMigrations: true }).migrateTo(name);
  if (error) throw new MigrationError(`migrating to ${name} failed: ${String((error as Error).message ?? error)}`, { cause: error });
}

/** Migrations in the folder that the database has not applied yet. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function pendingMigrations(db: Kysely<any>): Promise<string[]> {
  const all = Object.keys(await new FolderMigrationProvider().getMigrations());
  let done: string[] = [];
  try {
    done = (await sql<{ name: string }>`select name from kysely_migration`.execute(db)).rows.map((r) => r.name);
  } catch {
    // No migration table yet: everything is pending.
  }
  const applied = new Set(done);
  return all.filter((m) => !applied.has(m));
}

/**
 * Bring the schema to the newest migration. Safe to call from many processes (Kysely takes a
 * lock). A role that may not create objects in the schema (the app role of a least-privilege
 * setup, see src/db/roles.ts) does not migrate: it checks that nothing is pending and otherwise
 * stops with what to run. After applying migrations, the recorded app role (if any) is granted
 * its privileges on the new tables.
 */
export async function migrateToLatest(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  opts: { schema?: string | undefined; jobsSchema?: string | undefined } = {},
): Promise<MigrationResult[]> {
  const schema = opts.schema ?? (await sql<{ s: string }>`select current_schema() as s`.execute(db)).rows[0]!.s;
  if (!(await mayCreateIn(db, schema))) {
    const pending = await pendingMigrations(db);
    if (pending.length)
      throw new MigrationError(
        `${pending.length} migration(s) pending (${pending.join(', ')}), and this database role may not change the schema: run \`netra db migrate\` connected as the owner role`,
      );
    return [];
  }
  // The schema must be explicit: Kysely otherwise finds its lock table in any schema of the database.
  const migrator = new Migrator({
    db,
    provider: new FolderMigrationProvider(),
    allowUnorderedMigrations: true,
    ...(opts.schema ? { migrationTableSchema: opts.schema } : {}),
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(`migration ${failed?.migrationName ?? '(unknown)'} failed: ${String((error as Error).message ?? error)}`, {
      cause: error,
    });
  }
  if (results?.some((r) => r.status === 'Success')) await applyGrants(db, schema, { jobsSchema: opts.jobsSchema });
  return results ?? [];
}
