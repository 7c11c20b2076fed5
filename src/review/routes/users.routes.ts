import { USER_ROLES, type UserRole } from '../../domain/roles.ts';
import { createUser, DuplicateUserError, listUsers, setUserDisabled, unlockUser } from '../../repositories/users.repository.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { hashPassword, passwordProblem } from '../auth/password.ts';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors.ts';
import { json, type Route } from '../http/route.ts';

const USERNAME = /^[a-z][a-z0-9._-]{1,31}$/;

export function usersRoutes(d: ReviewDeps): Route[] {
  const actor = (u: { username: string }) => `user:${u.username}`;
  const toggle = (disabled: boolean): Route => ({
    method: 'POST',
    path: `/api/users/:username/${disabled ? 'disable' : 'enable'}`,
    access: 'users.manage',
    api: true,
    doc: { summary: disabled ? 'Disable a user (ends their sessions)' : 'Enable a disabled user', tags: ['users'] },
    handler: async (ctx) => {
      if (disabled && ctx.params['username'] === ctx.user!.username) throw new InvalidInputError('you cannot disable yourself', 'username');
      if (!(await setUserDisabled(d.db, ctx.params['username']!, disabled, actor(ctx.user!)))) throw new NotFoundError('no such user');
      return json({ ok: true });
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/users',
      access: 'users.manage',
      api: true,
      doc: { summary: 'Users with role and state (never the password hash)', tags: ['users'] },
      handler: async () => json({ users: await listUsers(d.db) }),
    },
    {
      method: 'POST',
      path: '/api/users',
      access: 'users.manage',
      api: true,
      doc: {
        summary: 'Create a user',
        tags: ['users'],
        requestBody: { type: 'object', required: ['username', 'role', 'password'], properties: { username: { type: 'string' }, displayName: { type: 'string' }, role: { type: 'string', enum: [...USER_ROLES] }, password: { type: 'string', minLength: 12 } } },
      },
      handler: async (ctx) => {
        const b = ctx.body;
        const username = typeof b['username'] === 'string' ? b['username'] : '';
        if (!USERNAME.test(username)) throw new InvalidInputError('username: 2-32 lowercase letters, digits, ".", "_" or "-", starting with a letter', 'username');
        if (!(USER_ROLES as readonly unknown[]).includes(b['role'])) throw new InvalidInputError(`role must be one of ${USER_ROLES.join(', ')}`, 'role');
        const password = typeof b['password'] === 'string' ? b['password'] : '';
        const problem = passwordProblem(password);
        if (problem) throw new InvalidInputError(problem, 'password');
        const displayName = typeof b['displayName'] === 'string' && b['displayName'].trim() ? b['displayName'].trim().slice(0, 200) : username;
        try {
          const u = await createUser(d.db, { username, displayName, role: b['role'] as UserRole, passwordHash: await hashPassword(password) }, actor(ctx.user!));
          return json({ user: u }, 201);
        } catch (e) {
          if (e instanceof DuplicateUserError) throw new ConflictError(e.message, 'duplicate_user');
          throw e;
        }
      },
    },
    toggle(true),
    toggle(false),
    {
      method: 'POST',
      path: '/api/users/:username/unlock',
      access: 'users.manage',
      api: true,
      doc: { summary: 'Lift a lockout after failed logins', tags: ['users'] },
      handler: async (ctx) => {
        if (!(await unlockUser(d.db, ctx.params['username']!, actor(ctx.user!)))) throw new NotFoundError('no such user');
        return json({ ok: true });
      },
    },
  ];
}
