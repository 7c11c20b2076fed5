import type { HTMLElement } from 'node-html-parser';
import { statePage, type Barrier, type ParsedPage } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, isoDate, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * Instagram public pages as drawn: HTML in, state out. The profile grid is a set of
 * `/p/<shortcode>/` and `/reel/<shortcode>/` tiles whose image `alt` is Instagram's automatic
 * image description, not the caption: the grid cannot give a post's words, so the profile's posts
 * are read from the feed JSON (instagram.json.ts) and the drawn grid only tells states, walls and
 * layout changes. A post's own page shows its caption (`h1`). A shortcode is the media id in
 * base 64, and a media id's top bits are milliseconds since Instagram's epoch (2011-08-24).
 */

const SHORTCODE = /\/(?:p|reel)\/([A-Za-z0-9_-]{5,40})\//;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const IG_EPOCH = 1314220021721n;

/** The posting time encoded in a shortcode, or null when it does not decode to a plausible time. */
export function shortcodeTime(code: string): Date | null {
  let id = 0n;
  for (const ch of code) {
    const v = ALPHABET.indexOf(ch);
    if (v < 0) return null;
    id = id * 64n + BigInt(v);
  }
  const ms = Number((id >> 23n) + IG_EPOCH);
  // Shortcodes of private posts are longer and carry other bits: refuse implausible times.
  return ms > Number(IG_EPOCH) && ms < Date.now() + 86_400_000 ? new Date(ms) : null;
}

/** A login dialog or a security check, over the grid or instead of it. */
export function instagramBarrier(root: HTMLElement, pageUrl: string): Barrier | null {
  const path = new URL(pageUrl).pathname;
  if (/\/accounts\/login\//.test(path) || root.querySelector('form#loginForm'))
    return { kind: 'login_wall', detail: 'Instagram showed a login dialog' };
  if (/\/challenge\//.test(path) || root.querySelector('#challenge, [data-testid="challenge"]'))
    return { kind: 'challenge', detail: 'Instagram asked for a security check' };
  return null;
}

function state(root: HTMLElement, pageUrl: string, onPostPage: boolean): ParsedPage | null {
  const b = instagramBarrier(root, pageUrl);
  if (b?.kind === 'login_wall' || b?.kind === 'challenge') return { ...statePage(b.kind), barrier: b };
  if (hasText(root, 'h2', /halaman ini tidak tersedia|page isn.t available/i)) return statePage(onPostPage ? 'removed' : 'not_found');
  if (hasText(root, 'h2', /akun ini bersifat pribadi|account is private/i)) return statePage('private');
  return null;
}

/** The post count in the profile header ("46 postingan" / "46 posts"), or 0. */
function headerCount(root: HTMLElement): number {
  for (const li of root.querySelectorAll('main header li')) {
    const m = /^\s*([\d.,]+)\s*(postingan|posts?)\b/i.exec(li.text);
    if (m) return Number(m[1]!.replace(/[.,]/g, ''));
  }
  return 0;
}

/**
 * A profile grid: states and walls, and the tiles counted. Tiles yield no posts: their `alt` is
 * an image description, and storing it as the post's words would be a lie.
 */
export function parseInstagramProfile(html: string, pageUrl: string, _handle: string): ParsedPage {
  const root = parseHtml(html);
  const links = root.querySelectorAll('main a[href*="/p/"], main a[href*="/reel/"]');
  if (links.length === 0) {
    const s = state(root, pageUrl, false);
    if (s) return s;
  }
  const codes = new Set(links.map((a) => SHORTCODE.exec(a.getAttribute('href') ?? '')?.[1]).filter(Boolean));
  return {
    state: 'ok',
    posts: [],
    more: codes.size > 0 ? { kind: 'scroll' } : null,
    loadFailed: Boolean(root.querySelector('[data-testid="feed-error"]')),
    // The header states how many posts there are: a count with no grid means the grid changed.
    recognised: Boolean(root.querySelector('main header h2')) && !(headerCount(root) > 0 && links.length === 0),
    containers: codes.size,
    skipped:
      codes.size > 0
        ? ['the grid shows no captions (only image descriptions): Instagram posts are read from the feed JSON, which was not seen']
        : [],
    barrier: instagramBarrier(root, pageUrl),
  };
}

/** A post page (`/p/<shortcode>/`, `/reel/<shortcode>/`): the caption is the `h1`, the author the header link. */
export function parseInstagramPost(html: string, pageUrl: string): ParsedPage {
  const root = parseHtml(html);
  const article = root.querySelector('main article');
  if (!article) return state(root, pageUrl, true) ?? { ...statePage('removed'), recognised: false };
  const code =
    SHORTCODE.exec(new URL(pageUrl).pathname)?.[1] ??
    SHORTCODE.exec(article.querySelector('a[href*="/p/"]')?.getAttribute('href') ?? '')?.[1];
  const authorHref = article.querySelector('header a[href]')?.getAttribute('href') ?? '';
  const author = authorHref.split('/').filter(Boolean).pop()?.toLowerCase();
  if (!code || !author)
    return {
      state: 'ok',
      posts: [],
      more: null,
      loadFailed: false,
      recognised: false,
      containers: 1,
      skipped: ['no shortcode or author on the post page'],
    };
  const caption = article.querySelector('h1');
  const time = article.querySelector('time[datetime]');
  return {
    state: 'ok',
    posts: [
      {
        platform: 'instagram',
        externalId: code,
        handle: author,
        url: absoluteUrl(article.querySelector(`a[href$="/${code}/"]`)?.getAttribute('href'), pageUrl) ?? pageUrl.split('?')[0]!,
        kind: /\/reel\//.test(pageUrl) ? 'video' : 'photo',
        text: caption ? visibleText(caption) : '',
        postedAt: isoDate(time?.getAttribute('datetime')) ?? shortcodeTime(code),
        pinned: false,
        raw: { via: 'web', pageUrl, html: outerHtml(article) },
      },
    ],
    more: null,
    loadFailed: false,
    recognised: true,
    containers: 1,
    skipped: [],
  };
}
