import { USER_ROLES } from '../../domain/roles.ts';
import { listUsers } from '../../repositories/users.repository.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { DEFAULT_SCRYPT } from '../auth/password.ts';
import { json, type RequestContext, type Route } from '../http/route.ts';
import { addUser, changeRole, resetPassword, setDisabled, unlock } from '../users.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The users API (admins). */
export function usersRoutes(d: ReviewDeps): Route[] {
  const hashing = () => ({ scrypt: d.settings.scrypt ?? DEFAULT_SCRYPT, gate: d.passwords });
  const name = (ctx: RequestContext) => ctx.params['username']!;
  const action = (path: string, summary: string, run: (ctx: RequestContext) => Promise<void>, body?: Record<string, unknown>): Route => ({
    method: 'POST',
    path: `/api/users/:username/${path}`,
    access: 'users.manage',
    api: true,
    doc: { summary, tags: ['users'], ...(body ? { requestBody: body } : {}) },
    handler: async (ctx) => {
      await run(ctx);
      return json({ ok: true });
    },
  });
  return [
    {
      method: 'GET',
      path: '/api/users',
      access: 'users.manage',
      api: true,
      doc: { summary: 'Users with role, state and any login lock (never the password hash)', tags: ['users'] },
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
        requestBody: {
          type: 'object',
          required: ['username', 'role', 'password'],
          properties: {
            username: { type: 'string' },
            displayName: { type: 'string' },
            role: { type: 'string', enum: [...USER_ROLES] },
            password: { type: 'string', minLength: 12 },
          },
        },
      },
      handler: async (ctx) => {
        const b = ctx.body;
        const u = await addUser(
          d.db,
          ctx.user!,
          { username: str(b['username']), displayName: str(b['displayName']), role: b['role'], password: str(b['password']) },
          hashing(),
        );
        return json({ user: u }, 201);
      },
    },
    action('disable', 'Disable a user (ends their sessions)', (ctx) => setDisabled(d.db, ctx.user!, name(ctx), true)),
    action('enable', 'Enable a disabled user', (ctx) => setDisabled(d.db, ctx.user!, name(ctx), false)),
    action('unlock', 'Lift a lock after failed logins', (ctx) => unlock(d.db, ctx.user!, name(ctx))),
    action('role', 'Change a user’s role (their sessions end)', (ctx) => changeRole(d.db, ctx.user!, name(ctx), ctx.body['role']), {
      type: 'object',
      required: ['role'],
      properties: { role: { type: 'string', enum: [...USER_ROLES] } },
    }),
    action(
      'password',
      'Set a new password for a user (their sessions end)',
      (ctx) => resetPassword(d.db, ctx.user!, name(ctx), str(ctx.body['password']), hashing()),
      { type: 'object', required: ['password'], properties: { password: { type: 'string', minLength: 12 } } },
    ),
  ];
}
