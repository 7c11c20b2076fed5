import type { HTMLElement } from 'node-html-parser';
import type { PostKind, SharedPost } from '../../../domain/raw-post.ts';
import { statePage, type Barrier, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, isoDate, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * X (formerly Twitter) public pages as drawn: HTML in, posts out. The fallback when the
 * timeline JSON (x.json.ts) is not seen, and the reader of single post pages. X marks its own UI
 * with `data-testid`: posts are `article[data-testid="tweet"]`, the text is
 * `[data-testid="tweetText"]`, the permalink is the `/status/<id>` link around a `<time>`. A
 * quoted post is a clickable box (`div[role="link"]`) inside the article, with its own name,
 * time and text and no permalink.
 */

const STATUS = /\/([A-Za-z0-9_]{1,15})\/status\/(\d{1,25})(?:[/?#]|$)/;
const PINNED = /disematkan|pinned/i;
const REPOSTED = /memposting ulang|reposted|retweeted/i;

/** A dialog, check or warning over the page: looked for on every page, posts or not. */
export function xBarrier(root: HTMLElement, pageUrl: string): Barrier | null {
  if (/\/i\/flow\/login/.test(new URL(pageUrl).pathname) || root.querySelector('[data-testid="sheetDialog"] a[href*="/i/flow/login"]'))
    return { kind: 'login_wall', detail: 'X showed a login dialog' };
  if (root.querySelector('#arkose_iframe, iframe[src*="arkoselabs"]'))
    return { kind: 'challenge', detail: 'X asked for a human check (Arkose challenge)' };
  if (hasText(root, '[data-testid="empty_state_header_text"]', /sensitif|sensitive/i))
    return { kind: 'interstitial', detail: 'X put a "sensitive content" warning in front of the profile' };
  return null;
}

function state(root: HTMLElement, pageUrl: string, onPostPage: boolean): ParsedPage | null {
  const b = xBarrier(root, pageUrl);
  if (b && (b.kind === 'login_wall' || b.kind === 'challenge' || b.kind === 'interstitial')) return { ...statePage(b.kind), barrier: b };
  if (hasText(root, '[data-testid="empty_state_header_text"]', /dilindungi|protected/i)) return statePage('private');
  if (hasText(root, '[data-testid="empty_state_header_text"]', /tidak ada|doesn.t exist|ditangguhkan|suspended/i))
    return statePage('not_found');
  if (root.querySelector('[data-testid="error-detail"]')) return statePage(onPostPage ? 'removed' : 'not_found');
  return null;
}

/** Inside the article but not inside its quoted-post box. */
const own = (el: HTMLElement, article: HTMLElement) => {
  for (let n = el.parentNode; n && n !== article; n = n.parentNode)
    if (n.getAttribute?.('role') === 'link' && n.rawTagName?.toLowerCase() === 'div') return false;
  return true;
};

function quotedBox(a: HTMLElement, pageUrl: string): SharedPost | undefined {
  const box = a.querySelectorAll('div[role="link"]').find((d) => d.querySelector('[data-testid="User-Name"]'));
  if (!box) return undefined;
  const href = box.querySelector('[data-testid="User-Name"] a[href]')?.getAttribute('href') ?? '';
  const handle = href.split('/').filter(Boolean).pop()?.toLowerCase();
  const name = box.querySelector('[data-testid="User-Name"] a span')?.text;
  const text = box.querySelector('[data-testid="tweetText"]');
  const link = box
    .querySelectorAll('a[href*="/status/"]')
    .map((l) => STATUS.exec(l.getAttribute('href') ?? ''))
    .find(Boolean);
  return {
    kind: 'quote',
    ...(link ? { externalId: link[2]!, url: absoluteUrl(link[0], pageUrl) ?? undefined } : {}),
    ...(handle ? { authorHandle: handle } : {}),
    ...(name ? { authorName: name } : {}),
    text: text ? visibleText(text) : '',
  };
}

function parseArticle(a: HTMLElement, pageUrl: string, profileHandle: string | null): ParsedPost | string {
  const link = a.querySelectorAll('a[href*="/status/"]').find((l) => l.querySelector('time') && own(l, a));
  const m = link ? STATUS.exec(link.getAttribute('href') ?? '') : null;
  if (!link || !m) return 'no /status/ link with a <time>';
  const author = m[1]!.toLowerCase();
  const id = m[2]!;
  const postedAt = isoDate(link.querySelector('time')?.getAttribute('datetime'));
  const textEl = a.querySelectorAll('[data-testid="tweetText"]').find((t) => own(t, a));
  const social = a.querySelector('[data-testid="socialContext"]')?.text ?? '';
  const pinned = PINNED.test(social);
  const repost = REPOSTED.test(social);
  const handle = profileHandle ?? author;
  if (!repost && profileHandle && author !== profileHandle) return `post by @${author} on @${profileHandle}'s page`;
  const url = absoluteUrl(link.getAttribute('href'), pageUrl);
  // A photo-only post has no text element: its text is empty, not missing.
  const words = textEl ? visibleText(textEl) : '';
  const name = a.querySelector('[data-testid="User-Name"] a span')?.text;
  const shared: SharedPost | undefined = repost
    ? { kind: 'repost', externalId: id, ...(url ? { url } : {}), authorHandle: author, ...(name ? { authorName: name } : {}), text: words }
    : quotedBox(a, pageUrl);
  const media = a.querySelectorAll('[data-testid="tweetPhoto"], [data-testid="videoPlayer"]').find((e) => own(e, a));
  const replyBox = a
    .querySelectorAll('div')
    .find((d) => own(d, a) && /^(Membalas|Replying to)\s/.test(d.text.trim()) && d.querySelector('a[href]'));
  const reply = replyBox !== undefined;
  // "Replying to @handle": the page names the replied-to account, not its post.
  const replyAuthor = /\/([A-Za-z0-9_]{1,15})\/?$/.exec(replyBox?.querySelector('a[href]')?.getAttribute('href') ?? '')?.[1]?.toLowerCase();
  const text = repost ? '' : words;
  const kind: PostKind = shared
    ? 'share'
    : reply
      ? 'reply'
      : !text && media
        ? media.getAttribute('data-testid') === 'videoPlayer'
          ? 'video'
          : 'photo'
        : 'post';
  return {
    platform: 'x',
    // On the drawn page a repost shows no id of its own: key it by who reposted what.
    externalId: repost ? `rt:${handle}:${id}` : id,
    handle,
    url,
    kind,
    text,
    postedAt,
    pinned,
    ...(shared ? { shared } : {}),
    ...(reply && !shared && replyAuthor ? { replyTo: { authorHandle: replyAuthor } } : {}),
    raw: { via: 'web', pageUrl, html: outerHtml(a), pinned },
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
      : Boolean(root.querySelector('[data-testid="primaryColumn"] [data-testid="UserName"]')) &&
        (articles.length > 0 || !region?.querySelector('[data-testid="cellInnerDiv"], article'));
  // Posts by others on the profile (a replied-to post shown above a reply) are not containers of its posts.
  const others = skipped.filter((s) => s.startsWith('post by @')).length;
  return {
    state: 'ok',
    posts,
    more: profileHandle !== null && articles.length > 0 ? { kind: 'scroll' } : null,
    loadFailed: Boolean(root.querySelector('[data-testid="timeline-error"]')),
    recognised,
    containers: (list.length > 0 ? list.length : Math.min(articles.length, 1)) - others,
    skipped: skipped.filter((s) => !s.startsWith('post by @')),
    barrier: xBarrier(root, pageUrl),
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

/** The article holding a post, for its screenshot: found by the id its URL shows (an edited post shows a new id). */
export function xPostSelector(post: { externalId: string; url: string | null }): string {
  const fromUrl = post.url ? STATUS.exec(post.url)?.[2] : undefined;
  const id = fromUrl ?? (post.externalId.startsWith('rt:') ? post.externalId.slice(post.externalId.lastIndexOf(':') + 1) : post.externalId);
  return `article[data-testid="tweet"]:has(a[href$="/status/${id}"])`;
}
