import { parse } from 'node-html-parser';
import { describe, expect, it } from 'vitest';
import { prCurve } from '../../../src/eval/metrics.ts';
import { escapeXml, prCurveSvg, stepPath } from '../../../src/eval/pr-curve.svg.ts';

// Plot area: x = 64 + recall * 472, y = 64 + (1 - precision) * 300.
describe('PR curve SVG', () => {
  it('draws the step curve whose area is the average precision', () => {
    const pts = [
      { threshold: 0.9, precision: 1, recall: 0.5, tp: 1, fp: 0 },
      { threshold: 0.2, precision: 0.5, recall: 1, tp: 2, fp: 2 },
    ];
    expect(stepPath(pts)).toBe('M64,64 H300 V214 H536');
    expect(stepPath([])).toBe('');
  });

  it('is a well-formed SVG with the curve, the chance line, the operating point and escaped text', () => {
    const c = prCurve([true, false, true, true, false], [0.9, 0.8, 0.8, 0.3, 0.1]);
    const svg = prCurveSvg({
      title: 'partisan <script>alert(1)</script>',
      subtitle: 'a & b',
      points: c.points,
      positives: c.positives,
      n: c.n,
      averagePrecision: c.averagePrecision,
      operating: { threshold: 0.5, precision: 2 / 3, recall: 2 / 3 },
    });
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg"')).toBe(true);
    expect(svg).not.toContain('<script');
    expect(svg).toContain('partisan &lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).toContain('a &amp; b');
    const root = parse(svg);
    expect(root.querySelectorAll('circle')).toHaveLength(4);
    expect(svg).toContain('AP 0.806');
    expect(svg).toContain('threshold 0.50: P 0.67, R 0.67');
    // chance line at precision 3/5: y = 64 + 0.4 * 300 = 184
    expect(svg).toMatch(/<line x1="64" y1="184" x2="536" y2="184" stroke="#999999"/);
    // operating point diamond centred at (64 + 2/3*472, 64 + 1/3*300) = (378.67, 164)
    expect(svg).toContain('M378.67,157 L385.67,164 L378.67,171 L371.67,164 Z');
  });

  it('says so when a label has no positive row', () => {
    const svg = prCurveSvg({ title: 'hoax', points: prCurve([false], [0.2]).points, positives: 0, n: 1, averagePrecision: null });
    expect(svg).toContain('no positive rows');
    expect(svg).not.toContain('<path d="M');
  });

  it('escapes XML specials', () => {
    expect(escapeXml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&apos;&amp;&apos;&lt;/a&gt;');
  });
});
