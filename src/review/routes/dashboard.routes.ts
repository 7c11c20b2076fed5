import { dashboardData } from '../../repositories/dashboard.repository.ts';
import { agreementByLabel } from '../second-review.ts';
import type { ReviewDeps } from '../app-deps.ts';
import { json, page, type Route } from '../http/route.ts';
import { dashboardPage } from '../views/dashboard.view.ts';
import { intParam } from './params.ts';

export function dashboardRoutes(d: ReviewDeps): Route[] {
  const days = (q: URLSearchParams) => (q.has('days') ? intParam(q.get('days'), 'days', { min: 1, max: 366 }) : 30);
  return [
    {
      method: 'GET',
      path: '/dashboard',
      access: 'dashboard.read',
      api: false,
      handler: async (ctx) => {
        const n = days(ctx.url.searchParams);
        return page(
          dashboardPage({
            lang: ctx.lang,
            user: ctx.user!,
            csrfToken: ctx.csrfToken,
            data: await dashboardData(d.db, { days: n }),
            days: n,
            agreement: await agreementByLabel(d.db),
          }),
        );
      },
    },
    {
      method: 'GET',
      path: '/api/dashboard',
      access: 'dashboard.read',
      api: true,
      doc: {
        summary:
          "Aggregate figures: flags and decisions per day, per label, agency, region, status; confirmation rate per label; Cohen's kappa per label over blind second reviews (agreement)",
        tags: ['dashboard'],
        query: [{ name: 'days', description: '1-366, default 30' }],
      },
      handler: async (ctx) =>
        json({ ...(await dashboardData(d.db, { days: days(ctx.url.searchParams) })), agreement: await agreementByLabel(d.db) }),
    },
  ];
}
