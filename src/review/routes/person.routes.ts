import { secondReviewShare, type ReviewDeps } from '../app-deps.ts';
import { InvalidInputError, msg } from '../errors.ts';
import { json, page, type RequestContext, type Route } from '../http/route.ts';
import { PERSON_PAGE_SIZE, personPageData, type PersonPaging } from '../person-page.ts';
import { personPage } from '../views/person.view.ts';
import { intParam, personIdParam } from './params.ts';

const PAGE_QUERY = [
  { name: 'postOffset', description: 'posts to skip (newest first), default 0' },
  { name: 'postLimit', description: 'posts per page, 1-200, default 20' },
  { name: 'posts', description: '`shared`: only quotes and reposts of other accounts’ posts' },
  { name: 'flagOffset', description: 'flags to skip (newest post first), default 0' },
  { name: 'flagLimit', description: 'flags per page, 1-200, default 20' },
  { name: 'engagementOffset', description: 'engagements with campaign accounts to skip (newest first), default 0' },
  { name: 'engagementLimit', description: 'engagements per page, 1-200, default 20' },
];

/** Paging of the two lists from the query string; bad values are refused naming the field. */
function pagingOf(q: URLSearchParams): PersonPaging {
  const num = (k: string, d: number, max: number, min = 0) => (q.has(k) ? intParam(q.get(k), k, { min, max }) : d);
  const posts = q.get('posts');
  if (posts !== null && posts !== '' && posts !== 'all' && posts !== 'shared')
    throw new InvalidInputError(msg('Isian posts harus all atau shared', 'posts must be all or shared'), 'posts');
  return {
    postLimit: num('postLimit', PERSON_PAGE_SIZE, 200, 1),
    postOffset: num('postOffset', 0, 1_000_000),
    sharedOnly: posts === 'shared',
    flagLimit: num('flagLimit', PERSON_PAGE_SIZE, 200, 1),
    flagOffset: num('flagOffset', 0, 1_000_000),
    engagementLimit: num('engagementLimit', PERSON_PAGE_SIZE, 200, 1),
    engagementOffset: num('engagementOffset', 0, 1_000_000),
  };
}

/**
 * One page per civil servant (and its JSON twin): open to whoever may read flags, like the
 * flag page that links to it. Like the flag page, a view is not written to the audit log.
 */
export function personRoutes(d: ReviewDeps): Route[] {
  const data = (ctx: RequestContext) =>
    personPageData(d.db, ctx.user!, secondReviewShare(d), personIdParam(ctx.params['id']), pagingOf(ctx.url.searchParams));
  return [
    {
      method: 'GET',
      path: '/persons/:id',
      access: 'flag.read',
      api: false,
      handler: async (ctx) => page(personPage({ lang: ctx.lang, user: ctx.user!, csrfToken: ctx.csrfToken, data: await data(ctx) })),
    },
    {
      method: 'GET',
      path: '/api/persons/:id',
      access: 'flag.read',
      api: true,
      doc: {
        summary:
          'A civil servant: registry facts, accounts with the provenance of each link (source, confidence, by, when, evidence URL, tags such as identity_disputed), flags per status, activity per WIB week (own posts, shared posts, flags), a page of posts (newest first; `shared` is another account’s post, never theirs) and a page of flags with election phase and latest decision, and a page of engagements with campaign accounts (repost, quote, reply, mention, follow) beside the campaign post as captured. Flags awaiting your blind second review show as `blind`, without labels or decision.',
        tags: ['persons'],
        query: PAGE_QUERY,
        responses: { '200': 'the person', '400': 'bad paging value (`details.field`)', '404': 'no such person' },
      },
      handler: async (ctx) => json(await data(ctx)),
    },
  ];
}
