import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { blindSafeConflict } from '../blind.ts';
import { bulkAction, MAX_BULK, type BulkOutcome, type BulkRequest } from '../bulk.ts';
import { reopenOrWithdraw } from '../decide.ts';
import { DISMISS_REASONS } from '../../domain/decisions.ts';
import { ConflictError, InvalidInputError, msg } from '../errors.ts';
import { json, redirect, type RequestContext, type Route } from '../http/route.ts';
import { assign } from '../queue.ts';
import { filterQuery, flagIdParam, intParam, optionalText } from './params.ts';

const text = (b: Record<string, unknown>, k: string) => optionalText(b[k], k)?.trim() || undefined;

/** `123:4` (flag 123 seen at version 4), as the queue's checkboxes send them; or `{ id, version }` in JSON. */
export function bulkFlags(v: unknown): { id: number; version: number }[] {
  const list = v === undefined ? [] : [v].flat();
  return list.map((x) => {
    if (typeof x === 'string') {
      const m = /^(\d{1,9}):(\d{1,9})$/.exec(x);
      if (m) return { id: Number(m[1]), version: Number(m[2]) };
    } else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      return { id: intParam(o['id'], 'flags.id', { min: 1 }), version: intParam(o['version'], 'flags.version', { min: 1 }) };
    }
    throw new InvalidInputError(msg('Setiap temuan harus berupa id dan versi', 'each flag must be an id and a version'), 'flags');
  });
}

function bulkRequest(b: Record<string, unknown>, flagsKey: string): BulkRequest {
  const action = b['action'];
  if (action !== 'dismiss' && action !== 'assign')
    throw new InvalidInputError(msg('Tindakan massal harus dismiss atau assign', 'action must be dismiss or assign'), 'action');
  return {
    action,
    flags: bulkFlags(b[flagsKey]),
    dismissReason: typeof b['dismissReason'] === 'string' ? b['dismissReason'] : undefined,
    dismissText: text(b, 'dismissText'),
    assignee: typeof b['assignee'] === 'string' ? b['assignee'] : undefined,
    reason: text(b, 'reason'),
  };
}

/** Bulk outcomes as the user may see them (a conflict on a flag they owe a blind review says no more). */
async function blindSafeResults(d: ReviewDeps, ctx: RequestContext, results: BulkOutcome[]): Promise<BulkOutcome[]> {
  return Promise.all(
    results.map(async (r) => {
      if (r.ok || r.error !== 'version_conflict') return r;
      const e = await blindSafeConflict(
        d.db,
        ctx.user!,
        secondReviewShare(d),
        r.id,
        new ConflictError({ id: r.pesan ?? '', en: r.message ?? '' }, r.error),
      );
      return e instanceof ConflictError ? { id: r.id, ok: false, error: e.code, message: e.message, pesan: e.pesan } : r;
    }),
  );
}

