import { describe, expect, it } from 'vitest';
import type { CampaignAccount } from '../../../src/db/schema.ts';
import { detectEngagements, mentionedHandles, type EngagementPost } from '../../../src/classify/engagement-detect.ts';

const ca = (id: number, handle: string, platform = 'x'): CampaignAccount =>
  ({
    id,
    handle,
    platform,
    contest: 'pilkada-x-2024',
    owner_kind: 'pair',
    owner_name: 'A - B',
    profile_url: `https://x.com/${handle}`,
  }) as CampaignAccount;
const index = new Map([
  ['x:pair_ab', [ca(1, 'pair_ab')]],
  ['x:tim_ab', [ca(2, 'tim_ab')]],
  ['instagram:pair.ab', [ca(3, 'pair.ab', 'instagram')]],
]);
const post = (o: Partial<EngagementPost>): EngagementPost => ({
  postId: 1,
  accountId: 1,
  personId: 1,
  platform: 'x',
  url: null,
  text: '',
  postedAt: null,
  collectedAt: new Date(),
  source: 'file',
  shared: null,
  replyTo: null,
  ...o,
});
const partisan = { flags: ['partisan' as const], scores: { partisan: 0.8, hate: 0, abusive: 0, hoax: 0, money_politics: 0 } };
const neutral = { flags: [], scores: { partisan: 0.1, hate: 0, abusive: 0, hoax: 0, money_politics: 0 } };

describe('engagement detection', () => {
  it('a repost and a quote of a campaign account post, with the post as captured', () => {
    const shared = {
      kind: 'repost' as const,
      externalId: '9',
      url: 'https://x.com/pair_ab/status/9',
      authorHandle: 'pair_ab',
      text: 'Ayo coblos',
    };
    expect(detectEngagements(post({ shared }), index, neutral)).toEqual([
      {
        kind: 'repost',
        campaign: index.get('x:pair_ab')![0],
        targetExternalId: '9',
        targetUrl: shared.url,
        targetAuthorHandle: 'pair_ab',
        targetText: 'Ayo coblos',
        detail: { ownWords: false },
      },
    ]);
    expect(detectEngagements(post({ text: 'Setuju', shared: { ...shared, kind: 'quote' } }), index, neutral)[0]).toMatchObject({
      kind: 'quote',
      detail: { ownWords: true },
    });
  });

  it('a reply to a campaign account, but not a repost of anyone else', () => {
    expect(detectEngagements(post({ replyTo: { externalId: '8', authorHandle: 'tim_ab', url: null } }), index, neutral)).toMatchObject([
      { kind: 'reply', targetExternalId: '8', targetAuthorHandle: 'tim_ab' },
    ]);
    const other = { kind: 'repost' as const, externalId: '5', url: null, authorHandle: 'berita_kota', text: 'x' };
    expect(detectEngagements(post({ shared: other }), index, partisan)).toEqual([]);
  });

  it('a mention is an engagement only in a post the classifier reads as partisan (support), once per action', () => {
    expect(detectEngagements(post({ text: 'Pilih nomor 1! @Pair_AB' }), index, partisan)).toMatchObject([
      { kind: 'mention', targetAuthorHandle: 'pair_ab', detail: { partisanScore: 0.8 } },
    ]);
    expect(detectEngagements(post({ text: 'Jalan rusak, tolong @pair_ab' }), index, neutral)).toEqual([]);
    expect(detectEngagements(post({ text: '@pair_ab mantap' }), index, null)).toEqual([]);
    // A quote that also mentions the quoted account is one quote, not a quote and a mention.
    const shared = { kind: 'quote' as const, externalId: '9', url: null, authorHandle: 'pair_ab', text: 'Ayo' };
    expect(detectEngagements(post({ text: '@pair_ab gas', shared }), index, partisan).map((e) => e.kind)).toEqual(['quote']);
  });

  it('matches handles on the same platform only, and reads @mentions with dots but not e-mail addresses', () => {
    expect(detectEngagements(post({ platform: 'instagram', text: 'dukung @pair.ab' }), index, partisan)).toHaveLength(1);
    expect(detectEngagements(post({ platform: 'facebook', text: 'dukung @pair_ab' }), index, partisan)).toEqual([]);
    expect(mentionedHandles('mail budi@pair_ab.id, cc @Tim_AB. dan @pair.ab')).toEqual(['tim_ab', 'pair.ab']);
  });
});
