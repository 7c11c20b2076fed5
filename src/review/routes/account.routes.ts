import type { ReviewDeps } from '../app-deps.ts';
import { changeOwnPassword } from '../auth/change-password.ts';
import { DEFAULT_SCRYPT } from '../auth/password.ts';
import { InvalidInputError, TryLaterError } from '../errors.ts';
import { json, page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { accountPage } from '../views/account.view.ts';

const text = (v: unknown) => (typeof v === 'string' ? v : '');

/** A person's own account: the page, and changing their password (page form and API). */
export function accountRoutes(d: ReviewDeps): Route[] {
  const change = (ctx: RequestContext, repeat: boolean) =>
    changeOwnPassword(
      d.db,
      ctx.user!,
      {
        current: text(ctx.body['currentPassword']),
        next: text(ctx.body['newPassword']),
        ...(repeat ? { repeat: text(ctx.body['repeatPassword']) } : {}),
      },
      {
        maxFailures: d.settings.loginMaxFailures,
        lockMs: d.settings.lockMs,
        scrypt: d.settings.scrypt ?? DEFAULT_SCRYPT,
        gate: d.passwords,
      },
    );
  return [
    {
      method: 'GET',
      path: '/account',
      access: 'signed-in',
      api: false,
      handler: async (ctx) =>
        page(
          accountPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, done: ctx.url.searchParams.get('msg') === 'changed' }),
        ),
    },
    {
      method: 'POST',
      path: '/account/password',
      access: 'signed-in',
      api: false,
      handler: async (ctx) => {
        try {
          await change(ctx, true);
        } catch (e) {
          if (e instanceof InvalidInputError || e instanceof TryLaterError)
            return page(accountPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, error: e.text(ctx.lang) }), e.status);
          throw e;
        }
        return redirect('/account?msg=changed');
      },
    },
    {
      method: 'POST',
      path: '/api/account/password',
      access: 'signed-in',
      api: true,
      doc: {
        summary: 'Change your own password (the current one is checked, and counts against the login limit); your other sessions end',
        tags: ['auth'],
        requestBody: {
          type: 'object',
          required: ['currentPassword', 'newPassword'],
          properties: { currentPassword: { type: 'string' }, newPassword: { type: 'string', minLength: 12 } },
        },
        responses: {
          '200': 'changed',
          '400': 'current password wrong, or the new one breaks a rule (`details.field`)',
          '429': 'too many wrong passwords',
        },
      },
      handler: async (ctx) => {
        await change(ctx, false);
        return json({ ok: true });
      },
    },
  ];
}
