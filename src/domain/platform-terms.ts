import type { Platform } from './platforms.ts';

/**
 * The terms that govern posts collected from each platform: netra collects public posts logged
 * out or through a platform's research API (README, "Collecting posts"); whoever receives them
 * is bound by the same terms. Named in every research release's datasheet (by name, not link:
 * a release holds no platform URLs).
 */
export const PLATFORM_TERMS: Record<Platform, string> = {
  x: "X Terms of Service; posts collected through the X API also fall under X's Developer Agreement and Policy",
  instagram: "Instagram Terms of Use; through the Meta Content Library, Meta's terms of access for approved researchers",
  facebook: "Meta (Facebook) Terms of Service; through the Meta Content Library, Meta's terms of access for approved researchers",
  tiktok: 'TikTok Terms of Service; through the TikTok Research API, its Research API Terms of Service',
};
