import type { Command } from 'commander';
import { sql, type RawBuilder } from 'kysely';
import { migrateToLatest, pendingMigrations } from '../../db/migrations.ts';
import { openDatabase, type NetraDatabase } from '../../db/connect.ts';
import { applyGrants, grantStatements, jobsSchemaName, ownershipStatements, recordedRoles, roleFacts, ROLE_NAME } from '../../db/roles.ts';
import { UserError } from '../../domain/errors.ts';
import { JobEngine } from '../../pipeline/jobs/job-engine.ts';
import { silentLogger } from '../../log/logger.ts';
import { readNewPassword } from '../password-input.ts';
import { withContext } from '../with-context.ts';
import type { CliContext } from '../context.ts';

const PGLITE_ROLES =
  'the embedded database (PGlite) has a single built-in superuser: there are no roles to separate. The append-only triggers and the hash-chained audit log (`netra audit verify`) still hold; for an app that cannot disable them, use PostgreSQL (README, "Database roles").';

async function openForAdmin(ctx: CliContext): Promise<NetraDatabase> {
  return openDatabase({
    databaseUrl: ctx.config.databaseUrl,
    dbPath: ctx.config.dbPath,
    migrate: false,
    ...(ctx.config.databaseSchema ? { schema: ctx.config.databaseSchema } : {}),
  });
}

/** Install the job queue's tables (pg-boss) as the owner, so the app role only ever uses them. */
async function installJobQueue(d: NetraDatabase): Promise<void> {
  const engine = await JobEngine.open(d, { logger: silentLogger(), supervise: false });
  await engine.stop();
}

/** The passwords of the roles to create: from stdin, one line each in order, or asked on the terminal. */
async function readPasswords(roles: string[], fromStdin: boolean | undefined): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (roles.length === 0) return out;
  if (fromStdin) {
    const chunks: Buffer[] = [];
    for await (const c of process.stdin) chunks.push(c as Buffer);
    const lines = Buffer.concat(chunks).toString('utf8').split(/\r?\n/);
    roles.forEach((r, i) => {
      if (!lines[i]) throw new UserError(`--password-stdin: line ${i + 1} (the password of the new role ${r}) is empty`);
      out.set(r, lines[i]!);
    });
    return out;
  }
  for (const r of roles) {
    process.stderr.write(`password of the new role ${r}:\n`);
    out.set(r, await readNewPassword({}));
  }
  return out;
}

