import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseFacebookPost, parseFacebookProfile } from './facebook.parse.ts';

/** Facebook's public profile pages: older posts come from a "See more posts" button. */
export const adapter: WebAdapter = {
  platform: 'facebook',
  defaultBaseUrl: 'https://www.facebook.com',
  hosts: ['facebook.com', 'www.facebook.com', 'm.facebook.com', 'web.facebook.com'],
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}`,
  readySelector: '[role="article"], form#login_form, [data-pagelet="ContentUnavailable"], [data-pagelet="ProfileLockedNotice"], [data-pagelet="ProfileTimeline"]',
  postsSelector: '[role="main"] [role="article"]',
  postSelector: (id, onPostPage) => (onPostPage ? '[role="main"] [role="article"]' : `[role="article"]:has(a[href*="/posts/${id}"])`),
  parseProfile: parseFacebookProfile,
  parsePost: parseFacebookPost,
};
