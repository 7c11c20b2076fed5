import type { Command } from 'commander';
import { USER_ROLES, type UserRole } from '../../domain/roles.ts';
import { UserError } from '../../domain/errors.ts';
import { hashPassword, passwordProblem } from '../../review/auth/password.ts';
import {
  createUser,
  DuplicateUserError,
  listUsers,
  setUserDisabled,
  setUserPassword,
  unlockUser,
} from '../../repositories/users.repository.ts';
import { table } from '../format.ts';
import { readNewPassword } from '../password-input.ts';
import { withContext } from '../with-context.ts';
import { cliActor } from '../cli-actor.ts';

const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;

function checkUsername(u: string): string {
  if (!USERNAME.test(u))
    throw new UserError(
      `username ${JSON.stringify(u)}: use 2-32 characters, lowercase letters, digits, ".", "_" or "-", starting with a letter`,
    );
  return u;
}

async function newPasswordHash(o: { passwordStdin?: boolean }): Promise<string> {
  const password = await readNewPassword(o);
  const problem = passwordProblem(password);
  if (problem) throw new UserError(problem);
  return hashPassword(password);
}

export function registerUsersCommand(program: Command): void {
  const users = program.command('users').description('people who sign in to the review app (netra serve)');
  users
    .command('add')
    .description('create a user; the password is asked on the terminal (or read from stdin with --password-stdin)')
    .argument('<username>', 'login name: lowercase letters, digits, ".", "_", "-"')
    .requiredOption('--role <role>', `one of: ${USER_ROLES.join(', ')}`)
    .option('--name <display name>', 'name shown in the app and in reports (default: the username)')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .addHelpText(
      'after',
      '\nExample (the first admin):\n  netra users add admin --role admin --name "Admin Bawaslu"\n  printf "%s\\n" "$NEW_PASSWORD" | netra users add sari --role analyst --name "Sari" --password-stdin',
    )
    .action(
      withContext(async (ctx, username: string, o: { role: string; name?: string; passwordStdin?: boolean }) => {
        checkUsername(username);
        if (!(USER_ROLES as readonly string[]).includes(o.role))
          throw new UserError(`--role ${JSON.stringify(o.role)} is not a role; use one of ${USER_ROLES.join(', ')}`);
        const passwordHash = await newPasswordHash(o);
        const { db } = await ctx.db();
        try {
          const u = await createUser(
            db,
            { username, displayName: o.name?.trim() || username, role: o.role as UserRole, passwordHash },
            cliActor(),
          );
          process.stdout.write(`created user ${u.username} (${u.role})\n`);
        } catch (e) {
          if (e instanceof DuplicateUserError) throw new UserError(e.message);
          throw e;
        }
      }),
    );
  users
    .command('passwd')
    .description('set a new password (also lifts a lockout and signs the user out everywhere)')
    .argument('<username>')
    .option('--password-stdin', 'read the password from the first line of stdin')
    .action(
      withContext(async (ctx, username: string, o: { passwordStdin?: boolean }) => {
        const passwordHash = await newPasswordHash(o);
        const { db } = await ctx.db();
        if (!(await setUserPassword(db, username, passwordHash, cliActor()))) throw new UserError(`no user ${JSON.stringify(username)}`);
        process.stdout.write(`password of ${username} changed\n`);
      }),
    );
  for (const [name, disabled] of [
    ['disable', true],
    ['enable', false],
  ] as const) {
    users
      .command(name)
      .description(disabled ? 'stop a user from signing in and end their sessions' : 'allow a disabled user to sign in again')
      .argument('<username>')
      .action(
        withContext(async (ctx, username: string) => {
          const { db } = await ctx.db();
          if (!(await setUserDisabled(db, username, disabled, cliActor()))) throw new UserError(`no user ${JSON.stringify(username)}`);
          process.stdout.write(`${username} ${disabled ? 'disabled' : 'enabled'}\n`);
        }),
      );
  }
  users
    .command('unlock')
    .description('lift a lockout after too many failed logins')
    .argument('<username>')
    .action(
      withContext(async (ctx, username: string) => {
        const { db } = await ctx.db();
        if (!(await unlockUser(db, username, cliActor()))) throw new UserError(`no user ${JSON.stringify(username)}`);
        process.stdout.write(`${username} unlocked\n`);
      }),
    );
  users
    .command('list')
    .description('list users with role and state')
    .option('--json', 'JSON Lines instead of a table')
    .action(
      withContext(async (ctx, o: { json?: boolean }) => {
        const { db } = await ctx.db();
        const rows = await listUsers(db);
        if (o.json) {
          for (const r of rows) process.stdout.write(`${JSON.stringify(r)}\n`);
          return;
        }
        if (rows.length === 0) {
          process.stdout.write('no users yet: create the first admin with `netra users add <name> --role admin`\n');
          return;
        }
        const now = Date.now();
        const state = (r: (typeof rows)[number]) =>
          r.disabled ? 'disabled' : r.locked_until && r.locked_until.getTime() > now ? 'locked' : 'active';
        process.stdout.write(
          `${table(
            ['username', 'name', 'role', 'state', 'last login'],
            rows.map((r) => [r.username, r.display_name, r.role, state(r), r.last_login_at?.toISOString() ?? '']),
          )}\n`,
        );
      }),
    );
}
