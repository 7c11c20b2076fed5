import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseXTimeline, X_FEED } from './x.json.ts';
import { parseXPost, parseXProfile, xPostSelector } from './x.parse.ts';

/**
 * X's public web pages. The profile's posts come from the `UserTweets` GraphQL responses the
 * page fetches while scrolling (x.json.ts); the drawn page is the fallback. Logged-out X lists a
 * profile's posts by popularity, not by time: such a listing is never complete, so the web source
 * never infers deletions on X; the x-api source is the one to use for X.
 */
export const adapter: WebAdapter = {
  platform: 'x',
  defaultBaseUrl: 'https://x.com',
  hosts: ['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com'],
  listingOrder: 'relevance',
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}`,
  readySelector:
    'article[data-testid="tweet"], [data-testid="primaryColumn"] [data-testid="UserName"], [data-testid="emptyState"], [data-testid="sheetDialog"], [data-testid="error-detail"], #arkose_iframe',
  postsSelector: 'article[data-testid="tweet"]',
  postSelector: (post, onPostPage) => (onPostPage ? 'article[data-testid="tweet"][tabindex="-1"]' : xPostSelector(post)),
  parseProfile: parseXProfile,
  parsePost: parseXPost,
  isFeedRequest: (url) => X_FEED.test(url),
  parseFeed: parseXTimeline,
};
