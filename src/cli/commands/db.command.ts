import type { Command } from 'commander';
import { migrateToLatest } from '../../db/migrations.ts';
import { openDatabase } from '../../db/connect.ts';
import { withContext } from '../with-context.ts';

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description('create or update the schema (also done automatically on first use); works on PGlite and PostgreSQL')
    .action(
      withContext(async (ctx) => {
        const d = await openDatabase({ databaseUrl: ctx.config.databaseUrl, dbPath: ctx.config.dbPath, migrate: false });
        try {
          const results = await migrateToLatest(d.db, { schema: d.schema });
          const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
          process.stdout.write(applied.length ? `applied ${applied.length} migration(s) on ${d.where}:\n  ${applied.join('\n  ')}\n` : `${d.where}: schema is up to date\n`);
        } finally {
          await d.close();
        }
      }),
    );
}
