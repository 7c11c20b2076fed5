import type { EvidenceSpan } from '../../domain/classification.ts';
import { html, type SafeHtml } from '../http/html.ts';

export interface Segment {
  text: string;
  /** Evidence spans covering this piece (empty: plain text). */
  spans: EvidenceSpan[];
}

/**
 * Cut a post's text at every span boundary, so overlapping evidence spans (a hashtag inside a
 * slogan) highlight correctly. Spans outside the text or empty are ignored; whole-text spans
 * (model or claim signals) are not highlighted.
 */
export function segments(text: string, spans: readonly EvidenceSpan[]): Segment[] {
  const usable = spans.filter(
    (s) =>
      Number.isInteger(s.start) &&
      Number.isInteger(s.end) &&
      s.start >= 0 &&
      s.end <= text.length &&
      s.end > s.start &&
      // Evidence read from an image (OCR) points into that image's text, never into the post's.
      !s.image &&
      !(s.start === 0 && s.end === text.length && (s.source === 'model' || s.source === 'claim')),
  );
  const cuts = [...new Set([0, text.length, ...usable.flatMap((s) => [s.start, s.end])])].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const [a, b] = [cuts[i]!, cuts[i + 1]!];
    const cover = usable.filter((s) => s.start <= a && s.end >= b);
    const prev = out[out.length - 1];
    if (prev && cover.length === 0 && prev.spans.length === 0) prev.text += text.slice(a, b);
    else out.push({ text: text.slice(a, b), spans: cover });
  }
  return out;
}

/** The post text with `<mark>` around evidence; every piece escaped. */
export function highlightedText(text: string, spans: readonly EvidenceSpan[]): SafeHtml {
  return html`${segments(text, spans).map((s) =>
    s.spans.length === 0
      ? html`${s.text}`
      : html`<mark class="ev label-${s.spans[0]!.label}" title="${s.spans.map((x) => `${x.label}: ${x.rule ?? x.source} (${x.weight.toFixed(2)})`).join('; ')}">${s.text}</mark>`,
  )}`;
}
