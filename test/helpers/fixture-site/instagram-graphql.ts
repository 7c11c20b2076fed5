import { fnv, popularity, type FixtureAccount, type FixturePost } from './fixture-data.ts';

/**
 * Instagram's web GraphQL as the profile page receives it: `PolarisProfilePostsQuery` (first
 * page) and `PolarisProfilePostsTabContentQuery_connection` (older pages), both answering
 * `data.xdt_api__v1__feed__user_timeline_graphql_connection` with `edges[].node` media and a
 * `page_info`. A node's caption is `caption.text`; `accessibility_caption` is the automatic image
 * description the grid puts in the tile's `alt` (never the caption). Reels are `media_type` 2
 * with `product_type` "clips". See test/fixtures/sites/instagram/README.md for the sources.
 */

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** The media id (`pk`) a shortcode encodes. */
export function shortcodePk(code: string): string {
  let id = 0n;
  for (const ch of code) id = id * 64n + BigInt(ALPHABET.indexOf(ch));
  return id.toString();
}

export const igUserPk = (handle: string) => String(5_000_000_000 + (fnv(`ig:${handle}`) % 900_000_000));

/** The automatic image description Instagram writes, shown as the grid tile's `alt`. */
export function igAlt(a: FixtureAccount, p: FixturePost): string {
  return p.alt ?? `Foto oleh ${a.name} pada ${p.postedAt.toISOString().slice(0, 10)}. Mungkin gambar 2 orang dan teks.`;
}

const MEDIA_TYPE = { photo: 1, video: 2, reel: 2, carousel: 8 } as const;

export function igNode(a: FixtureAccount, p: FixturePost): Record<string, unknown> {
  const pk = shortcodePk(p.id);
  const userPk = igUserPk(a.handle);
  const media = p.media ?? 'photo';
  const likes = popularity(p);
  const user = {
    pk: userPk,
    id: userPk,
    username: a.handle,
    full_name: a.name,
    is_private: false,
    is_verified: false,
    profile_pic_url: 'https://scontent.cdninstagram.com/v/p.jpg',
  };
  return {
    __typename: 'XDTMediaDict',
    id: `${pk}_${userPk}`,
    pk,
    code: p.id,
    taken_at: Math.floor(p.postedAt.getTime() / 1000),
    media_type: MEDIA_TYPE[media],
    product_type: media === 'reel' ? 'clips' : media === 'carousel' ? 'carousel_container' : 'feed',
    caption: p.text
      ? { pk: String(BigInt(pk) + 1n), text: p.text, created_at: Math.floor(p.postedAt.getTime() / 1000), has_translation: null }
      : null,
    caption_is_edited: false,
    accessibility_caption: igAlt(a, p),
    user,
    owner: user,
    timeline_pinned_user_ids: p.pinned ? [userPk] : [],
    like_count: likes,
    comment_count: likes % 40,
    ...(media === 'reel' || media === 'video'
      ? {
          play_count: likes * 20,
          video_versions: [{ type: 101, width: 720, height: 1280, url: `https://scontent.cdninstagram.com/v/${p.id}.mp4` }],
        }
      : {}),
    ...(media === 'carousel' ? { carousel_media_count: 3 } : {}),
    image_versions2: { candidates: [{ width: 1080, height: 1080, url: `https://scontent.cdninstagram.com/v/${p.id}.jpg` }] },
    original_width: 1080,
    original_height: media === 'reel' ? 1920 : 1080,
  };
}

/** One page of the profile's posts. */
export function igTimelineResponse(a: FixtureAccount, page: readonly FixturePost[], o: { endCursor: string | null }): unknown {
  return {
    data: {
      xdt_api__v1__feed__user_timeline_graphql_connection: {
        edges: page.map((p) => ({ node: igNode(a, p), cursor: `${shortcodePk(p.id)}_${igUserPk(a.handle)}` })),
        page_info: { end_cursor: o.endCursor, has_next_page: o.endCursor !== null, has_previous_page: false, start_cursor: null },
      },
    },
    extensions: { is_final: true },
    status: 'ok',
  };
}

/** What Instagram answers a logged-out visitor it wants to log in (HTTP 401). */
export const IG_LOGIN_REQUIRED = { message: 'Harap tunggu beberapa menit sebelum mencoba lagi.', require_login: true, status: 'fail' };
/** What Instagram answers when it wants a human check (HTTP 400). */
export const IG_CHECKPOINT = {
  message: 'checkpoint_required',
  checkpoint_url: '/challenge/?next=/api/graphql',
  lock: false,
  flow_render_type: 0,
  status: 'fail',
};
