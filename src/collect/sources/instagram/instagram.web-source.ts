import type { WebAdapter } from '../../web/web-adapter.ts';
import { IG_FEED, parseInstagramFeed } from './instagram.json.ts';
import { parseInstagramPost, parseInstagramProfile } from './instagram.parse.ts';

/**
 * Instagram's public web pages: the grid grows by infinite scroll; its posts (captions, reels,
 * pinned posts) come from the GraphQL responses the page fetches (instagram.json.ts).
 */
export const adapter: WebAdapter = {
  platform: 'instagram',
  defaultBaseUrl: 'https://www.instagram.com',
  hosts: ['instagram.com', 'www.instagram.com'],
  listingOrder: 'time',
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}/`,
  readySelector: 'main a[href*="/p/"], main a[href*="/reel/"], main header h2, form#loginForm, main h2, #challenge',
  postsSelector: 'main a[href*="/p/"], main a[href*="/reel/"]',
  postSelector: (post, onPostPage) => (onPostPage ? 'main article' : `main div:has(> a[href$="/${post.externalId}/"])`),
  parseProfile: parseInstagramProfile,
  parsePost: parseInstagramPost,
  isFeedRequest: (url) => IG_FEED.test(url),
  parseFeed: parseInstagramFeed,
};
