import { describe, expect, it } from 'vitest';
import type { EvidenceSpan } from '../../../src/domain/classification.ts';
import { highlightedText, segments } from '../../../src/review/views/highlight.ts';

const span = (start: number, end: number, text: string, extra: Partial<EvidenceSpan> = {}): EvidenceSpan => ({
  label: 'partisan',
  start,
  end,
  text: text.slice(start, end),
  source: 'lexicon',
  weight: 0.5,
  ...extra,
});

describe('evidence highlighting', () => {
  it('cuts overlapping spans and keeps every character once', () => {
    const text = 'Ayo coblos 02 #02Melanjutkan sekarang';
    const spans = [span(4, 13, text), span(11, 28, text, { rule: 'hashtag' })];
    const segs = segments(text, spans);
    expect(segs.map((s) => s.text).join('')).toBe(text);
    expect(segs.map((s) => [s.text, s.spans.length])).toEqual([
      ['Ayo ', 0],
      ['coblos ', 1],
      ['02', 2],
      [' #02Melanjutkan', 1],
      [' sekarang', 0],
    ]);
  });

  it('ignores spans outside the text and whole-text model signals', () => {
    const text = 'pendek';
    expect(segments(text, [span(3, 99, text), span(0, 6, text, { source: 'model' })])).toEqual([{ text, spans: [] }]);
  });

  it('escapes the post text and the span titles', () => {
    const text = '<script>alert(1)</script> coblos <img src=x onerror=alert(2)>';
    const out = highlightedText(text, [span(26, 32, text, { rule: '"><script>' })]).value;
    expect(out).not.toMatch(/<script|<img/);
    expect(out).toContain(
      '&lt;script&gt;alert(1)&lt;/script&gt; <mark class="ev label-partisan" title="partisan: &quot;&gt;&lt;script&gt; (0.50)">coblos</mark> &lt;img src=x onerror=alert(2)&gt;',
    );
  });
});
