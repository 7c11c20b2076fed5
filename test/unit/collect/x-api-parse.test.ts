import { describe, expect, it } from 'vitest';
import { parseTimelinePage, parseUserLookup, parseUsersBy, unescapeApiText } from '../../../src/collect/sources/x-api/x-api.parse.ts';

describe('X API v2 parsing', () => {
  it('reads a user, and the documented problems', () => {
    expect(parseUserLookup({ data: { id: '2244994945', name: 'X Dev', username: 'XDevelopers', protected: false } }).user).toEqual({
      id: '2244994945',
      name: 'X Dev',
      username: 'xdevelopers',
      protected: false,
    });
    expect(
      parseUserLookup({ errors: [{ type: 'https://api.twitter.com/2/problems/resource-not-found', detail: 'Could not find user' }] })
        .problem,
    ).toEqual({ kind: 'not_found', detail: 'Could not find user' });
    expect(
      parseUserLookup({ errors: [{ type: 'https://api.twitter.com/2/problems/resource-unavailable', title: 'Forbidden' }] }).problem?.kind,
    ).toBe('suspended');
    expect(parseUserLookup({}).problem?.kind).toBe('other');
  });

  it('turns a timeline page into posts: original id for edits, kinds, exact text, next token', () => {
    const page = parseTimelinePage(
      {
        data: [
          { id: '3', text: 'a &amp; b &lt;i&gt;', created_at: '2024-02-10T05:00:00.000Z', edit_history_tweet_ids: ['1', '3'] },
          { id: '4', text: 'RT @c: x', created_at: '2024-02-10T04:00:00.000Z', referenced_tweets: [{ type: 'retweeted', id: '2' }] },
          {
            id: '5',
            text: 'short…',
            note_tweet: { text: 'the full &amp; long text' },
            referenced_tweets: [{ type: 'replied_to', id: '9' }],
          },
        ],
        meta: { result_count: 3, next_token: 'abc' },
      },
      'budi',
      'https://x.com/',
    );
    expect(page.nextToken).toBe('abc');
    expect(page.posts.map((p) => [p.externalId, p.kind, p.text, p.url])).toEqual([
      ['1', 'post', 'a & b <i>', 'https://x.com/budi/status/3'],
      ['4', 'share', '', 'https://x.com/budi/status/4'],
      ['5', 'reply', 'the full & long text', 'https://x.com/budi/status/5'],
    ]);
    expect(page.posts[0]!.postedAt?.toISOString()).toBe('2024-02-10T05:00:00.000Z');
    expect(page.posts[2]!.postedAt).toBeNull();
    // A repost whose original is not expanded: author and text from "RT @c: ...", never the account's words.
    expect(page.posts[1]!.shared).toEqual({
      kind: 'repost',
      externalId: '2',
      authorHandle: 'c',
      url: 'https://x.com/c/status/2',
      text: 'x',
    });
    expect(page.reads).toBe(3);
  });

  it("keeps a quote's own words apart from the quoted post (issue 12: quote posts were misread)", () => {
    const quoted = 'https://x.com/kampanye/status/77';
    const page = parseTimelinePage(
      {
        data: [
          {
            id: '10',
            text: 'Setuju! https://t.co/q1',
            referenced_tweets: [{ type: 'quoted', id: '77' }],
            entities: { urls: [{ url: 'https://t.co/q1', expanded_url: quoted }] },
          },
          {
            id: '11',
            text: 'https://t.co/m2 https://t.co/q2',
            referenced_tweets: [{ type: 'quoted', id: '77' }],
            attachments: { media_keys: ['3_11'] },
            entities: {
              urls: [
                { url: 'https://t.co/m2', expanded_url: 'https://x.com/budi/status/11/photo/1', media_key: '3_11' },
                { url: 'https://t.co/q2', expanded_url: quoted },
              ],
            },
          },
          { id: '12', text: 'RT @kampanye: Coblos 02 &amp; menang', referenced_tweets: [{ type: 'retweeted', id: '77' }] },
        ],
        includes: {
          tweets: [{ id: '77', text: 'Coblos 02 &amp; menang', author_id: '500' }],
          users: [{ id: '500', username: 'Kampanye', name: 'Akun Kampanye' }],
          media: [{ media_key: '3_11', type: 'photo', url: 'https://pbs.twimg.com/media/x.jpg' }],
        },
        meta: { result_count: 3 },
      },
      'budi',
      'https://x.com',
    );
    const shared = {
      externalId: '77',
      authorHandle: 'kampanye',
      authorName: 'Akun Kampanye',
      url: 'https://x.com/kampanye/status/77',
      text: 'Coblos 02 & menang',
    };
    expect(page.posts.map((p) => [p.kind, p.text, p.shared])).toEqual([
      ['share', 'Setuju!', { kind: 'quote', ...shared }],
      // A media-only quote has no words of its own: the campaign's words are never the civil servant's.
      ['share', '', { kind: 'quote', ...shared }],
      ['share', '', { kind: 'repost', ...shared }],
    ]);
    expect((page.posts[1]!.raw as { media: unknown[] }).media).toEqual([
      { media_key: '3_11', type: 'photo', url: 'https://pbs.twimg.com/media/x.jpg' },
    ]);
    // Posts read: three of the account's and one expanded.
    expect(page.reads).toBe(4);
  });

  it('reads users/by: found users and a problem per missing username', () => {
    const r = parseUsersBy({
      data: [{ id: '1', username: 'Budi', name: 'Budi' }],
      errors: [
        {
          value: 'hilang',
          detail: 'Could not find user with usernames: [hilang].',
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
        {
          value: 'diblokir',
          detail: 'User has been suspended: [diblokir].',
          type: 'https://api.twitter.com/2/problems/resource-not-found',
        },
      ],
    });
    expect(r.users.map((u) => u.username)).toEqual(['budi']);
    expect(r.problems.map((p) => [p.value, p.kind])).toEqual([
      ['hilang', 'not_found'],
      ['diblokir', 'suspended'],
    ]);
  });

  it('reads an empty page and a problem page', () => {
    expect(parseTimelinePage({ meta: { result_count: 0 } }, 'b', 'https://x.com')).toEqual({ posts: [], nextToken: null, reads: 0 });
    expect(
      parseTimelinePage(
        { errors: [{ type: 'https://api.twitter.com/2/problems/not-authorized-for-resource', detail: 'no' }] },
        'b',
        'https://x.com',
      ).problem?.kind,
    ).toBe('private');
  });

  it('unescapes only what the API escapes, once', () => {
    expect(unescapeApiText('&amp;lt; stays &lt; literal')).toBe('&lt; stays < literal');
  });
});
