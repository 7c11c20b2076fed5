import type { PostKind, SharedPost } from '../../../domain/raw-post.ts';
import { barrierOfStatus, type FeedChunk, type FeedResponse, type ParsedPost } from '../../web/web-adapter.ts';
import { at, capRaw, findAll, jsonObjects, jsonScripts, obj, str } from '../../web/json-data.ts';

/**
 * Facebook's web data for a profile timeline. Pure. The first posts ship in the page inside a
 * `<script type="application/json" data-sjs>` (a `RelayPrefetchedStreamCache` result); older
 * posts come from `POST /api/graphql/` (`ProfileCometTimelineFeedRefetchQuery`), whose body is
 * JSON objects, one per line, behind `for (;;);` on errors. Posts are `Story` nodes in
 * `timeline_list_feed_units.edges`: `post_id`; the words at
 * `comet_sections.content.story.comet_sections.message.story.message.text`; time and URL at
 * `...context_layout.story.comet_sections.metadata[].story.{creation_time,url}`; a share's shared
 * post at `...content.story.attached_story`. Error 1357001 means "not logged in".
 */

export const FACEBOOK_FEED = /\/api\/graphql\/?(?:\?|$)/;

type J = Record<string, unknown>;

/** The profile handle in a post URL (`/<handle>/posts/<id>`), lowercase. */
const handleOfUrl = (url: string | undefined) => (url ? /\/([A-Za-z0-9._]{1,64})\/posts\//.exec(url)?.[1]?.toLowerCase() : undefined);

function storyParts(s: J): { id?: string; text: string; url?: string; createdAt: Date | null; name?: string; photo: boolean } {
  const meta = (at(s, 'comet_sections', 'context_layout', 'story', 'comet_sections', 'metadata') as unknown[] | undefined)
    ?.map((m) => obj(at(m, 'story')))
    .find((m) => m?.['creation_time'] !== undefined);
  const created = Number(meta?.['creation_time']);
  const text =
    str(at(s, 'comet_sections', 'message', 'story', 'message', 'text')) ??
    str(at(s, 'comet_sections', 'message_container', 'story', 'message', 'text')) ??
    str(at(s, 'message', 'text')) ??
    '';
  const attachments = s['attachments'];
  const url = str(meta?.['url']) ?? str(s['wwwURL']);
  const name = str(at(s, 'actors', 0, 'name'));
  const id = str(s['post_id']);
  return {
    text: text.replace(/\u0000/g, '\uFFFD'),
    createdAt: Number.isFinite(created) && created > 0 ? new Date(created * 1000) : null,
    photo: Array.isArray(attachments) && attachments.some((a) => str(at(a, 'styles', 'attachment', 'media', '__typename')) === 'Photo'),
    ...(id ? { id } : {}),
    ...(url ? { url } : {}),
    ...(name ? { name } : {}),
  };
}

/** One feed unit (a `Story`) as the profile owner's post, or why it is not one. */
export function storyToPost(node: J, handle: string, pageUrl: string): ParsedPost | string {
  const content = obj(at(node, 'comet_sections', 'content', 'story')) ?? node;
  const p = storyParts(content);
  const id = str(node['post_id']) ?? p.id;
  if (!id) return 'story without a post_id';
  const owner = handleOfUrl(p.url);
  if (owner && owner !== handle) return `post by ${owner} on ${handle}'s timeline`;
  const att = obj(content['attached_story']);
  let shared: SharedPost | undefined;
  if (att) {
    const a = storyParts(att);
    const by = handleOfUrl(a.url);
    shared = {
      kind: p.text ? 'quote' : 'repost',
      ...(a.id ? { externalId: a.id } : {}),
      ...(a.url ? { url: new URL(a.url, pageUrl).toString() } : {}),
      ...(by ? { authorHandle: by } : {}),
      ...(a.name ? { authorName: a.name } : {}),
      text: a.text,
    };
  }
  const kind: PostKind = shared ? 'share' : !p.text && p.photo ? 'photo' : 'post';
  return {
    platform: 'facebook',
    externalId: id,
    handle,
    url: p.url ? new URL(p.url, pageUrl).toString() : null,
    kind,
    text: p.text,
    postedAt: p.createdAt,
    pinned: false,
    ...(shared ? { shared } : {}),
    raw: { via: 'web-json', pageUrl, endpoint: 'graphql', story: capRaw(node) },
  };
}

function chunkOf(roots: unknown[], handle: string, pageUrl: string): FeedChunk | null {
  const units = roots
    .flatMap((r) => findAll(r, 'timeline_list_feed_units', 4))
    .map(obj)
    .filter((u): u is J => Boolean(u));
  if (units.length === 0) return null;
  const h = handle.toLowerCase();
  const posts: ParsedPost[] = [];
  let end = false;
  for (const u of units) {
    for (const e of (u['edges'] as unknown[] | undefined) ?? []) {
      const n = obj(at(e, 'node'));
      const p = n ? storyToPost(n, h, pageUrl) : 'edge without a node';
      if (typeof p !== 'string') posts.push(p);
    }
    if (at(u, 'page_info', 'has_next_page') === false) end = true;
  }
  return { posts, end, recognised: units.every((u) => Array.isArray(u['edges'])) };
}

/** A `/api/graphql/` response; null when it answers another query. */
export function parseFacebookFeed(res: FeedResponse, pageUrl: string, handle: string): FeedChunk | null {
  const byStatus = barrierOfStatus(res.status, 'the timeline request');
  if (byStatus) return { posts: [], end: false, barrier: byStatus, recognised: true };
  const objs = jsonObjects(res.body);
  const err = objs.map((o) => Number(obj(o)?.['error'])).find((n) => Number.isFinite(n) && n > 0);
  if (err === 1357001 || err === 1357004)
    return {
      posts: [],
      end: false,
      barrier: { kind: 'login_wall', detail: `Facebook answered the timeline request "not logged in" (error ${err})` },
      recognised: true,
    };
  if (err)
    return {
      posts: [],
      end: false,
      barrier: { kind: 'blocked', detail: `Facebook answered the timeline request with error ${err}` },
      recognised: true,
    };
  return chunkOf(objs, handle, pageUrl);
}

/** The first posts, shipped in the page's `data-sjs` JSON. */
export function parseFacebookEmbedded(html: string, pageUrl: string, handle: string): FeedChunk | null {
  return chunkOf(jsonScripts(html, /data-sjs/), handle, pageUrl);
}

/** A single post page's embedded Story, if there is one. */
export function facebookPostFromPage(html: string, pageUrl: string): ParsedPost | null {
  for (const root of jsonScripts(html, /data-sjs/)) {
    for (const node of findAll(root, 'node', 10).map(obj)) {
      if (node?.['__typename'] !== 'Story') continue;
      const p = storyToPost(node, handleOfUrl(str(at(node, 'comet_sections', 'content', 'story', 'wwwURL'))) ?? '', pageUrl);
      if (typeof p !== 'string') return p;
    }
  }
  return null;
}
