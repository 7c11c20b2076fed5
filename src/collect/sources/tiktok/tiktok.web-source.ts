import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseTiktokPost, parseTiktokProfile } from './tiktok.parse.ts';

/** TikTok's public profile pages: a grid drawn in the browser, grown by infinite scroll. */
export const adapter: WebAdapter = {
  platform: 'tiktok',
  defaultBaseUrl: 'https://www.tiktok.com',
  hosts: ['tiktok.com', 'www.tiktok.com', 'm.tiktok.com'],
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/@${encodeURIComponent(handle)}`,
  readySelector: '[data-e2e="user-post-item"], [data-e2e="user-post-item-list"], [data-e2e="login-modal"], [data-e2e="user-page-empty"], [data-e2e="user-private-tip"], [data-e2e="video-detail"], [data-e2e="video-unavailable"]',
  postsSelector: '[data-e2e="user-post-item"]',
  postSelector: (id, onPostPage) => (onPostPage ? '[data-e2e="video-detail"]' : `[data-e2e="user-post-item"]:has(a[href$="/video/${id}"])`),
  parseProfile: parseTiktokProfile,
  parsePost: parseTiktokPost,
};
