import { describe, expect, it } from 'vitest';
import { parseTimelinePage, parseUserLookup, unescapeApiText } from '../../../src/collect/sources/x-api/x-api.parse.ts';

describe('X API v2 parsing', () => {
  it('reads a user, and the documented problems', () => {
    expect(parseUserLookup({ data: { id: '2244994945', name: 'X Dev', username: 'XDevelopers', protected: false } }).user).toEqual({ id: '2244994945', name: 'X Dev', username: 'xdevelopers', protected: false });
    expect(parseUserLookup({ errors: [{ type: 'https://api.twitter.com/2/problems/resource-not-found', detail: 'Could not find user' }] }).problem).toEqual({ kind: 'not_found', detail: 'Could not find user' });
    expect(parseUserLookup({ errors: [{ type: 'https://api.twitter.com/2/problems/resource-unavailable', title: 'Forbidden' }] }).problem?.kind).toBe('suspended');
    expect(parseUserLookup({}).problem?.kind).toBe('other');
  });

  it('turns a timeline page into posts: original id for edits, kinds, exact text, next token', () => {
    const page = parseTimelinePage(
      {
        data: [
          { id: '3', text: 'a &amp; b &lt;i&gt;', created_at: '2024-02-10T05:00:00.000Z', edit_history_tweet_ids: ['1', '3'] },
          { id: '4', text: 'RT @c: x', created_at: '2024-02-10T04:00:00.000Z', referenced_tweets: [{ type: 'retweeted', id: '2' }] },
          { id: '5', text: 'short…', note_tweet: { text: 'the full &amp; long text' }, referenced_tweets: [{ type: 'replied_to', id: '9' }] },
        ],
        meta: { result_count: 3, next_token: 'abc' },
      },
      'budi',
      'https://x.com/',
    );
    expect(page.nextToken).toBe('abc');
    expect(page.posts.map((p) => [p.externalId, p.kind, p.text, p.url])).toEqual([
      ['1', 'post', 'a & b <i>', 'https://x.com/budi/status/3'],
      ['4', 'share', 'RT @c: x', 'https://x.com/budi/status/4'],
      ['5', 'reply', 'the full & long text', 'https://x.com/budi/status/5'],
    ]);
    expect(page.posts[0]!.postedAt?.toISOString()).toBe('2024-02-10T05:00:00.000Z');
    expect(page.posts[2]!.postedAt).toBeNull();
  });

  it('reads an empty page and a problem page', () => {
    expect(parseTimelinePage({ meta: { result_count: 0 } }, 'b', 'https://x.com')).toEqual({ posts: [], nextToken: null });
    expect(parseTimelinePage({ errors: [{ type: 'https://api.twitter.com/2/problems/not-authorized-for-resource', detail: 'no' }] }, 'b', 'https://x.com').problem?.kind).toBe('private');
  });

  it('unescapes only what the API escapes, once', () => {
    expect(unescapeApiText('&amp;lt; stays &lt; literal')).toBe('&lt; stays < literal');
  });
});
