import { sql, type Kysely } from 'kysely';

/**
 * Least privilege on PostgreSQL (issue 13). Two roles:
 * - the owner owns netra's schema and every table, trigger and function in it, and runs the
 *   migrations; it is the only role that may alter a table (so disable a trigger) or drop one;
 * - the app role is what `netra serve`, workers and the other commands connect as: it may read
 *   everything, change the working tables, only INSERT into the history tables (the audit log,
 *   flag decisions, evidence custody, post versions), and it owns nothing. Not being a superuser
 *   nor the owner, it cannot disable triggers (ALTER TABLE needs ownership,
 *   `session_replication_role` needs superuser), so the append-only triggers hold.
 *
 * `netra db roles` records the two names in `database_roles`; every migration run then grants
 * the app role its privileges on new tables ({@link applyGrants}).
 */

/** The job queue's schema next to netra's (the rule of `jobsSchemaFor` in src/pipeline/jobs/job-engine.ts; a test keeps them equal). */
export const jobsSchemaName = (schema: string | undefined) => (schema ? `${schema}_jobs` : 'netra_jobs');

/** Tables whose rows are history: the app role may add rows, never change or remove them. */
export const APPEND_ONLY_TABLES = ['audit_log', 'flag_decisions', 'evidence_custody', 'post_versions'] as const;
/** Tables the app only reads. */
export const READ_ONLY_TABLES = ['kysely_migration', 'kysely_migration_lock', 'database_roles'] as const;

export const ROLE_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

const ident = (s: string) => {
  if (!ROLE_NAME.test(s)) throw new Error(`${JSON.stringify(s)} is not a plain role or schema name (lowercase letters, digits, _)`);
  return sql.id(s);
};

export interface RoleFacts {
  exists: boolean;
  superuser: boolean;
  canLogin: boolean;
  /** Whether it is the owner role or a member of it (then it could alter netra's tables). */
  memberOfOwner: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyDb = Kysely<any>;

export async function roleFacts(db: AnyDb, role: string, owner: string): Promise<RoleFacts> {
  const r = (
    await sql<{ rolsuper: boolean; rolcanlogin: boolean; member: boolean }>`select rolsuper, rolcanlogin,
      exists (select 1 from pg_roles o where o.rolname = ${owner}) and pg_has_role(${role}, ${owner}, 'MEMBER') as member
      from pg_roles where rolname = ${role}`.execute(db)
  ).rows[0];
  return r
    ? { exists: true, superuser: r.rolsuper, canLogin: r.rolcanlogin, memberOfOwner: r.member }
    : { exists: false, superuser: false, canLogin: false, memberOfOwner: false };
}

/** The roles recorded by `netra db roles` (none on PGlite or a database set up without them). */
export async function recordedRoles(db: AnyDb): Promise<{ owner?: string; app?: string }> {
  const rows = (await sql<{ kind: 'owner' | 'app'; role_name: string }>`select kind, role_name from database_roles`.execute(db)).rows;
  return Object.fromEntries(rows.map((r) => [r.kind, r.role_name]));
}

export async function recordRoles(db: AnyDb, roles: { owner: string; app: string }): Promise<void> {
  for (const [kind, name] of Object.entries(roles))
    await sql`insert into database_roles (kind, role_name) values (${kind}, ${name}) on conflict (kind) do update set role_name = excluded.role_name`.execute(
      db,
    );
}

/** The statements that give `app` exactly its privileges on `schema` (and the job queue's schema, if there). */
export async function grantStatements(db: AnyDb, schema: string, app: string, jobsSchema?: string): Promise<ReturnType<typeof sql>[]> {
  const tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = ${schema} order by tablename`.execute(db)
  ).rows.map((r) => r.name);
  const s = ident(schema);
  const a = ident(app);
  const out = [sql`revoke all on schema ${s} from ${a}`, sql`grant usage on schema ${s} to ${a}`];
  for (const t of tables) {
    const tbl = sql`${s}.${ident(t)}`;
    out.push(sql`revoke all on ${tbl} from ${a}`);
    if ((READ_ONLY_TABLES as readonly string[]).includes(t)) out.push(sql`grant select on ${tbl} to ${a}`);
    else if ((APPEND_ONLY_TABLES as readonly string[]).includes(t)) out.push(sql`grant select, insert on ${tbl} to ${a}`);
    else if (t === 'audit_chain_head') out.push(sql`grant select, update on ${tbl} to ${a}`);
    else out.push(sql`grant select, insert, update, delete on ${tbl} to ${a}`);
  }
  out.push(sql`grant usage, select on all sequences in schema ${s} to ${a}`);
  if (jobsSchema) {
    const exists = (await sql<{ n: number }>`select count(*) as n from pg_namespace where nspname = ${jobsSchema}`.execute(db)).rows[0];
    if (Number(exists?.n) > 0) {
      const j = ident(jobsSchema);
      out.push(
        sql`grant usage on schema ${j} to ${a}`,
        sql`grant select, insert, update, delete on all tables in schema ${j} to ${a}`,
        sql`grant usage, select on all sequences in schema ${j} to ${a}`,
      );
    }
  }
  return out;
}

/** Grant the recorded app role its privileges (after migrations); nothing when none is recorded. */
export async function applyGrants(db: AnyDb, schema: string, o: { app?: string; jobsSchema?: string } = {}): Promise<string | undefined> {
  const app = o.app ?? (await recordedRoles(db)).app;
  if (!app) return undefined;
  for (const st of await grantStatements(db, schema, app, o.jobsSchema)) await st.execute(db);
  return app;
}

/** Hand every object of `schema` to `owner` (run by the current owner, a member of `owner`). */
export async function ownershipStatements(db: AnyDb, schema: string, owner: string): Promise<ReturnType<typeof sql>[]> {
  const s = ident(schema);
  const o = ident(owner);
  const out = [sql`alter schema ${s} owner to ${o}`];
  const tables = (
    await sql<{ name: string }>`select tablename as name from pg_tables where schemaname = ${schema} and tableowner <> ${owner}`.execute(db)
  ).rows;
  for (const t of tables) out.push(sql`alter table ${s}.${ident(t.name)} owner to ${o}`);
  const fns = (
    await sql<{ sig: string }>`select p.oid::regprocedure::text as sig from pg_proc p join pg_namespace n on n.oid = p.pronamespace
      where n.nspname = ${schema} and pg_get_userbyid(p.proowner) <> ${owner}`.execute(db)
  ).rows;
  for (const f of fns) out.push(sql`alter function ${sql.raw(f.sig)} owner to ${o}`);
  return out;
}

/** Whether the connected role may create objects in `schema` (so may run migrations there). */
export async function mayCreateIn(db: AnyDb, schema: string): Promise<boolean> {
  const r = (await sql<{ ok: boolean }>`select has_schema_privilege(current_user, ${schema}, 'CREATE') as ok`.execute(db)).rows[0];
  return Boolean(r?.ok);
}