export function registerDbCommand(program: Command): void {
  const db = program.command('db').description('database maintenance');
  db.command('migrate')
    .description(
      'create or update the schema (also done automatically on first use); works on PGlite and PostgreSQL. On PostgreSQL with roles (`netra db roles`), run it as the owner role: it also grants the app role its privileges on new tables',
    )
    .action(
      withContext(async (ctx) => {
        const d = await openForAdmin(ctx);
        try {
          const results = await migrateToLatest(d.db, {
            schema: d.schema,
            ...(d.dialect === 'postgres' ? { jobsSchema: jobsSchemaName(d.schema) } : {}),
          });
          const applied = results.filter((r) => r.status === 'Success').map((r) => r.migrationName);
          process.stdout.write(
            applied.length
              ? `applied ${applied.length} migration(s) on ${d.where}:\n  ${applied.join('\n  ')}\n`
              : `${d.where}: schema is up to date\n`,
          );
          if (d.dialect === 'postgres' && (await recordedRoles(d.db)).app) {
            await installJobQueue(d);
            const app = await applyGrants(d.db, d.schema ?? 'public', { jobsSchema: jobsSchemaName(d.schema) });
            process.stdout.write(`privileges of the app role ${app} are up to date\n`);
          }
        } finally {
          await d.close();
        }
      }),
    );
  db.command('roles')
    .description(
      'PostgreSQL: set up least privilege. The owner role owns the schema and runs migrations; the app role (what `netra serve`, workers and other commands connect as) may only add rows to the history tables (audit log, decisions, evidence custody, post versions), owns nothing, and so cannot disable their triggers. Creates missing roles (needs CREATEROLE), hands the schema to the owner, records both names and grants the app role its privileges',
    )
    .option('--owner <role>', "role that owns netra's objects and runs migrations (default: the role you connect as)")
    .option('--app <role>', 'role the app and workers connect as', 'netra_app')
    .option(
      '--password-stdin',
      'read the passwords of the roles to create from stdin, one line each (owner first, then app); asked on a terminal otherwise',
    )
    .option('--print', 'print the SQL instead of running it (for a DBA to review and run with psql)')
    .addHelpText(
      'after',
      '\nA new deployment (once, connected as a PostgreSQL superuser or a role with CREATEROLE that owns the database;\nthe passwords of the roles it creates are asked, or read from stdin with --password-stdin):\n' +
        '  NETRA_DATABASE_URL=postgres://admin@db/netra netra db roles --owner netra_owner --app netra_app\n' +
        'Then run migrations as the owner and everything else as the app role:\n' +
        '  NETRA_DATABASE_URL=postgres://netra_owner:...@db/netra netra db migrate\n' +
        '  NETRA_DATABASE_URL=postgres://netra_app:...@db/netra netra serve\n' +
        'An existing app role (created by a DBA) is used as it is: its password is not touched.',
    )
    .action(
      withContext(async (ctx, o: { owner?: string; app: string; passwordStdin?: boolean; print?: boolean }) => {
        const d = await openForAdmin(ctx);
        try {
          if (d.dialect !== 'postgres') throw new UserError(PGLITE_ROLES);
          for (const [flag, v] of [
            ['--owner', o.owner],
            ['--app', o.app],
          ] as const)
            if (v !== undefined && !ROLE_NAME.test(v))
              throw new UserError(`${flag} ${JSON.stringify(v)}: use a plain role name (lowercase letters, digits, _)`);
          const schema = d.schema ?? 'public';
          const me = (await sql<{ u: string }>`select current_user as u`.execute(d.db)).rows[0]!.u;
          const owner = o.owner ?? me;
          if (o.app === owner)
            throw new UserError(
              `--app and --owner are both ${owner}: the app role must not own netra's tables (it could disable their triggers)`,
            );
          const statements: RawBuilder<unknown>[] = [];
          const ownerFacts = await roleFacts(d.db, owner, owner);
          const appFacts = await roleFacts(d.db, o.app, owner);
          if (appFacts.superuser)
            throw new UserError(
              `the app role ${o.app} is a superuser: it could disable any trigger. Connect the app as a role without SUPERUSER`,
            );
          if (appFacts.memberOfOwner)
            throw new UserError(
              `the app role ${o.app} is a member of the owner role ${owner}: it could alter netra's tables. Revoke that membership first`,
            );
          const passwords = o.print
            ? undefined
            : await readPasswords([...(ownerFacts.exists ? [] : [owner]), ...(appFacts.exists ? [] : [o.app])], o.passwordStdin);
          const pw = (role: string) => sql.lit(passwords?.get(role) ?? 'CHANGE-ME');
          // The owner logs in to run migrations; the one running this becomes a member to hand it the schema.
          if (!ownerFacts.exists)
            statements.push(sql`create role ${sql.id(owner)} login password ${pw(owner)} nosuperuser nocreatedb nocreaterole`);
          if (owner !== me) statements.push(sql`grant ${sql.id(owner)} to ${sql.id(me)}`);
          if (!appFacts.exists)
            statements.push(sql`create role ${sql.id(o.app)} login password ${pw(o.app)} nosuperuser nocreatedb nocreaterole noinherit`);
          if (o.print) {
            const pending = await pendingMigrations(d.db);
            if (pending.length)
              process.stderr.write(
                `netra: ${pending.length} migration(s) not applied yet: the grants below cover today's tables only; run \`netra db migrate\` first\n`,
              );
          } else {
            await migrateToLatest(d.db, { schema, jobsSchema: jobsSchemaName(d.schema) });
            await installJobQueue(d);
          }
          if (owner !== me || !ownerFacts.exists) statements.push(...(await ownershipStatements(d.db, schema, owner)));
          statements.push(
            sql`insert into ${sql.id(schema)}.database_roles (kind, role_name) values ('owner', ${sql.lit(owner)}), ('app', ${sql.lit(o.app)}) on conflict (kind) do update set role_name = excluded.role_name`,
          );
          if (o.print) {
            statements.push(...(await grantStatements(d.db, schema, o.app, jobsSchemaName(d.schema))));
            for (const st of statements) process.stdout.write(`${st.compile(d.db).sql};\n`);
            return;
          }
          try {
            for (const st of statements) await st.execute(d.db);
          } catch (e) {
            throw new UserError(
              `${(e as Error).message}. Creating roles needs a superuser or CREATEROLE: run \`netra db roles --print\` and have a DBA run its SQL with psql, then run \`netra db roles\` again`,
            );
          }
          await applyGrants(d.db, schema, { app: o.app, jobsSchema: jobsSchemaName(d.schema) });
          process.stdout.write(
            `${d.where}: owner ${owner}${ownerFacts.exists ? '' : ' (created)'}, app ${o.app}${appFacts.exists ? '' : ' (created)'}\n` +
              `the app role may read everything, change the working tables and only add rows to the history tables; it owns nothing and cannot disable triggers\n` +
              `connect netra serve, workers and other commands as ${o.app}; run \`netra db migrate\` as ${owner}\n`,
          );
        } finally {
          await d.close();
        }
      }),
    );
}
