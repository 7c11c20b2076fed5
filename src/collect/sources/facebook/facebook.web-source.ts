import type { WebAdapter } from '../../web/web-adapter.ts';
import { FACEBOOK_FEED, parseFacebookEmbedded, parseFacebookFeed } from './facebook.json.ts';
import { parseFacebookPost, parseFacebookProfile } from './facebook.parse.ts';

/**
 * Facebook's public profile pages: the first posts come embedded in the page (data-sjs JSON),
 * older ones from the GraphQL responses the page fetches while scrolling (facebook.json.ts).
 */
export const adapter: WebAdapter = {
  platform: 'facebook',
  defaultBaseUrl: 'https://www.facebook.com',
  hosts: ['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com'],
  listingOrder: 'time',
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}`,
  readySelector:
    '[role="article"], form#login_form, #checkpoint_form, [data-pagelet="ContentUnavailable"], [data-pagelet="ProfileLockedNotice"], [data-pagelet="ProfileTimeline"]',
  postsSelector: '[role="main"] [role="article"]',
  postSelector: (post, onPostPage) =>
    onPostPage ? '[role="main"] [role="article"]' : `[role="article"]:has(a[href*="/posts/${post.externalId}"])`,
  parseProfile: parseFacebookProfile,
  parsePost: parseFacebookPost,
  isFeedRequest: (url) => FACEBOOK_FEED.test(url),
  parseFeed: parseFacebookFeed,
  parseEmbedded: parseFacebookEmbedded,
};
