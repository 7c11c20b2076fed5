import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseTiktokFeed, TIKTOK_FEED } from './tiktok.json.ts';
import { parseTiktokPost, parseTiktokProfile } from './tiktok.parse.ts';

/**
 * TikTok's public profile pages: who the account is comes in the page's rehydration JSON; its
 * videos come from the item_list responses the page fetches while scrolling (tiktok.json.ts).
 */
export const adapter: WebAdapter = {
  platform: 'tiktok',
  defaultBaseUrl: 'https://www.tiktok.com',
  hosts: ['tiktok.com', 'www.tiktok.com', 'm.tiktok.com'],
  listingOrder: 'time',
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/@${encodeURIComponent(handle)}`,
  readySelector:
    '[data-e2e="user-post-item"], [data-e2e="user-post-item-list"], [data-e2e="login-modal"], [data-e2e="user-page-empty"], [data-e2e="user-private-tip"], [data-e2e="video-detail"], [data-e2e="video-unavailable"], .captcha_verify_container',
  postsSelector: '[data-e2e="user-post-item"]',
  postSelector: (post, onPostPage) =>
    onPostPage ? '[data-e2e="video-detail"]' : `[data-e2e="user-post-item"]:has(a[href$="/${post.externalId}"])`,
  parseProfile: parseTiktokProfile,
  parsePost: parseTiktokPost,
  isFeedRequest: (url) => TIKTOK_FEED.test(url),
  parseFeed: parseTiktokFeed,
};
