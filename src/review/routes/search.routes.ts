import { parseSearch, searchFlags } from '../../repositories/search.repository.ts';
import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { redactBlind } from '../blind.ts';
import { InvalidInputError, msg } from '../errors.ts';
import { json, page, type RequestContext, type Route } from '../http/route.ts';
import { searchPage } from '../views/search.view.ts';
import { intParam } from './params.ts';

/** Search flags by post text, civil servant's name, @handle, NIP or #number (pages and API). */
export function searchRoutes(d: ReviewDeps): Route[] {
  async function run(ctx: RequestContext, maxLimit: number) {
    const sp = ctx.url.searchParams;
    const q = (sp.get('q') ?? '').slice(0, 200);
    if (q.includes('\u0000'))
      throw new InvalidInputError(msg('Teks pencarian berisi karakter NUL', 'the search text contains a NUL character'), 'q');
    const limit = sp.has('limit') ? intParam(sp.get('limit'), 'limit', { min: 1, max: maxLimit }) : 50;
    const offset = sp.has('offset') ? intParam(sp.get('offset'), 'offset', { max: 100_000 }) : 0;
    const parsed = parseSearch(q);
    if (!parsed) return { q, limit, offset, total: 0, totalExact: true, items: undefined };
    const r = await searchFlags(d.db, parsed, { limit, offset });
    return {
      q,
      limit,
      offset,
      total: r.total,
      totalExact: r.totalExact,
      items: await redactBlind(d.db, ctx.user!, secondReviewShare(d), r.items),
    };
  }
  return [
    {
      method: 'GET',
      path: '/search',
      access: 'queue.read',
      api: false,
      handler: async (ctx) => page(searchPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, ...(await run(ctx, 200)) })),
    },
    {
      method: 'GET',
      path: '/api/search',
      access: 'queue.read',
      api: true,
      doc: {
        summary:
          'Search flags, newest first: words of the post text (each a prefix) or part of the civil servant’s name; `@handle`; a NIP (8+ digits, or its start); `#123` for flag 123',
        tags: ['queue'],
        query: [
          { name: 'q', description: 'what to look for (up to 200 characters)' },
          { name: 'limit', description: '1-500, default 50' },
          { name: 'offset', description: 'default 0' },
        ],
      },
      handler: async (ctx) => {
        const r = await run(ctx, 500);
        return json({ q: r.q, total: r.total, totalExact: r.totalExact, limit: r.limit, offset: r.offset, items: r.items ?? [] });
      },
    },
  ];
}
