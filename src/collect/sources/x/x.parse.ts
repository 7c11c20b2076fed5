import type { HTMLElement } from 'node-html-parser';
import { statePage, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, isoDate, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * X (formerly Twitter) public pages: HTML in, posts out. Every selector X-specific lives here.
 * X marks its own UI with `data-testid`: posts are `article[data-testid="tweet"]`, the text is
 * `[data-testid="tweetText"]`, the permalink is the `/status/<id>` link around a `<time>`.
 */

const STATUS = /\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})(?:[/?#]|$)/;
const PINNED = /disematkan|pinned/i;
const REPOSTED = /memposting ulang|reposted|retweeted/i;

function state(root: HTMLElement, pageUrl: string, onPostPage: boolean): ParsedPage | null {
  if (/\/i\/flow\/login/.test(new URL(pageUrl).pathname) || root.querySelector('[data-testid="sheetDialog"] a[href*="/i/flow/login"]')) return statePage('login_wall');
  if (hasText(root, '[data-testid="empty_state_header_text"]', /dilindungi|protected/i)) return statePage('private');
  if (hasText(root, '[data-testid="empty_state_header_text"]', /tidak ada|doesn.t exist|ditangguhkan|suspended/i)) return statePage('not_found');
  if (root.querySelector('[data-testid="error-detail"]')) return statePage(onPostPage ? 'removed' : 'not_found');
  return null;
}

function parseArticle(a: HTMLElement, pageUrl: string, profileHandle: string | null): ParsedPost | string {
  const link = a.querySelectorAll('a[href*="/status/"]').find((l) => l.querySelector('time'));
  const m = link ? STATUS.exec(link.getAttribute('href') ?? '') : null;
  if (!link || !m) return 'no /status/ link with a <time>';
  const author = m[1]!.toLowerCase();
  const id = m[2]!;
  const postedAt = isoDate(link.querySelector('time')?.getAttribute('datetime'));
  const textEl = a.querySelector('[data-testid="tweetText"]');
  const social = a.querySelector('[data-testid="socialContext"]')?.text ?? '';
  const pinned = PINNED.test(social);
  const repost = REPOSTED.test(social);
  const handle = profileHandle ?? author;
  if (!repost && profileHandle && author !== profileHandle) return `post by @${author} on @${profileHandle}'s page`;
  return {
    platform: 'x',
    // A repost has no id of its own on the web page: key it by who reposted what.
    externalId: repost ? `rt:${handle}:${id}` : id,
    handle,
    url: absoluteUrl(link.getAttribute('href'), pageUrl),
    kind: repost ? 'share' : 'post',
    // A photo-only post has no text element: its text is empty, not missing.
    text: textEl ? visibleText(textEl) : '',
    postedAt,
    pinned,
    raw: { via: 'web', pageUrl, html: outerHtml(a), pinned, ...(repost ? { repostOf: { handle: author, id } } : {}) },
  };
}

function parsePage(html: string, pageUrl: string, profileHandle: string | null): ParsedPage {
  const root = parseHtml(html);
  const articles = root.querySelectorAll('article[data-testid="tweet"]');
  if (articles.length === 0) {
    const s = state(root, pageUrl, profileHandle === null);
    if (s) return s;
  }
  const posts: ParsedPost[] = [];
  const skipped: string[] = [];
  // On a post's own page the main post is the focused article (tabindex -1); replies follow it.
  const list = profileHandle === null ? articles.filter((a) => a.getAttribute('tabindex') === '-1').slice(0, 1) : articles;
  for (const a of list.length > 0 ? list : articles.slice(0, 1)) {
    const r = parseArticle(a, pageUrl, profileHandle);
    if (typeof r === 'string') skipped.push(r);
    else posts.push(r);
  }
  // A timeline region with content but no articles in it means the article markup changed.
  const region = root.querySelector('[data-testid="primaryColumn"] section[role="region"]');
  const recognised =
    profileHandle === null
      ? articles.length > 0
      : Boolean(root.querySelector('[data-testid="primaryColumn"] [data-testid="UserName"]')) && (articles.length > 0 || !region?.querySelector('[data-testid="cellInnerDiv"], article'));
  return {
    state: 'ok',
    posts,
    more: profileHandle !== null && articles.length > 0 ? { kind: 'scroll' } : null,
    loadFailed: Boolean(root.querySelector('[data-testid="timeline-error"]')),
    recognised,
    containers: list.length > 0 ? list.length : Math.min(articles.length, 1),
    skipped,
  };
}

/** A profile's posts tab. Reposts become `share` posts of the profile's owner. */
export function parseXProfile(html: string, pageUrl: string, handle: string): ParsedPage {
  return parsePage(html, pageUrl, handle.toLowerCase());
}

/** A single post's page (`/<handle>/status/<id>`). */
export function parseXPost(html: string, pageUrl: string): ParsedPage {
  return parsePage(html, pageUrl, null);
}

/** The article holding a post, for its screenshot. */
export function xPostSelector(externalId: string): string {
  const id = externalId.startsWith('rt:') ? externalId.slice(externalId.lastIndexOf(':') + 1) : externalId;
  return `article[data-testid="tweet"]:has(a[href$="/status/${id}"])`;
}
