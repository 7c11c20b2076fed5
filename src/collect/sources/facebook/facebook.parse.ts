import type { HTMLElement } from 'node-html-parser';
import type { PostKind, SharedPost } from '../../../domain/raw-post.ts';
import { statePage, type Barrier, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';
import { facebookPostFromPage } from './facebook.json.ts';

/**
 * Facebook public pages as drawn: HTML in, posts out (the fallback when the timeline JSON,
 * facebook.json.ts, is not seen). Posts are `role="article"` blocks; the permalink is the first
 * `/<handle>/posts/<id>` link, labelled with a date but carrying no exact time (the drawn page
 * gives no posting time); the words are the `data-ad-rendering-role="story_message"` block. A
 * shared post sits inside the article with its own name, permalink and words.
 */

const PERMALINK = /\/([A-Za-z0-9._]{1,64})\/posts\/([A-Za-z0-9]{1,80})(?:[/?#]|$)/;

/** A login dialog or a security check, over the timeline or instead of it. */
export function facebookBarrier(root: HTMLElement, pageUrl: string): Barrier | null {
  if (root.querySelector('form#login_form')) return { kind: 'login_wall', detail: 'Facebook showed a login dialog' };
  if (/\/checkpoint\//.test(new URL(pageUrl).pathname) || root.querySelector('#checkpoint_form'))
    return { kind: 'challenge', detail: 'Facebook asked for a security check' };
  return null;
}

function state(root: HTMLElement, pageUrl: string, onPostPage: boolean): ParsedPage | null {
  const b = facebookBarrier(root, pageUrl);
  if (b?.kind === 'login_wall' || b?.kind === 'challenge') return { ...statePage(b.kind), barrier: b };
  if (
    root.querySelector('[data-pagelet="ContentUnavailable"]') ||
    hasText(root, 'h2', /konten ini tidak tersedia|content isn.t available/i)
  )
    return statePage(onPostPage ? 'removed' : 'not_found');
  if (
    root.querySelector('[data-pagelet="ProfileLockedNotice"]') ||
    hasText(root, 'h2', /mengunci profilnya|locked (his|her|their) profile/i)
  )
    return statePage('private');
  return null;
}

const inside = (el: HTMLElement, box: HTMLElement | undefined) => {
  if (!box) return false;
  for (let n: HTMLElement | null = el; n; n = n.parentNode) if (n === box) return true;
  return false;
};

function parseArticle(a: HTMLElement, pageUrl: string, profileHandle: string | null): ParsedPost | string {
  const links = a.querySelectorAll('a[href*="/posts/"]').filter((l) => PERMALINK.test(l.getAttribute('href') ?? ''));
  const link = links[0];
  const m = link ? PERMALINK.exec(link.getAttribute('href') ?? '') : null;
  if (!link || !m) return 'no /posts/ permalink';
  const author = m[1]!.toLowerCase();
  if (profileHandle && author !== profileHandle) return `post by ${author} on ${profileHandle}'s page`;
  // A shared post: the box around the second permalink that does not hold the first.
  const second = links.find((l) => PERMALINK.exec(l.getAttribute('href') ?? '')?.[2] !== m[2]);
  let box: HTMLElement | undefined;
  for (let n = second?.parentNode ?? null; n && n !== a; n = n.parentNode) {
    if (inside(link, n)) break;
    box = n;
  }
  const message = a.querySelectorAll('[data-ad-rendering-role="story_message"], [data-ad-preview="message"]').find((e) => !inside(e, box));
  const text = message ? visibleText(message) : '';
  let shared: SharedPost | undefined;
  if (second && box) {
    const s = PERMALINK.exec(second.getAttribute('href') ?? '')!;
    const words = box.querySelector('[data-ad-rendering-role="story_message"], [data-ad-preview="message"]');
    const name = box.querySelector('h2 a, [data-ad-rendering-role="profile_name"] a')?.text;
    const url = absoluteUrl(second.getAttribute('href'), pageUrl);
    shared = {
      kind: text ? 'quote' : 'repost',
      externalId: s[2]!,
      ...(url ? { url } : {}),
      authorHandle: s[1]!.toLowerCase(),
      ...(name ? { authorName: name } : {}),
      text: words ? visibleText(words) : '',
    };
  }
  const photo = a.querySelectorAll('[role="img"], img').some((e) => !inside(e, box));
  const kind: PostKind = shared ? 'share' : !text && photo ? 'photo' : 'post';
  return {
    platform: 'facebook',
    externalId: m[2]!,
    handle: author,
    url: absoluteUrl(link.getAttribute('href'), pageUrl),
    kind,
    text,
    // The drawn page labels a date ("3 Februari pukul 09.15") but gives no exact time.
    postedAt: null,
    pinned: false,
    ...(shared ? { shared } : {}),
    raw: { via: 'web', pageUrl, html: outerHtml(a) },
  };
}

function timelineShape(timeline: HTMLElement | null, articles: number): boolean {
  return timeline !== null && (articles > 0 || timeline.childNodes.every((n) => !(n as HTMLElement).rawTagName));
}

function parsePage(html: string, pageUrl: string, profileHandle: string | null): ParsedPage {
  const root = parseHtml(html);
  const articles = root.querySelectorAll('[role="main"] [role="article"]');
  if (articles.length === 0) {
    const s = state(root, pageUrl, profileHandle === null);
    if (s) return s;
  }
  const posts: ParsedPost[] = [];
  const skipped: string[] = [];
  for (const a of profileHandle === null ? articles.slice(0, 1) : articles) {
    const r = parseArticle(a, pageUrl, profileHandle);
    if (typeof r === 'string') skipped.push(r);
    else posts.push(r);
  }
  return {
    state: 'ok',
    posts,
    more: profileHandle !== null && articles.length > 0 ? { kind: 'scroll' } : null,
    loadFailed: root.querySelectorAll('[role="alert"]').some((e) => /tidak dapat memuat|couldn.t load/i.test(e.text)),
    // A timeline with content but no articles in it means the article markup changed.
    recognised:
      profileHandle === null ? articles.length > 0 : timelineShape(root.querySelector('[data-pagelet="ProfileTimeline"]'), articles.length),
    containers: profileHandle === null ? Math.min(1, articles.length) : articles.length,
    skipped,
    barrier: facebookBarrier(root, pageUrl),
  };
}

export function parseFacebookProfile(html: string, pageUrl: string, handle: string): ParsedPage {
  return parsePage(html, pageUrl, handle.toLowerCase());
}

/** A post page: its embedded Story when there is one (it has the exact time), else the drawn article. */
export function parseFacebookPost(html: string, pageUrl: string): ParsedPage {
  const page = parsePage(html, pageUrl, null);
  if (page.state !== 'ok') return page;
  const fromJson = facebookPostFromPage(html, pageUrl);
  return fromJson ? { ...page, posts: [fromJson], recognised: true, containers: 1 } : page;
}
