import type { RawPost } from '../../../domain/raw-post.ts';

/**
 * TikTok Research API responses (developers.tiktok.com/doc/research-api-specs-query-videos,
 * -query-video-comments, -query-user-info): `{ data, error: { code, message, log_id } }`. Pure.
 */

export interface TikTokVideo {
  id: number | string;
  username?: string;
  create_time?: number;
  video_description?: string;
  voice_to_text?: string;
  region_code?: string;
  comment_count?: number;
  like_count?: number;
  share_count?: number;
  view_count?: number;
  hashtag_names?: string[];
}

export interface TikTokComment {
  id: number | string;
  video_id?: number | string;
  text?: string;
  create_time?: number;
  like_count?: number;
  reply_count?: number;
  parent_comment_id?: number | string;
}

/** The API's error object; `code: "ok"` is success. */
export interface TikTokError {
  code: string;
  message: string;
  log_id?: string;
}

function errorOf(json: unknown): TikTokError {
  const e = (json as { error?: Partial<TikTokError> } | null)?.error;
  return { code: String(e?.code ?? 'missing_error_object'), message: String(e?.message ?? ''), ...(e?.log_id ? { log_id: e.log_id } : {}) };
}

/** `POST /v2/research/video/query/`: one page. */
export function parseVideoPage(json: unknown): {
  videos: TikTokVideo[];
  cursor: number | null;
  hasMore: boolean;
  searchId: string | null;
  error: TikTokError;
} {
  const d = (json as { data?: { videos?: TikTokVideo[]; cursor?: number; has_more?: boolean; search_id?: string } } | null)?.data;
  return {
    videos: Array.isArray(d?.videos) ? d.videos : [],
    cursor: typeof d?.cursor === 'number' ? d.cursor : null,
    hasMore: Boolean(d?.has_more),
    searchId: d?.search_id ? String(d.search_id) : null,
    error: errorOf(json),
  };
}

/** `POST /v2/research/video/comment/list/`: one page. */
export function parseCommentPage(json: unknown): {
  comments: TikTokComment[];
  cursor: number | null;
  hasMore: boolean;
  error: TikTokError;
} {
  const d = (json as { data?: { comments?: TikTokComment[]; cursor?: number; has_more?: boolean } } | null)?.data;
  return {
    comments: Array.isArray(d?.comments) ? d.comments : [],
    cursor: typeof d?.cursor === 'number' ? d.cursor : null,
    hasMore: Boolean(d?.has_more),
    error: errorOf(json),
  };
}

/** `POST /v2/research/user/info/`. */
export function parseUserInfo(json: unknown): {
  user: { isPrivate: boolean; videoCount: number | null; displayName: string | null } | null;
  error: TikTokError;
} {
  const d = (json as { data?: { is_private?: boolean; video_count?: number; display_name?: string } } | null)?.data;
  const error = errorOf(json);
  if (!d || Object.keys(d).length === 0) return { user: null, error };
  return {
    user: {
      isPrivate: Boolean(d.is_private),
      videoCount: typeof d.video_count === 'number' ? d.video_count : null,
      displayName: d.display_name ?? null,
    },
    error,
  };
}

/**
 * A video as a post: its description is the account's words (the spoken words, `voice_to_text`,
 * stay in the raw record). Ids are kept as strings: TikTok ids exceed 2^53.
 */
export function videoToPost(v: TikTokVideo, handle: string, postUrlBase: string): RawPost {
  const id = String(v.id);
  return {
    platform: 'tiktok',
    externalId: id,
    handle,
    url: `${postUrlBase.replace(/\/$/, '')}/@${handle}/video/${id}`,
    kind: 'video',
    text: (v.video_description ?? '').replace(/\u0000/g, '\uFFFD'),
    postedAt: typeof v.create_time === 'number' ? new Date(v.create_time * 1000) : null,
    raw: { via: 'tiktok-research', ...v, id },
  };
}

/**
 * TikTok ids are 64-bit: as JSON numbers above 2^53 `JSON.parse` would change their last digits.
 * Quote them in the body before parsing, so they stay exactly as sent.
 */
export function quoteBigIds(body: string): string {
  return body.replace(/("(?:id|video_id|parent_comment_id)"\s*:\s*)(-?\d{16,})/g, '$1"$2"');
}
