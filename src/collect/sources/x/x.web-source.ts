import type { WebAdapter } from '../../web/web-adapter.ts';
import { parseXPost, parseXProfile, xPostSelector } from './x.parse.ts';

/**
 * X's public web pages. The profile timeline grows by infinite scroll; the generic web source
 * (src/collect/web/web.source.ts) does the browsing, this file says where and what to wait for.
 */
export const adapter: WebAdapter = {
  platform: 'x',
  defaultBaseUrl: 'https://x.com',
  hosts: ['x.com', 'www.x.com', 'mobile.x.com', 'twitter.com', 'www.twitter.com', 'mobile.twitter.com'],
  profileUrl: (base, handle) => `${base.replace(/\/$/, '')}/${encodeURIComponent(handle)}`,
  readySelector: 'article[data-testid="tweet"], [data-testid="primaryColumn"] [data-testid="UserName"], [data-testid="emptyState"], [data-testid="sheetDialog"], [data-testid="error-detail"]',
  postsSelector: 'article[data-testid="tweet"]',
  postSelector: (id, onPostPage) => (onPostPage ? 'article[data-testid="tweet"][tabindex="-1"]' : xPostSelector(id)),
  parseProfile: parseXProfile,
  parsePost: parseXPost,
};
