import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { InvalidInputError, msg } from '../errors.ts';
import { json, page, redirect, type Route } from '../http/route.ts';
import { decideSecondReview, secondReviewQueue, type SecondReviewRequest } from '../second-review.ts';
import { secondReviewPage } from '../views/second-review.view.ts';
import { flagIdParam, intParam, optionalText } from './params.ts';

const share = secondReviewShare;

function requestFromBody(flagId: number, b: Record<string, unknown>): SecondReviewRequest {
  const decision = b['decision'];
  if (decision !== 'confirm' && decision !== 'dismiss')
    throw new InvalidInputError(msg('Keputusan harus konfirmasi atau tolak', 'decision must be confirm or dismiss'), 'decision');
  const labels = b['labels'] === undefined ? undefined : [b['labels']].flat();
  if (labels && !labels.every((l) => typeof l === 'string'))
    throw new InvalidInputError(msg('Label harus daftar nama label', 'labels must be a list of label names'), 'labels');
  const note = optionalText(b['note'], 'note');
  return decision === 'confirm'
    ? {
        flagId,
        decision,
        skbItem: intParam(b['skbItem'], 'skbItem', { min: 1, max: 11 }),
        ...(labels ? { labels: labels as string[] } : {}),
        ...(note ? { note } : {}),
      }
    : {
        flagId,
        decision,
        ...(typeof b['dismissReason'] === 'string' ? { dismissReason: b['dismissReason'] } : {}),
        ...(note ? { note } : {}),
      };
}

/** Blind second reviews: a page and a JSON API (issue 7). */
export function secondReviewRoutes(d: ReviewDeps): Route[] {
  return [
    {
      method: 'GET',
      path: '/second-reviews',
      access: 'flag.second_review',
      api: false,
      handler: async (ctx) => {
        const items = await secondReviewQueue(d.db, ctx.user!.userId, share(d), 20);
        const message = ctx.url.searchParams.get('msg') === 'saved' ? (ctx.lang === 'en' ? 'Saved.' : 'Tersimpan.') : undefined;
        return page(secondReviewPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, items, message }));
      },
    },
    {
      method: 'POST',
      path: '/second-reviews/:id',
      access: 'flag.second_review',
      api: false,
      handler: async (ctx) => {
        await decideSecondReview(d.db, ctx.user!, requestFromBody(flagIdParam(ctx.params['id']), ctx.body), share(d));
        return redirect('/second-reviews?msg=saved');
      },
    },
    {
      method: 'GET',
      path: '/api/second-reviews',
      access: 'flag.second_review',
      api: true,
      doc: {
        summary: "Flags waiting for this user's blind second review: the post and the model's labels, never the first decision",
        tags: ['second review'],
      },
      handler: async (ctx) => json({ share: share(d), items: await secondReviewQueue(d.db, ctx.user!.userId, share(d), 100) }),
    },
    {
      method: 'POST',
      path: '/api/second-reviews/:id',
      access: 'flag.second_review',
      api: true,
      doc: {
        summary:
          'Record a blind second review (confirm with skbItem and labels, or dismiss); a different label set sends the flag to a supervisor',
        tags: ['second review'],
        requestBody: {
          type: 'object',
          properties: {
            decision: { type: 'string', enum: ['confirm', 'dismiss'] },
            skbItem: { type: 'integer' },
            labels: { type: 'array', items: { type: 'string' } },
            dismissReason: { type: 'string' },
            note: { type: 'string' },
          },
        },
        responses: {
          '200': '{ agreement: agreed | disagreed, first, second }',
          '403': 'the first reviewer, or a role that may not decide',
          '409': 'already second-reviewed or not decided',
        },
      },
      handler: async (ctx) =>
        json(await decideSecondReview(d.db, ctx.user!, requestFromBody(flagIdParam(ctx.params['id']), ctx.body), share(d))),
    },
  ];
}
