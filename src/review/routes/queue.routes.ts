import { FLAG_STATUSES, type FlagStatus } from '../../domain/statuses.ts';
import { reportDeadline } from '../../domain/decisions.ts';
import { can } from '../../domain/roles.ts';
import { listQueue, queueFacets, type QueueFilter } from '../../repositories/queue.repository.ts';
import { listUsers } from '../../repositories/users.repository.ts';
import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { redactBlind } from '../blind.ts';
import { json, page, redirect, type RequestContext, type Route } from '../http/route.ts';
import { takeNext } from '../queue.ts';
import { MESSAGES } from '../views/i18n.ts';
import { queuePage } from '../views/queue.view.ts';
import { filterQuery, intParam, parseQueueFilter } from './params.ts';

const FILTER_DOC = [
  { name: 'label', description: 'partisan, hate, abusive, hoax, money_politics (repeat or comma-separate)' },
  {
    name: 'status',
    description:
      'open, claimed, escalated, confirmed, dismissed, withdrawn, or mine (default: open and claimed; escalated flags are in /api/escalations)',
  },
  { name: 'agency', description: 'agency name (case-insensitive)' },
  { name: 'region', description: 'region or province' },
  { name: 'platform', description: 'x, facebook, instagram, tiktok, ...' },
  { name: 'from', description: 'post date from, YYYY-MM-DD (WIB)' },
  { name: 'to', description: 'post date to, YYYY-MM-DD (WIB)' },
  { name: 'sort', description: 'rank (default), posted, deadline, id' },
  { name: 'dir', description: 'asc or desc (default: desc for rank and posted, asc for deadline and id)' },
  { name: 'limit', description: '1-500, default 50' },
  { name: 'offset', description: 'default 0' },
];

/** Statuses the queue's menu offers: everything but `escalated` (the supervisors' queue). */
const QUEUE_STATUSES: readonly FlagStatus[] = FLAG_STATUSES.filter((s) => s !== 'escalated');

/** Filter menus change only with the registry: read them at most once a minute. */
const FACETS_TTL_MS = 60_000;

