import type { PostKind } from '../../../domain/raw-post.ts';
import { barrierOfStatus, type FeedChunk, type FeedResponse, type ParsedPost } from '../../web/web-adapter.ts';
import { at, capRaw, obj, siteBase, str, tryJson } from '../../web/json-data.ts';

/**
 * Instagram's web GraphQL: the profile page asks `/api/graphql` (`PolarisProfilePostsQuery`,
 * then `PolarisProfilePostsTabContentQuery_connection` for older posts) and gets
 * `data.xdt_api__v1__feed__user_timeline_graphql_connection` with `edges[].node` media and a
 * `page_info`. Older clients get `data.user.edge_owner_to_timeline_media` (web_profile_info and
 * `/graphql/query`). Pure. The post's text is the caption (`caption.text`, or
 * `edge_media_to_caption`), never `accessibility_caption`, the automatic image description.
 */

export const IG_FEED = /\/(api\/graphql|graphql\/query)\/?(?:\?|$)|\/api\/v1\/users\/web_profile_info\//;

type J = Record<string, unknown>;

/** A media node of either shape as the profile owner's post, or why it is not one. */
export function mediaToPost(n: J, handle: string, pageUrl: string): ParsedPost | string {
  const code = str(n['code']) ?? str(n['shortcode']);
  if (!code) return 'media without a shortcode';
  const owner = (str(at(n, 'user', 'username')) ?? str(at(n, 'owner', 'username')))?.toLowerCase();
  if (owner && owner !== handle) return `post by @${owner} on @${handle}'s grid`;
  const reel = str(n['product_type']) === 'clips';
  const video = reel || n['media_type'] === 2 || n['is_video'] === true;
  const caption = str(at(n, 'caption', 'text')) ?? str(at(n, 'edge_media_to_caption', 'edges', 0, 'node', 'text')) ?? '';
  const taken = Number(n['taken_at'] ?? n['taken_at_timestamp']);
  const pinned = [n['timeline_pinned_user_ids'], n['pinned_for_users']].some((v) => Array.isArray(v) && v.length > 0);
  const kind: PostKind = video ? 'video' : 'photo';
  return {
    platform: 'instagram',
    externalId: code,
    handle,
    url: `${siteBase(pageUrl)}/${reel ? 'reel' : 'p'}/${code}/`,
    kind,
    text: caption.replace(/\u0000/g, '\uFFFD'),
    postedAt: Number.isFinite(taken) && taken > 0 ? new Date(taken * 1000) : null,
    pinned,
    raw: { via: 'web-json', pageUrl, endpoint: 'graphql', media: capRaw(n) },
  };
}

/** What a refusal body says (`require_login`, `checkpoint_required`), if it is one. */
function refusal(j: J | undefined, status: number): FeedChunk['barrier'] {
  if (!j) return null;
  const msg = str(j['message']) ?? '';
  if (j['checkpoint_url'] || /checkpoint|challenge/i.test(msg))
    return { kind: 'challenge', detail: `Instagram asked for a security check ("${msg}")` };
  if (j['require_login'] === true || /login_required/i.test(msg))
    return { kind: 'login_wall', detail: `Instagram asked to log in (HTTP ${status}: "${msg}")` };
  if (str(j['status']) === 'fail')
    return { kind: status === 429 ? 'rate_limited' : 'blocked', detail: `Instagram refused the feed request (HTTP ${status}: "${msg}")` };
  return null;
}

/** One feed response; null when it is another GraphQL answer the page asked for. */
export function parseInstagramFeed(res: FeedResponse, pageUrl: string, handle: string): FeedChunk | null {
  const j = obj(tryJson(res.body));
  const refused = refusal(j, res.status) ?? barrierOfStatus(res.status, 'the feed request');
  if (refused) return { posts: [], end: false, barrier: refused, recognised: true };
  const conn =
    obj(at(j, 'data', 'xdt_api__v1__feed__user_timeline_graphql_connection')) ?? obj(at(j, 'data', 'user', 'edge_owner_to_timeline_media'));
  if (!conn) return null;
  const edges = conn['edges'];
  if (!Array.isArray(edges)) return { posts: [], end: false, recognised: false };
  const h = handle.toLowerCase();
  const posts: ParsedPost[] = [];
  for (const e of edges) {
    const n = obj(at(e, 'node'));
    const p = n ? mediaToPost(n, h, pageUrl) : 'edge without a node';
    if (typeof p !== 'string') posts.push(p);
  }
  return { posts, end: at(conn, 'page_info', 'has_next_page') === false, recognised: true };
}