/** Supervisors' tools (assign, reopen, withdraw) and bulk actions: pages' forms and the JSON API. */
export function workflowRoutes(d: ReviewDeps): Route[] {
  const doAssign = (ctx: RequestContext) => {
    const assignee = ctx.body['assignee'];
    if (typeof assignee !== 'string' || !assignee)
      throw new InvalidInputError(msg('Pilih analis yang ditugaskan', 'assignee is required'), 'assignee');
    const version = ctx.body['version'] === undefined ? undefined : intParam(ctx.body['version'], 'version', { min: 1 });
    return assign(d.db, ctx.user!, flagIdParam(ctx.params['id']), assignee, text(ctx.body, 'reason'), version);
  };
  const doReopen = (ctx: RequestContext, kind: 'reopen' | 'withdraw') =>
    reopenOrWithdraw(d.db, ctx.user!, {
      flagId: flagIdParam(ctx.params['id']),
      version: intParam(ctx.body['version'], 'version', { min: 1 }),
      kind,
      reason: text(ctx.body, 'reason') ?? '',
    });
  const REASON_BODY = {
    type: 'object',
    required: ['version', 'reason'],
    properties: { version: { type: 'integer' }, reason: { type: 'string', maxLength: 4000 } },
  };
  return [
    {
      method: 'POST',
      path: '/flags/:id/assign',
      access: 'flag.assign',
      api: false,
      handler: async (ctx) => {
        await doAssign(ctx);
        return redirect(`/flags/${flagIdParam(ctx.params['id'])}?msg=assigned`);
      },
    },
    {
      method: 'POST',
      path: '/api/flags/:id/assign',
      access: 'flag.assign',
      api: true,
      doc: {
        summary: 'Assign an undecided flag to an analyst (no time limit; it comes first when they take next); audited with the reason',
        tags: ['supervision'],
        requestBody: {
          type: 'object',
          required: ['assignee'],
          properties: {
            assignee: { type: 'string' },
            reason: { type: 'string' },
            version: { type: 'integer', description: 'if given, refused (409) when the flag changed since' },
          },
        },
      },
      handler: async (ctx) => json({ flag: await doAssign(ctx) }),
    },
    {
      method: 'POST',
      path: '/flags/:id/reopen',
      access: 'flag.reopen',
      api: false,
      handler: async (ctx) => {
        const kind = ctx.body['kind'] === 'withdraw' ? 'withdraw' : 'reopen';
        await doReopen(ctx, kind);
        return redirect(`/flags/${flagIdParam(ctx.params['id'])}?msg=${kind === 'withdraw' ? 'withdrawn' : 'reopened'}`);
      },
    },
    {
      method: 'POST',
      path: '/api/flags/:id/reopen',
      access: 'flag.reopen',
      api: true,
      doc: {
        summary:
          'Reopen a decided or escalated flag: back to the queue for a fresh decision (the earlier decisions stay on record, set aside); reason required, audited',
        tags: ['supervision'],
        requestBody: REASON_BODY,
      },
      handler: async (ctx) => json(await doReopen(ctx, 'reopen')),
    },
    {
      method: 'POST',
      path: '/api/flags/:id/withdraw',
      access: 'flag.reopen',
      api: true,
      doc: {
        summary: 'Withdraw a flag from the process (status withdrawn: never reported, not training data); reason required, audited',
        tags: ['supervision'],
        requestBody: REASON_BODY,
      },
      handler: async (ctx) => json(await doReopen(ctx, 'withdraw')),
    },
    {
      method: 'POST',
      path: '/queue/bulk',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        const results = await bulkAction(d.db, ctx.user!, bulkRequest(ctx.body, 'flag'));
        const q = filterQuery(ctx.body);
        q.set('msg', 'bulk');
        q.set('ok', String(results.filter((r) => r.ok).length));
        q.set('failed', String(results.filter((r) => !r.ok).length));
        return redirect(`/queue?${q.toString()}`);
      },
    },
    {
      method: 'POST',
      path: '/api/flags/bulk',
      access: 'flag.decide',
      api: true,
      doc: {
        summary: `Dismiss (with a reason) or assign up to ${MAX_BULK} flags at once; each flag is decided on its own (version check, role rules, its own audit entry) and reported`,
        tags: ['supervision'],
        requestBody: {
          type: 'object',
          required: ['action', 'flags'],
          properties: {
            action: { type: 'string', enum: ['dismiss', 'assign'] },
            flags: {
              type: 'array',
              maxItems: MAX_BULK,
              items: { type: 'object', properties: { id: { type: 'integer' }, version: { type: 'integer' } } },
            },
            dismissReason: { type: 'string', enum: Object.keys(DISMISS_REASONS) },
            dismissText: { type: 'string' },
            assignee: { type: 'string', description: 'for assign (supervisors and admins)' },
            reason: { type: 'string' },
          },
        },
        responses: { '200': '{ results: [{ id, ok, error?, message?, pesan? }] }' },
      },
      handler: async (ctx) =>
        json({ results: await blindSafeResults(d, ctx, await bulkAction(d.db, ctx.user!, bulkRequest(ctx.body, 'flags'))) }),
    },
  ];
}