export function queueRoutes(d: ReviewDeps): Route[] {
  const share = () => secondReviewShare(d);
  let cached: { at: number; value: Promise<Awaited<ReturnType<typeof queueFacets>>> } | undefined;
  const facets = () => {
    if (!cached || Date.now() - cached.at > FACETS_TTL_MS) cached = { at: Date.now(), value: queueFacets(d.db) };
    return cached.value.catch((e: unknown) => ((cached = undefined), Promise.reject(e)));
  };
  const filterOf = (ctx: RequestContext, q: URLSearchParams | Record<string, unknown>, mode: 'queue' | 'escalations'): QueueFilter => {
    const f = parseQueueFilter(q, ctx.user!, {
      blindShare: share(),
      ...(mode === 'escalations' ? { defaultStatuses: ['escalated'] } : {}),
    });
    return mode === 'escalations' ? { ...f, statuses: ['escalated'], assignee: undefined } : f;
  };
  const pageOf = (q: URLSearchParams, max: number) => ({
    limit: q.has('limit') ? intParam(q.get('limit'), 'limit', { min: 1, max }) : 50,
    offset: q.has('offset') ? intParam(q.get('offset'), 'offset', { max: 1_000_000 }) : 0,
  });
  async function list(ctx: RequestContext, mode: 'queue' | 'escalations', max: number) {
    const filter = filterOf(ctx, ctx.url.searchParams, mode);
    const p = pageOf(ctx.url.searchParams, max);
    const r = await listQueue(d.db, filter, p);
    return { filter, ...p, total: r.total, totalExact: r.totalExact, items: await redactBlind(d.db, ctx.user!, share(), r.items) };
  }
  async function render(ctx: RequestContext, mode: 'queue' | 'escalations') {
    const r = await list(ctx, mode, 200);
    const t = MESSAGES[ctx.lang];
    const sp = ctx.url.searchParams;
    const message =
      sp.get('msg') === 'empty'
        ? t.noMoreFlags
        : sp.get('msg') === 'bulk'
          ? `${Number(sp.get('ok')) || 0} ${t.bulkDone} ${Number(sp.get('failed')) || 0}.`
          : undefined;
    const analysts = can(ctx.user!.role, 'flag.assign')
      ? (await listUsers(d.db))
          .filter((u) => !u.disabled && can(u.role, 'flag.decide'))
          .map((u) => ({ username: u.username, name: u.display_name }))
      : [];
    return page(
      queuePage({
        lang: ctx.lang,
        user: ctx.user!,
        csrfToken: ctx.csrfToken,
        mode,
        filter: r.filter,
        query: filterQuery(sp),
        items: r.items,
        total: r.total,
        totalExact: r.totalExact,
        offset: r.offset,
        limit: r.limit,
        facets: await facets(),
        statuses: QUEUE_STATUSES,
        analysts,
        message,
      }),
    );
  }
  const withDeadline = <T extends { discoveredAt: Date }>(items: T[]) =>
    items.map((i) => ({ ...i, deadline: reportDeadline(i.discoveredAt) }));
  return [
    {
      method: 'GET',
      path: '/queue',
      access: 'queue.read',
      api: false,
      handler: (ctx) => render(ctx, 'queue'),
    },
    {
      method: 'GET',
      path: '/escalations',
      access: 'flag.decide_escalated',
      api: false,
      handler: (ctx) => render(ctx, 'escalations'),
    },
    {
      method: 'POST',
      path: '/queue/next',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        const filter = filterOf(ctx, ctx.body, 'queue');
        const flag = await takeNext(d.db, ctx.user!, { ...filter, assignee: undefined }, d.settings.claimMs);
        if (flag) return redirect(`/flags/${flag.id}`);
        const q = filterQuery(ctx.body);
        q.set('msg', 'empty');
        return redirect(`/queue?${q.toString()}`);
      },
    },
    {
      method: 'GET',
      path: '/api/queue',
      access: 'queue.read',
      api: true,
      doc: {
        summary:
          'The review queue (open and claimed flags by default), highest rank first (rank = priority + recency + the person’s confirmed flags), or in another order. `total` is exact up to 10,000 (`totalExact: false` beyond)',
        tags: ['queue'],
        query: FILTER_DOC,
      },
      handler: async (ctx) => {
        const r = await list(ctx, 'queue', 500);
        return json({ total: r.total, totalExact: r.totalExact, limit: r.limit, offset: r.offset, items: withDeadline(r.items) });
      },
    },
    {
      method: 'GET',
      path: '/api/escalations',
      access: 'flag.decide_escalated',
      api: true,
      doc: {
        summary: 'The supervisors’ queue: escalated flags (by an analyst, or after a blind second review disagreed), highest rank first',
        tags: ['queue'],
        query: FILTER_DOC.filter((q) => q.name !== 'status'),
      },
      handler: async (ctx) => {
        const r = await list(ctx, 'escalations', 500);
        return json({ total: r.total, totalExact: r.totalExact, limit: r.limit, offset: r.offset, items: withDeadline(r.items) });
      },
    },
    {
      method: 'POST',
      path: '/api/queue/next',
      access: 'flag.decide',
      api: true,
      doc: {
        summary:
          'Take next: your flag in review or assigned to you, else claim the highest-ranked open flag matching the filters. No two analysts get the same flag.',
        tags: ['queue'],
        requestBody: {
          type: 'object',
          properties: {
            label: { type: 'string' },
            agency: { type: 'string' },
            region: { type: 'string' },
            platform: { type: 'string' },
            from: { type: 'string' },
            to: { type: 'string' },
          },
        },
        responses: { '200': '{ flag } or { flag: null } when nothing is left' },
      },
      handler: async (ctx) => {
        const filter = filterOf(ctx, ctx.body, 'queue');
        const flag = await takeNext(d.db, ctx.user!, { ...filter, assignee: undefined }, d.settings.claimMs);
        return json({ flag: flag ?? null });
      },
    },
  ];
}
