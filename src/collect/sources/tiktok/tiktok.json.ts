import { barrierOfStatus, type FeedChunk, type FeedResponse, type ParsedPost } from '../../web/web-adapter.ts';
import { at, capRaw, obj, siteBase, str, tryJson } from '../../web/json-data.ts';

/**
 * TikTok's web JSON: `/api/post/item_list/` answers with `itemList` (the videos and photo posts,
 * `desc` being the caption), `cursor` and `hasMore`. An empty body with HTTP 200 is how TikTok
 * answers when it wants a human check (captcha) first: never "no videos". Pure.
 */

export const TIKTOK_FEED = /\/api\/post\/item_list\/?(?:\?|$)/;

type J = Record<string, unknown>;

export function itemToPost(it: J, handle: string, pageUrl: string): ParsedPost | string {
  const id = str(it['id']);
  if (!id) return 'item without an id';
  const owner = str(at(it, 'author', 'uniqueId'))?.toLowerCase();
  if (owner && owner !== handle) return `video by @${owner} on @${handle}'s grid`;
  const photo = Boolean(obj(it['imagePost']));
  const created = Number(it['createTime']);
  return {
    platform: 'tiktok',
    externalId: id,
    handle,
    url: `${siteBase(pageUrl)}/@${handle}/${photo ? 'photo' : 'video'}/${id}`,
    kind: photo ? 'photo' : 'video',
    text: (str(it['desc']) ?? '').replace(/\u0000/g, '\uFFFD'),
    postedAt: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : null,
    pinned: it['isPinnedItem'] === true,
    raw: { via: 'web-json', pageUrl, endpoint: 'item_list', item: capRaw(it) },
  };
}

export function parseTiktokFeed(res: FeedResponse, pageUrl: string, handle: string): FeedChunk {
  const byStatus = barrierOfStatus(res.status, 'item_list');
  if (byStatus) return { posts: [], end: false, barrier: byStatus, recognised: true };
  if (res.body.trim() === '')
    return {
      posts: [],
      end: false,
      barrier: { kind: 'challenge', detail: 'TikTok answered item_list with an empty body: it wants a human check (captcha) first' },
      recognised: true,
    };
  const j = obj(tryJson(res.body));
  if (!j) return { posts: [], end: false, recognised: false };
  const code = Number(j['statusCode'] ?? j['status_code'] ?? 0);
  if (code !== 0)
    return {
      posts: [],
      end: false,
      barrier: {
        kind: 'blocked',
        detail: `TikTok answered item_list with statusCode ${code} (${str(j['status_msg']) ?? str(j['statusMsg']) ?? 'no message'})`,
      },
      recognised: true,
    };
  const items = j['itemList'];
  const h = handle.toLowerCase();
  const posts: ParsedPost[] = [];
  for (const it of Array.isArray(items) ? items : []) {
    const p = obj(it) ? itemToPost(obj(it)!, h, pageUrl) : 'item is not an object';
    if (typeof p !== 'string') posts.push(p);
  }
  return { posts, end: j['hasMore'] === false, recognised: Array.isArray(items) || j['hasMore'] === false };
}
