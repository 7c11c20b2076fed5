import type { HTMLElement } from 'node-html-parser';
import { statePage, type Barrier, type ParsedPage, type ParsedPost } from '../../web/web-adapter.ts';
import { absoluteUrl, hasText, outerHtml, parseHtml, visibleText } from '../../web/html-text.ts';

/**
 * TikTok public pages as drawn: HTML in, posts out (the fallback when the item_list JSON,
 * tiktok.json.ts, is not seen). Cards are `[data-e2e="user-post-item"]` with a
 * `/@<handle>/video/<id>` (or `/photo/<id>`) link and the caption in
 * `[data-e2e="user-post-item-desc"]`. The grid shows no dates: a video id's top 32 bits are its
 * upload time in Unix seconds. A captcha (`.captcha_verify_container`) or a login modal can cover
 * the page at any point.
 */

const VIDEO = /\/@([A-Za-z0-9_.]{1,64})\/(?:video|photo)\/(\d{5,25})(?:[/?#]|$)/;

/** A captcha or a login modal over the page. */
export function tiktokBarrier(root: HTMLElement): Barrier | null {
  if (root.querySelector('.captcha_verify_container, #captcha_container, .secsdk-captcha-drag-icon, #captcha-verify-image'))
    return { kind: 'challenge', detail: 'TikTok showed a captcha ("verify to continue")' };
  if (root.querySelector('[data-e2e="login-modal"]')) return { kind: 'login_wall', detail: 'TikTok showed a login dialog' };
  return null;
}

/** Upload time from a TikTok video id. */
export function videoIdTime(id: string): Date | null {
  try {
    const s = Number(BigInt(id) >> 32n);
    return s > 1_400_000_000 && s < Date.now() / 1000 + 86_400 ? new Date(s * 1000) : null;
  } catch {
    return null;
  }
}

function state(root: HTMLElement, onPostPage: boolean): ParsedPage | null {
  const b = tiktokBarrier(root);
  if (b) return { ...statePage(b.kind as 'challenge' | 'login_wall'), barrier: b };
  if (root.querySelector('[data-e2e="video-unavailable"]')) return statePage('removed');
  if (root.querySelector('[data-e2e="user-page-empty"]') || hasText(root, 'p', /tidak dapat menemukan akun|couldn.t find this account/i))
    return statePage(onPostPage ? 'removed' : 'not_found');
  if (root.querySelector('[data-e2e="user-private-tip"]') || hasText(root, 'p', /akun ini bersifat pribadi|this account is private/i))
    return statePage('private');
  return null;
}

export function parseTiktokProfile(html: string, pageUrl: string, handle: string): ParsedPage {
  const root = parseHtml(html);
  const cards = root.querySelectorAll('[data-e2e="user-post-item"]');
  if (cards.length === 0) {
    const s = state(root, false);
    if (s) return s;
  }
  const posts: ParsedPost[] = [];
  const skipped: string[] = [];
  const h = handle.toLowerCase();
  for (const c of cards) {
    const link = c.querySelector('a[href*="/video/"], a[href*="/photo/"]');
    const m = VIDEO.exec(link?.getAttribute('href') ?? '');
    if (!link || !m) {
      skipped.push('card without a /video/ link');
      continue;
    }
    if (m[1]!.toLowerCase() !== h) {
      skipped.push(`video by @${m[1]} on @${h}'s page`);
      continue;
    }
    const desc = c.querySelector('[data-e2e="user-post-item-desc"]');
    const pinned = /disematkan|pinned/i.test(c.querySelector('[data-e2e="video-card-badge"]')?.text ?? '');
    posts.push({
      platform: 'tiktok',
      externalId: m[2]!,
      handle: h,
      url: absoluteUrl(link.getAttribute('href'), pageUrl),
      kind: /\/photo\//.test(link.getAttribute('href') ?? '') ? 'photo' : 'video',
      text: desc ? visibleText(desc) : (c.querySelector('img')?.getAttribute('alt') ?? ''),
      postedAt: videoIdTime(m[2]!),
      pinned,
      raw: { via: 'web', pageUrl, html: outerHtml(c), pinned },
    });
  }
  return {
    state: 'ok',
    posts,
    more: cards.length > 0 ? { kind: 'scroll' } : null,
    loadFailed: Boolean(root.querySelector('[data-e2e="load-error"]')),
    recognised: Boolean(root.querySelector('[data-e2e="user-page"] [data-e2e="user-title"]')),
    containers: cards.length,
    skipped,
    barrier: tiktokBarrier(root),
  };
}

export function parseTiktokPost(html: string, pageUrl: string): ParsedPage {
  const root = parseHtml(html);
  const detail = root.querySelector('[data-e2e="video-detail"]');
  if (!detail) return state(root, true) ?? { ...statePage('removed'), recognised: false };
  const id = /\/video\/(\d+)/.exec(new URL(pageUrl).pathname)?.[1] ?? /^video-(\d+)$/.exec(detail.getAttribute('id') ?? '')?.[1];
  const author = detail.querySelector('[data-e2e="browse-username"]')?.text.trim().toLowerCase();
  if (!id || !author)
    return {
      state: 'ok',
      posts: [],
      more: null,
      loadFailed: false,
      recognised: false,
      containers: 1,
      skipped: ['no video id or author on the video page'],
    };
  const desc = detail.querySelector('[data-e2e="browse-video-desc"]');
  return {
    state: 'ok',
    posts: [
      {
        platform: 'tiktok',
        externalId: id,
        handle: author,
        url: pageUrl.split('?')[0]!,
        kind: 'video',
        text: desc ? visibleText(desc) : '',
        postedAt: videoIdTime(id),
        pinned: false,
        raw: { via: 'web', pageUrl, html: outerHtml(detail) },
      },
    ],
    more: null,
    loadFailed: false,
    recognised: true,
    containers: 1,
    skipped: [],
  };
}
