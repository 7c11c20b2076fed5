import type { EvidenceSpan } from '../../domain/classification.ts';
import type { FlagDetail } from '../../repositories/flag-detail.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { highlightedText } from './highlight.ts';
import type { Lang } from './i18n.ts';

const WORDS = {
  id: {
    title: 'Teks dalam gambar (OCR): bukan kata-kata akun ini',
    flagFrom: 'Tanda ini (juga) berasal dari teks gambar',
    image: 'Gambar',
    ocr: 'dibaca oleh',
    confidence: 'keyakinan',
    boxes: 'letak kata (piksel x0,y0–x1,y1)',
    unreadable: 'tidak terbaca',
    none: '(tidak ada teks)',
  },
  en: {
    title: "Text in images (OCR): not this account's words",
    flagFrom: 'This flag rests (also) on text read from an image',
    image: 'Image',
    ocr: 'read by',
    confidence: 'confidence',
    boxes: 'word boxes (pixels x0,y0–x1,y1)',
    unreadable: 'unreadable',
    none: '(no text)',
  },
} as const;

/**
 * The post's images and the text OCR read from them, with that text's evidence highlighted and
 * where its words are in the image: shown apart from the post's own words, so an analyst sees at
 * once when a flag rests on an image.
 */
export function imageTextSection(lang: Lang, d: Pick<FlagDetail, 'imageTexts' | 'classification' | 'flag'>): SafeHtml {
  if (d.imageTexts.length === 0) return html``;
  const w = WORDS[lang];
  const spans = (d.classification?.evidence ?? []).filter((e) => e.image);
  const flagged = spans.some((e) => d.flag.labels.includes(e.label));
  return html`<section class="image-texts" id="image-texts">
    <h3>${w.title}</h3>
    ${flagged ? html`<p class="notice" id="flag-from-image">${w.flagFrom}</p>` : ''}
    ${d.imageTexts.map((t) => {
      const mine = spans.filter((e) => e.image!.imageTextId === t.id);
      const plain: EvidenceSpan[] = mine.map(({ image: _image, ...e }) => e);
      const boxes = mine.filter((e) => e.image!.boxes.length > 0);
      return html`<figure class="image-text" data-image-text="${t.id}">
        <a href="/evidence/${t.evidence_id}"><img src="/evidence/${t.evidence_id}" alt="${w.image} #${t.evidence_id}" loading="lazy" style="max-width: 320px"></a>
        <figcaption>${w.image} #${t.evidence_id} · <code class="hash">sha256 ${t.image_sha256}</code> · ${w.ocr} ${t.engine} ${t.engine_version} ${t.model} (${t.model_version}) · ${w.confidence} ${t.confidence.toFixed(0)}${t.error ? html` · <span class="alert">${w.unreadable}: ${t.error}</span>` : ''}</figcaption>
        <blockquote class="image-text-body">${t.text ? highlightedText(t.text, plain) : w.none}</blockquote>
        ${boxes.length ? html`<p class="muted">${w.boxes}: ${boxes.map((e) => html`<span class="chip">${e.label} «${e.text}» ${e.image!.boxes.map((b) => `${b.x0},${b.y0}–${b.x1},${b.y1}`).join(' ')}</span> `)}</p>` : ''}
      </figure>`;
    })}
  </section>`;
}
