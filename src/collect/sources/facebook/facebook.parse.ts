import { HTMLElement } from 'node-html-parser';
import { statePage, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * Facebook public pages: HTML in, posts out. Posts are `role="article"` blocks; the permalink
 * (`/<handle>/posts/<id>`) wraps an `abbr[data-utime]` with the Unix time; the text is the
 * `data-ad-preview="message"` block. Older posts come from a "Lihat postingan lainnya"
 * (See more posts) button.
 */

const PERMALINK = /\/([A-Za-z0-9._]{1,64})\/posts\/([A-Za-z0-9]{1,80})(?:[/?#]|$)/;
export const FACEBOOK_MORE_BUTTON = '[role="button"][aria-label="Lihat postingan lainnya"], [role="button"][aria-label="See more posts"]';

function state(root: HTMLElement, onPostPage: boolean): ParsedPage | null {
  if (root.querySelector('form#login_form')) return statePage('login_wall');
  if (root.querySelector('[data-pagelet="ContentUnavailable"]') || hasText(root, 'h2', /konten ini tidak tersedia|content isn.t available/i))
    return statePage(onPostPage ? 'removed' : 'not_found');
  if (root.querySelector('[data-pagelet="ProfileLockedNotice"]') || hasText(root, 'h2', /mengunci profilnya|locked (his|her|their) profile/i)) return statePage('private');
  return null;
}

function parseArticle(a: HTMLElement, pageUrl: string, profileHandle: string | null): ParsedPost | string {
  const link = a.querySelectorAll('a[href*="/posts/"]').find((l) => l.querySelector('abbr[data-utime]'));
  const m = link ? PERMALINK.exec(link.getAttribute('href') ?? '') : null;
  if (!link || !m) return 'no /posts/ permalink with a time';
  const author = m[1]!.toLowerCase();
  if (profileHandle && author !== profileHandle) return `post by ${author} on ${profileHandle}'s page`;
  const utime = Number(link.querySelector('abbr[data-utime]')?.getAttribute('data-utime'));
  const message = a.querySelector('[data-ad-preview="message"]');
  return {
    platform: 'facebook',
    externalId: m[2]!,
    handle: author,
    url: absoluteUrl(link.getAttribute('href'), pageUrl),
    kind: 'post',
    text: message ? visibleText(message) : '',
    postedAt: Number.isFinite(utime) && utime > 0 ? new Date(utime * 1000) : null,
    pinned: false,
    raw: { via: 'web', pageUrl, html: outerHtml(a) },
  };
}

function timelineShape(timeline: HTMLElement | null, articles: number): boolean {
  return timeline !== null && (articles > 0 || timeline.childNodes.every((n) => !(n instanceof HTMLElement)));
}

function parsePage(html: string, pageUrl: string, profileHandle: string | null): ParsedPage {
  const root = parseHtml(html);
  const articles = root.querySelectorAll('[role="main"] [role="article"]');
  if (articles.length === 0) {
    const s = state(root, profileHandle === null);
    if (s) return s;
  }
  const posts: ParsedPost[] = [];
  const skipped: string[] = [];
  for (const a of profileHandle === null ? articles.slice(0, 1) : articles) {
    const r = parseArticle(a, pageUrl, profileHandle);
    if (typeof r === 'string') skipped.push(r);
    else posts.push(r);
  }
  const button = root.querySelector(FACEBOOK_MORE_BUTTON);
  return {
    state: 'ok',
    posts,
    more: profileHandle !== null && button && button.getAttribute('aria-busy') !== 'true' ? { kind: 'click', selector: FACEBOOK_MORE_BUTTON } : null,
    loadFailed: root.querySelectorAll('[role="alert"]').some((e) => /tidak dapat memuat|couldn.t load/i.test(e.text)),
    // A timeline with content but no articles in it means the article markup changed.
    recognised: profileHandle === null ? articles.length > 0 : timelineShape(root.querySelector('[data-pagelet="ProfileTimeline"]'), articles.length),
    containers: profileHandle === null ? Math.min(1, articles.length) : articles.length,
    skipped,
  };
}

export function parseFacebookProfile(html: string, pageUrl: string, handle: string): ParsedPage {
  return parsePage(html, pageUrl, handle.toLowerCase());
}

export function parseFacebookPost(html: string, pageUrl: string): ParsedPage {
  return parsePage(html, pageUrl, null);
}
