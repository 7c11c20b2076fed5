import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseInstagramPost, parseInstagramProfile } from './instagram.parse.ts';

/** Instagram's public web pages: the profile grid grows by infinite scroll. */
export const adapter: WebAdapter = {
  platform: 'instagram',
  defaultBaseUrl: 'https://www.instagram.com',
  hosts: ['instagram.com', 'www.instagram.com'],
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}/`,
  readySelector: 'main a[href*="/p/"], main header h2, form#loginForm, main h2',
  postsSelector: 'main a[href*="/p/"]',
  postSelector: (code, onPostPage) => (onPostPage ? 'main article' : `main div:has(> a[href$="/p/${code}/"])`),
  parseProfile: parseInstagramProfile,
  parsePost: parseInstagramPost,
};
