import { listQueue, queueFacets } from '../../repositories/queue.repository.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { takeNext } from '../queue.ts';
import { json, page, redirect, type Route } from '../http/route.ts';
import { MESSAGES } from '../views/i18n.ts';
import { queuePage } from '../views/queue.view.ts';
import { filterQuery, intParam, parseQueueFilter } from './params.ts';

const FILTER_DOC = [
  { name: 'label', description: 'partisan, hate, abusive, hoax, money_politics (repeat or comma-separate)' },
  { name: 'status', description: 'open, claimed, escalated, confirmed, dismissed, or mine (default: the undecided ones)' },
  { name: 'agency', description: 'agency name (case-insensitive)' },
  { name: 'region', description: 'region or province' },
  { name: 'platform', description: 'x, facebook, instagram, tiktok, ...' },
  { name: 'from', description: 'post date from, YYYY-MM-DD (WIB)' },
  { name: 'to', description: 'post date to, YYYY-MM-DD (WIB)' },
];

export function queueRoutes(d: ReviewDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/queue',
      access: 'queue.read',
      api: false,
      handler: async (ctx) => {
        const filter = parseQueueFilter(ctx.url.searchParams, ctx.user!);
        const limit = 50;
        const offset = ctx.url.searchParams.has('offset') ? intParam(ctx.url.searchParams.get('offset'), 'offset', { max: 1_000_000 }) : 0;
        const [{ items, total }, facets] = [await listQueue(d.db, filter, { limit, offset }), await queueFacets(d.db)];
        const t = MESSAGES[ctx.lang];
        const message = ctx.url.searchParams.get('msg') === 'empty' ? t.noMoreFlags : undefined;
        return page(queuePage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, filter, query: filterQuery(ctx.url.searchParams), items, total, offset, limit, facets, message }));
      },
    },
    {
      method: 'POST',
      path: '/queue/next',
      access: 'flag.decide',
      api: false,
      handler: async (ctx) => {
        const filter = parseQueueFilter(ctx.body, ctx.user!);
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
        summary: 'The review queue, highest priority first (priority = score x severity x election phase, plus recency and account history)',
        tags: ['queue'],
        query: [...FILTER_DOC, { name: 'limit', description: '1-500, default 50' }, { name: 'offset', description: 'default 0' }],
      },
      handler: async (ctx) => {
        const q = ctx.url.searchParams;
        const filter = parseQueueFilter(q, ctx.user!);
        const limit = q.has('limit') ? intParam(q.get('limit'), 'limit', { min: 1, max: 500 }) : 50;
        const offset = q.has('offset') ? intParam(q.get('offset'), 'offset', { max: 1_000_000 }) : 0;
        const { items, total } = await listQueue(d.db, filter, { limit, offset });
        return json({ total, limit, offset, items: items.map((i) => ({ ...i, deadline: new Date(i.discoveredAt.getTime() + 7 * 86_400_000) })) });
      },
    },
    {
      method: 'POST',
      path: '/api/queue/next',
      access: 'flag.decide',
      api: true,
      doc: {
        summary: 'Take next: claim the highest-priority open flag matching the filters (or return your current claim). No two analysts get the same flag.',
        tags: ['queue'],
        requestBody: { type: 'object', properties: { label: { type: 'string' }, agency: { type: 'string' }, region: { type: 'string' }, platform: { type: 'string' }, from: { type: 'string' }, to: { type: 'string' } } },
        responses: { '200': '{ flag } or { flag: null } when nothing is left' },
      },
      handler: async (ctx) => {
        const filter = parseQueueFilter(ctx.body, ctx.user!);
        const flag = await takeNext(d.db, ctx.user!, { ...filter, assignee: undefined }, d.settings.claimMs);
        return json({ flag: flag ?? null });
      },
    },
  ];
}
