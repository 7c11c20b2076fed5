import { describe, expect, it } from 'vitest';
import { parsePostsCsv, parsePostsJsonl } from '../../../src/collect/sources/file/file-posts.parse.ts';

describe('parsePostsJsonl', () => {
  it('parses valid lines, skipping blanks, keeping the record as raw', () => {
    const content = [
      // A bare 19-digit number, as some exports write X ids: must stay exact.
      '{"platform":"x","external_id":1745000000000000001,"handle":"@Budi","url":"https://x.com/budi/status/1","text":"halo","posted_at":"2024-01-15T08:30:00+07:00","extra":1}',
      '',
      JSON.stringify({ platform: 'instagram', external_id: 'C2abc', handle: 'ani', text: 'foto', kind: 'photo' }),
    ].join('\n');
    const { posts, problems } = parsePostsJsonl(content, { file: 'p.jsonl' });
    expect(problems).toEqual([]);
    expect(posts).toHaveLength(2);
    expect(posts[0]).toMatchObject({ platform: 'x', externalId: '1745000000000000001', handle: 'budi', kind: 'post' });
    expect(posts[0]!.postedAt!.toISOString()).toBe('2024-01-15T01:30:00.000Z');
    expect((posts[0]!.raw as { extra: number }).extra).toBe(1);
    expect(posts[1]).toMatchObject({ kind: 'photo', url: null, postedAt: null });
  });

  it('names file, line and field of every bad line', () => {
    const content = [
      '{"platform":"x","external_id":"1","handle":"a","text":"ok"}',
      '{not json',
      '{"platform":"x","handle":"a","text":"no id"}',
      '{"platform":"x","external_id":"3","handle":"a","text":5}',
      '{"platform":"x","external_id":"4","handle":"a","text":"t","posted_at":"15/01/2024"}',
      '[1,2]',
    ].join('\n');
    const { posts, problems } = parsePostsJsonl(content, { file: 'p.jsonl' });
    expect(posts).toHaveLength(1);
    expect(problems.map((p) => `${p.line}:${p.field ?? ''}`)).toEqual(['2:', '3:external_id', '4:text', '5:posted_at', '6:']);
    expect(problems[3]!.message).toContain('"15/01/2024"');
  });

  it('applies a column mapping and a default platform', () => {
    const content = '{"tweet_id":"9","user":"budi","full_text":"halo"}';
    const { posts, problems } = parsePostsJsonl(content, {
      file: 'p.jsonl',
      platform: 'x',
      columns: { external_id: 'tweet_id', handle: 'user', text: 'full_text' },
    });
    expect(problems).toEqual([]);
    expect(posts[0]).toMatchObject({ platform: 'x', externalId: '9', handle: 'budi', text: 'halo' });
  });
});

describe('parsePostsCsv', () => {
  it('reports problems with the CSV line and the mapped column name', () => {
    const content = 'id,author,body,time\n1,budi,halo,2024-01-15T08:30:00+07:00\n2,,kosong,\n';
    const { posts, problems } = parsePostsCsv(content, {
      file: 'p.csv',
      platform: 'x',
      columns: { external_id: 'id', handle: 'author', text: 'body', posted_at: 'time' },
    });
    expect(posts).toHaveLength(1);
    expect(problems).toEqual([expect.objectContaining({ file: 'p.csv', line: 3, field: 'author' })]);
  });
});

describe('column mapping into nested JSON (research API dumps)', () => {
  it('reads dotted column names from nested objects', async () => {
    const { parsePostsJsonl, valueAt } = await import('../../../src/collect/sources/file/file-posts.parse.ts');
    const line = JSON.stringify({
      id: '1745000000000000001',
      created_at: '2024-02-12T01:30:00Z',
      author: { username: 'Budi_Guru' },
      data: { text: 'halo' },
    });
    const r = parsePostsJsonl(line, {
      file: 'dump.jsonl',
      platform: 'x',
      columns: { external_id: 'id', handle: 'author.username', text: 'data.text', posted_at: 'created_at' },
    });
    expect(r.problems).toEqual([]);
    expect(r.posts[0]).toMatchObject({ externalId: '1745000000000000001', handle: 'budi_guru', text: 'halo' });
    expect(valueAt({ 'a.b': 1, a: { b: 2 } }, 'a.b')).toBe(1);
    const bad = parsePostsJsonl(JSON.stringify({ id: '1', author: {} }), {
      file: 'dump.jsonl',
      platform: 'x',
      columns: { external_id: 'id', handle: 'author.username' },
    });
    expect(bad.problems.map((p) => p.field)).toEqual(['author.username']);
  });
});
