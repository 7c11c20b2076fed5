import { listUsers } from '../../repositories/users.repository.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { DEFAULT_SCRYPT } from '../auth/password.ts';
import { ReviewError } from '../errors.ts';
import { page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { addUser, changeRole, resetPassword, setDisabled, unlock } from '../users.ts';
import { usersDone, usersPage } from '../views/users.view.ts';

const str = (v: unknown) => (typeof v === 'string' ? v : '');

/** The admins' users page and its forms (the same use-cases as the users API). */
export function usersPageRoutes(d: ReviewDeps): Route[] {
  const hashing = () => ({ scrypt: d.settings.scrypt ?? DEFAULT_SCRYPT, gate: d.passwords });
  const render = async (ctx: RequestContext, o: { message?: string; error?: string } = {}, status = 200) =>
    page(usersPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, users: await listUsers(d.db), ...o }), status);
  /** Run a change; an error is shown on the page (in the page's language), success redirects. */
  const form = (path: string, run: (ctx: RequestContext) => Promise<unknown>): Route => ({
    method: 'POST',
    path,
    access: 'users.manage',
    api: false,
    handler: async (ctx) => {
      try {
        await run(ctx);
      } catch (e) {
        if (e instanceof ReviewError && e.status < 500) return render(ctx, { error: e.text(ctx.lang) }, e.status);
        throw e;
      }
      return redirect('/users?msg=saved');
    },
  });
  const name = (ctx: RequestContext) => ctx.params['username']!;
  return [
    {
      method: 'GET',
      path: '/users',
      access: 'users.manage',
      api: false,
      handler: (ctx) => render(ctx, ctx.url.searchParams.get('msg') === 'saved' ? { message: usersDone(ctx.lang) } : {}),
    },
    form('/users', (ctx) =>
      addUser(
        d.db,
        ctx.user!,
        {
          username: str(ctx.body['username']),
          displayName: str(ctx.body['displayName']),
          role: ctx.body['role'],
          password: str(ctx.body['password']),
        },
        hashing(),
      ),
    ),
    form('/users/:username/disable', (ctx) => setDisabled(d.db, ctx.user!, name(ctx), true)),
    form('/users/:username/enable', (ctx) => setDisabled(d.db, ctx.user!, name(ctx), false)),
    form('/users/:username/unlock', (ctx) => unlock(d.db, ctx.user!, name(ctx))),
    form('/users/:username/role', (ctx) => changeRole(d.db, ctx.user!, name(ctx), ctx.body['role'])),
    form('/users/:username/password', (ctx) => resetPassword(d.db, ctx.user!, name(ctx), str(ctx.body['password']), hashing())),
  ];
}
