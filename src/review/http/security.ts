import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Content-Security-Policy of every response: scripts and styles only from this site's files
 * (no inline script or style, no eval), images from here or data: URIs (the SVG charts are
 * inline markup, the screenshots are served by the app), no framing, forms post only here.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'self'",
  "font-src 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

export const SECURITY_HEADERS: Record<string, string> = {
  'Content-Security-Policy': CSP,
  'X-Content-Type-Options': 'nosniff',
  'X-Frame-Options': 'DENY',
  // same-origin, not no-referrer: with no-referrer Chromium sends `Origin: null` on form posts.
  'Referrer-Policy': 'same-origin',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Permissions-Policy': 'camera=(), microphone=(), geolocation=()',
};

/** Strict-Transport-Security, sent only on answers that went out over HTTPS: a year, subdomains included. */
export const HSTS = 'max-age=31536000; includeSubDomains';

export function randomToken(): string {
  return randomBytes(32).toString('base64url');
}

/** Constant-time string comparison (false when either side is missing). */
export function tokensEqual(a: string | undefined, b: string | undefined): boolean {
  if (!a || !b) return false;
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}
