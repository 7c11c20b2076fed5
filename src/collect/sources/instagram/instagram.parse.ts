import type { HTMLElement } from 'node-html-parser';
import { statePage, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, isoDate, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * Instagram public pages: HTML in, posts out. The logged-out profile is a grid of
 * `/p/<shortcode>/` links whose image `alt` carries the caption; the grid shows no dates, but
 * a shortcode is the media id in base 64, and a media id's top bits are milliseconds since
 * Instagram's epoch (2011-08-24), so the posting time is read from the shortcode.
 */

const SHORTCODE = /\/p\/([A-Za-z0-9_-]{5,40})\//;
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

function state(root: HTMLElement, pageUrl: string, onPostPage: boolean): ParsedPage | null {
  if (/\/accounts\/login\//.test(new URL(pageUrl).pathname) || root.querySelector('form#loginForm')) return statePage('login_wall');
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

/** A profile grid. */
export function parseInstagramProfile(html: string, pageUrl: string, handle: string): ParsedPage {
  const root = parseHtml(html);
  const links = root.querySelectorAll('main a[href*="/p/"]');
  if (links.length === 0) {
    const s = state(root, pageUrl, false);
    if (s) return s;
  }
  const posts: ParsedPost[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const a of links) {
    const m = SHORTCODE.exec(a.getAttribute('href') ?? '');
    if (!m) {
      skipped.push(`unreadable post link ${a.getAttribute('href')}`);
      continue;
    }
    if (seen.has(m[1]!)) continue;
    seen.add(m[1]!);
    const img = a.querySelector('img');
    const tile = a.parentNode;
    const pinned = Boolean(tile?.querySelectorAll('svg[aria-label]').some((s) => /sematkan|pinned/i.test(s.getAttribute('aria-label') ?? '')));
    posts.push({
      platform: 'instagram',
      externalId: m[1]!,
      handle: handle.toLowerCase(),
      url: absoluteUrl(a.getAttribute('href'), pageUrl),
      kind: 'photo',
      text: img?.getAttribute('alt') ?? '',
      postedAt: shortcodeTime(m[1]!),
      pinned,
      raw: { via: 'web', pageUrl, html: outerHtml(tile ?? a), pinned },
    });
  }
  return {
    state: 'ok',
    posts,
    more: posts.length > 0 ? { kind: 'scroll' } : null,
    loadFailed: Boolean(root.querySelector('[data-testid="feed-error"]')),
    // The header states how many posts there are: a count with no grid means the grid changed.
    recognised: Boolean(root.querySelector('main header h2')) && !(headerCount(root) > 0 && links.length === 0),
    containers: seen.size + skipped.length,
    skipped,
  };
}

/** A post page (`/p/<shortcode>/`): the caption is the `h1`, the author the header link. */
export function parseInstagramPost(html: string, pageUrl: string): ParsedPage {
  const root = parseHtml(html);
  const article = root.querySelector('main article');
  if (!article) return state(root, pageUrl, true) ?? { ...statePage('removed'), recognised: false };
  const code = SHORTCODE.exec(new URL(pageUrl).pathname)?.[1] ?? SHORTCODE.exec(article.querySelector('a[href*="/p/"]')?.getAttribute('href') ?? '')?.[1];
  const authorHref = article.querySelector('header a[href]')?.getAttribute('href') ?? '';
  const author = authorHref.split('/').filter(Boolean).pop()?.toLowerCase();
  if (!code || !author) return { state: 'ok', posts: [], more: null, loadFailed: false, recognised: false, containers: 1, skipped: ['no shortcode or author on the post page'] };
  const caption = article.querySelector('h1');
  const time = article.querySelector('time[datetime]');
  return {
    state: 'ok',
    posts: [
      {
        platform: 'instagram',
        externalId: code,
        handle: author,
        url: absoluteUrl(article.querySelector(`a[href$="/p/${code}/"]`)?.getAttribute('href'), pageUrl) ?? pageUrl.split('?')[0]!,
        kind: 'photo',
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
