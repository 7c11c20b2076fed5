import type { KappaResult } from '../../domain/agreement.ts';
import { DISMISS_REASONS } from '../../domain/decisions.ts';
import { LABELS } from '../../domain/labels.ts';
import { formatWib } from '../../domain/wib-time.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import type { BlindItem } from '../second-review.ts';
import { LABEL_NAMES } from './format.ts';
import type { Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

const T = {
  id: {
    title: 'Tinjauan kedua (buta)',
    intro:
      'Flag ini sudah diputuskan oleh analis lain. Putuskan sendiri tanpa melihat keputusan pertama; jika berbeda, flag dikirim ke supervisor.',
    empty: 'Tidak ada flag untuk ditinjau kedua kalinya.',
    model: 'Label model',
    confirm: 'Konfirmasi',
    dismiss: 'Tolak',
    skb: 'Butir SKB',
    labels: 'Label yang berlaku',
    done: 'Tersimpan.',
    agreement: 'Kesepakatan antar-analis (kappa Cohen, tinjauan kedua)',
    pairs: 'pasangan',
  },
  en: {
    title: 'Blind second review',
    intro:
      'Another analyst has decided these flags. Decide on your own without seeing that decision; if you differ, the flag goes to a supervisor.',
    empty: 'No flags waiting for a second review.',
    model: 'Model labels',
    confirm: 'Confirm',
    dismiss: 'Dismiss',
    skb: 'SKB item',
    labels: 'Labels that apply',
    done: 'Saved.',
    agreement: "Agreement between analysts (Cohen's kappa, second reviews)",
    pairs: 'pairs',
  },
} as const;

export function secondReviewPage(v: {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  items: BlindItem[];
  message?: string | undefined;
}): SafeHtml {
  const t = T[v.lang];
  const label = (k: string) => LABEL_NAMES[v.lang][k] ?? k;
  return layout({
    lang: v.lang,
    title: t.title,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'second-review',
    body: html`
<section class="toolbar"><h1>${t.title}</h1></section>
<p class="muted">${t.intro}</p>
${v.message ? html`<p class="notice">${v.message}</p>` : ''}
${v.items.length === 0 ? html`<p>${t.empty}</p>` : ''}
${v.items.map(
  (i) => html`<section class="card second-review" id="sr-${i.flagId}">
  <p class="post-text">${i.text}</p>
  <p class="muted">${i.platform}${i.postedAt ? html` · ${formatWib(i.postedAt)}` : ''} · ${t.model}: ${i.modelLabels.map(label).join(', ')}</p>
  <form method="post" action="/second-reviews/${i.flagId}">
    ${csrfField(v.csrfToken)}
    <fieldset><legend>${t.labels}</legend>${LABELS.map((l) => html`<label><input type="checkbox" name="labels" value="${l}"${i.modelLabels.includes(l) ? html` checked` : ''}> ${label(l)}</label> `)}</fieldset>
    <label>${t.skb} <input type="number" name="skbItem" min="1" max="11" value="6"></label>
    <button type="submit" name="decision" value="confirm">${t.confirm}</button>
    <select name="dismissReason">${Object.entries(DISMISS_REASONS).map(([k, r]) => html`<option value="${k}">${v.lang === 'en' ? r.en : r.id}</option>`)}</select>
    <button type="submit" name="decision" value="dismiss">${t.dismiss}</button>
  </form>
</section>`,
)}`,
  });
}

/** The dashboard card: kappa per label over blind second reviews. */
export function agreementCard(lang: Lang, k: Record<string, KappaResult>): SafeHtml {
  const t = T[lang];
  return html`<section class="card" id="agreement"><h2>${t.agreement}</h2>
<table><thead><tr><th></th><th>${t.pairs}</th><th>kappa</th></tr></thead><tbody>
${Object.entries(k).map(([l, r]) => html`<tr><td>${LABEL_NAMES[lang][l] ?? l}</td><td>${r.n}</td><td data-label="${l}">${r.kappa === null ? '–' : r.kappa.toFixed(2)}</td></tr>`)}
</tbody></table></section>`;
}
