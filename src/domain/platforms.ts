/** Platforms netra knows how to name and link. Collection adapters live in `src/collect/sources/`. */
export const PLATFORMS = ['x', 'instagram', 'facebook', 'tiktok'] as const;
export type Platform = (typeof PLATFORMS)[number];

export function isPlatform(v: unknown): v is Platform {
  return typeof v === 'string' && (PLATFORMS as readonly string[]).includes(v);
}

const PROFILE_URL: Record<Platform, (h: string) => string> = {
  x: (h) => `https://x.com/${h}`,
  instagram: (h) => `https://www.instagram.com/${h}/`,
  facebook: (h) => `https://www.facebook.com/${h}`,
  tiktok: (h) => `https://www.tiktok.com/@${h}`,
};

/** The public profile URL of a handle. */
export function profileUrl(platform: Platform, handle: string): string {
  return PROFILE_URL[platform](handle);
}

/** Handles are stored lowercase without a leading `@`. */
export function normaliseHandle(handle: string): string {
  return handle.trim().replace(/^@/, '').toLowerCase();
}

/** A plausible handle: letters, digits, `_` and `.` (Facebook/Instagram allow dots), 1-64 chars. */
export const HANDLE_PATTERN = /^[a-z0-9_.]{1,64}$/;
