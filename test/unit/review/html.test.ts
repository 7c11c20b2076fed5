import { describe, expect, it } from 'vitest';
import { html, safeUrl } from '../../../src/review/http/html.ts';

describe('html``', () => {
  it('escapes every interpolation', () => {
    const post = '<script>alert(1)</script><img src=x onerror="alert(2)">';
    const out = html`<p title="${post}">${post}</p>`.value;
    expect(out).not.toContain('<script>');
    expect(out).not.toContain('<img');
    expect(out).toBe(
      '<p title="&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;">&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=&quot;alert(2)&quot;&gt;</p>',
    );
  });

  it('nests templates without double escaping, flattens arrays, drops null/false', () => {
    const items = ['a&b', 'c'].map((x) => html`<li>${x}</li>`);
    expect(html`<ul>${items}${null}${false}${0}</ul>`.value).toBe('<ul><li>a&amp;b</li><li>c</li>0</ul>');
  });

  it('only lets http(s) and local paths through as URLs', () => {
    expect(safeUrl('javascript:alert(1)')).toBe('#');
    expect(safeUrl(' JAVASCRIPT:alert(1)')).toBe('#');
    expect(safeUrl('data:text/html,x')).toBe('#');
    expect(safeUrl('//evil.example/x')).toBe('#');
    expect(safeUrl('/flags/1')).toBe('/flags/1');
    expect(safeUrl('https://x.com/a?b=1')).toBe('https://x.com/a?b=1');
  });
});

describe('bidirectional-text controls', () => {
  it('are shown as visible markers, so text cannot be reversed on the page', async () => {
    const { escapeHtml, html } = await import('../../../src/review/http/html.ts');
    expect(escapeHtml('abc\u202Efed\u202C <b>')).toBe('abc[U+202E]fed[U+202C] &lt;b&gt;');
    for (const c of [
      '\u202A',
      '\u202B',
      '\u202C',
      '\u202D',
      '\u202E',
      '\u2066',
      '\u2067',
      '\u2068',
      '\u2069',
      '\u200E',
      '\u200F',
      '\u061C',
    ])
      expect(html`<p title="${c}">${c}</p>`.value).toMatch(/^<p title="\[U\+[0-9A-F]{4}\]">\[U\+[0-9A-F]{4}\]<\/p>$/);
  });
});
