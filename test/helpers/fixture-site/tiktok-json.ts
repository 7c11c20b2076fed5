import { fnv, popularity, type FixtureAccount, type FixturePost } from './fixture-data.ts';

/**
 * TikTok's web JSON: the profile page's `<script id="__UNIVERSAL_DATA_FOR_REHYDRATION__">`
 * (`__DEFAULT_SCOPE__["webapp.user-detail"]` with `userInfo.user` and `statusCode`) and the
 * `/api/post/item_list/` responses the page fetches (`itemList`, `cursor`, `hasMore`,
 * `statusCode`). Shapes follow davidteather/TikTok-Api (TikTokApi/api/user.py, video.py); see
 * test/fixtures/sites/tiktok/README.md.
 */

export const ttSecUid = (handle: string) => `MS4wLjABAAAA${handle}`;
export const ttUserId = (handle: string) => String(6_800_000_000_000_000_000n + BigInt(fnv(`tt:${handle}`)));

export function ttItem(a: FixtureAccount, p: FixturePost): Record<string, unknown> {
  const likes = popularity(p);
  const author = { id: ttUserId(a.handle), uniqueId: a.handle, nickname: a.name, secUid: ttSecUid(a.handle), privateAccount: false };
  const photo = p.media === 'photo';
  const hashtags = [...p.text.matchAll(/#(\w+)/g)].map((m) => ({
    hashtagName: m[1]!,
    type: 1,
    start: m.index!,
    end: m.index! + m[0].length,
  }));
  return {
    id: p.id,
    desc: p.text,
    createTime: Math.floor(p.postedAt.getTime() / 1000),
    isPinnedItem: Boolean(p.pinned),
    author,
    authorStats: { followerCount: 2310, videoCount: 0 },
    stats: { playCount: likes * 31, diggCount: likes, commentCount: likes % 50, shareCount: likes % 9, collectCount: likes % 13 },
    statsV2: { playCount: String(likes * 31), diggCount: String(likes), commentCount: String(likes % 50), shareCount: String(likes % 9) },
    video: photo
      ? { duration: 0 }
      : { id: p.id, duration: 15 + (fnv(p.id) % 45), ratio: '720p', cover: `https://p16-sign.tiktokcdn.com/${p.id}.jpeg`, playAddr: '' },
    ...(photo
      ? {
          imagePost: {
            images: [1, 2, 3].map((n) => ({
              imageURL: { urlList: [`https://p16-sign.tiktokcdn.com/${p.id}-${n}.jpeg`] },
              imageWidth: 1080,
              imageHeight: 1440,
            })),
            title: '',
          },
        }
      : {}),
    contents: [{ desc: p.text, textExtra: hashtags }],
    textExtra: hashtags,
    challenges: hashtags.map((h) => ({ id: String(fnv(h.hashtagName)), title: h.hashtagName })),
    music: { id: String(fnv(`m:${p.id}`)), title: `suara asli - ${a.handle}`, authorName: a.name },
    isAd: false,
    privateItem: false,
    duetEnabled: true,
    stitchEnabled: true,
  };
}

/** The page's embedded state: who the account is (the items come from item_list). */
export function ttRehydration(a: FixtureAccount | undefined, handle: string, o: { private?: boolean } = {}): unknown {
  const detail = a
    ? {
        userInfo: {
          user: {
            id: ttUserId(a.handle),
            uniqueId: a.handle,
            nickname: a.name,
            secUid: ttSecUid(a.handle),
            privateAccount: Boolean(o.private),
            signature: 'ASN. Akun pribadi.',
            verified: false,
          },
          stats: { followerCount: 2310, followingCount: 87, heartCount: 15200, videoCount: a.posts.length, diggCount: 0 },
        },
        statusCode: 0,
        statusMsg: '',
      }
    : { statusCode: 10221, statusMsg: 'user not exist' };
  return {
    __DEFAULT_SCOPE__: { 'webapp.app-context': { language: 'id-ID', region: 'ID', user: {} }, 'webapp.user-detail': detail },
    __REQUEST_UNIQUE_ID__: handle,
  };
}

export function ttItemListResponse(a: FixtureAccount, page: readonly FixturePost[], o: { cursor: string; hasMore: boolean }): unknown {
  return {
    cursor: o.cursor,
    extra: { fatal_item_ids: [], logid: `fixture${fnv(o.cursor)}`, now: Date.now() },
    hasMore: o.hasMore,
    hasMorePrevious: false,
    itemList: page.map((p) => ttItem(a, p)),
    log_pb: { impr_id: `fixture${fnv(a.handle)}` },
    statusCode: 0,
    status_code: 0,
    status_msg: '',
  };
}
