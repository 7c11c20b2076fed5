import { describe, expect, it } from 'vitest';
import { parsePostsJsonl } from '../../../src/collect/sources/file/file-posts.parse.ts';
import { parseTimelinePage } from '../../../src/collect/sources/x-api/x-api.parse.ts';

/** Issue 16: the replied-to post and the shared post, as the X API and JSON Lines files return them. */
describe('X API: the post a reply answers', () => {
  it('reads replied_to with its author and text from the expansion, and only the id without it', () => {
    const page = parseTimelinePage(
      {
        data: [
          { id: '20', text: '@timsae siap hadir', author_id: '1', referenced_tweets: [{ type: 'replied_to', id: '90' }] },
          { id: '21', text: '@lain ok', author_id: '1', referenced_tweets: [{ type: 'replied_to', id: '91' }] },
          { id: '22', text: 'biasa saja', author_id: '1' },
        ],
        includes: {
          tweets: [{ id: '90', text: 'Kampanye akbar &amp; doa bersama malam ini', author_id: '7' }],
          users: [{ id: '7', username: 'TimSae', name: 'Tim Sae' }],
        },
      },
      'budi',
      'https://x.com',
    );
    expect(page.posts.map((p) => p.replyTo)).toEqual([
      { externalId: '90', authorHandle: 'timsae', url: 'https://x.com/timsae/status/90', text: 'Kampanye akbar & doa bersama malam ini' },
      { externalId: '91' },
      undefined,
    ]);
    expect(page.posts[0]!.kind).toBe('reply');
  });
});

describe('JSON Lines: shared and reply_to', () => {
  const file = 'posts.jsonl';
  it('reads a repost, a quote and a reply', () => {
    const lines = [
      {
        platform: 'x',
        external_id: '1',
        handle: 'budi',
        text: '',
        kind: 'share',
        shared: { kind: 'repost', external_id: '9', author_handle: '@Kampanye', text: 'Ayo!' },
      },
      {
        platform: 'x',
        external_id: '2',
        handle: 'budi',
        text: 'Setuju',
        kind: 'share',
        shared: { kind: 'quote', external_id: 9, url: 'https://x.com/kampanye/status/9' },
      },
      {
        platform: 'x',
        external_id: '3',
        handle: 'budi',
        text: 'Siap',
        kind: 'reply',
        reply_to: { external_id: '8', author_handle: 'TimSae' },
      },
    ];
    const r = parsePostsJsonl(lines.map((l) => JSON.stringify(l)).join('\n'), { file });
    expect(r.problems).toEqual([]);
    expect(r.posts.map((p) => [p.shared, p.replyTo])).toEqual([
      [{ kind: 'repost', externalId: '9', authorHandle: 'kampanye', text: 'Ayo!' }, undefined],
      [{ kind: 'quote', externalId: '9', url: 'https://x.com/kampanye/status/9' }, undefined],
      [undefined, { externalId: '8', authorHandle: 'timsae' }],
    ]);
  });

  it('names file, line and field of a bad shared or reply_to object', () => {
    const lines = [
      { platform: 'x', external_id: '1', handle: 'budi', text: '', shared: { kind: 'retweet' } },
      { platform: 'x', external_id: '2', handle: 'budi', text: '', shared: 'x' },
      { platform: 'x', external_id: '3', handle: 'budi', text: '', reply_to: { author_handle: ['a'], who: 1 } },
    ];
    const r = parsePostsJsonl(lines.map((l) => JSON.stringify(l)).join('\n'), { file });
    expect(r.posts).toEqual([]);
    expect(r.problems).toEqual([
      { file, line: 1, field: 'shared.kind', message: '"retweet" must be "quote" or "repost"' },
      { file, line: 2, field: 'shared', message: 'must be an object' },
      { file, line: 3, field: 'reply_to.author_handle', message: 'must be a string' },
      { file, line: 3, field: 'reply_to.who', message: 'unknown key; expected external_id, url, author_handle, text' },
    ]);
  });
});
