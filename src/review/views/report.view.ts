import type { CaseReport } from '../case-report.ts';
import { html, safeUrl, trustedConstant, type SafeHtml } from '../http/html.ts';
import { evidenceKindName, postKindName } from '../terms.ts';
import { SANCTION_NAMES } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { csrfField, layout, type LayoutInput } from './layout.view.ts';

function reportBody(lang: Lang, r: CaseReport, images: Map<number, string>): SafeHtml {
  const t = MESSAGES[lang];
  const p = r.formal.reported;
  return html`<article class="report" id="case-report">
  <header class="report-head">
    <h1>Laporan Dugaan Pelanggaran Netralitas ASN</h1>
    <p>No. ${r.number} · ${r.generatedAt}</p>
  </header>
  ${r.evidenceMissing ? html`<p class="report-warning" id="evidence-missing" role="alert">${t.reportNoEvidence}</p>` : ''}
  <section><h2>A. ${t.formal}</h2>
    <table class="kv report-table">
      <tr><th>${t.reportingUnit}</th><td>${r.formal.reportingUnit}</td></tr>
      <tr><th>${t.reporter}</th><td>${r.formal.reporterName || '—'}</td></tr>
      <tr><th>${t.reported}</th><td><strong>${p.name ?? '—'}</strong><br>NIP ${p.nip ?? '—'} · ${p.employmentType ?? '—'}<br>${p.position ?? '—'}, ${p.agency ?? '—'}<br>${[p.region, p.province].filter(Boolean).join(', ')}</td></tr>
      <tr><th>${t.discovered}</th><td>${r.formal.discoveredAt}</td></tr>
      <tr><th>${t.deadline}</th><td>${r.formal.deadline}</td></tr>
      <tr><th>${t.timeliness}</th><td class="${r.formal.withinDeadline ? 'ok' : 'late'}">${r.formal.withinDeadline ? t.withinDeadline : t.pastDeadline}</td></tr>
    </table>
  </section>
  <section><h2>B. ${t.material}</h2>
    <table class="kv report-table">
      <tr><th>${t.timeOfEvent}</th><td>${r.material.timeOfEvent ?? '—'}</td></tr>
      <tr><th>${t.place}</th><td>${r.material.place}</td></tr>
      <tr><th>${t.account}</th><td>${r.material.platform} @${r.material.handle}${r.material.accountId ? ` (id ${r.material.accountId})` : ''}<br><span class="url">${r.material.profileUrl ?? ''}</span><br><small>${t.linkBasis}: ${r.material.linkBasis ?? '—'}</small></td></tr>
      <tr><th>${t.post}</th><td><span class="url">${r.material.postUrl ?? '—'}</span><br>id ${r.material.postId} · ${t.interaction}: ${postKindName(lang, r.material.interaction)}</td></tr>
      <tr><th>${t.text}</th><td><blockquote class="post-text">${r.material.text}</blockquote><small>SHA-256 ${r.material.contentSha256}</small></td></tr>
      ${r.material.shared ? html`<tr><th>${t.sharedPost}</th><td>${r.material.shared.kind === 'repost' ? t.sharedRepost : t.sharedQuote} @${r.material.shared.authorHandle ?? '?'}${r.material.shared.authorName ? ` (${r.material.shared.authorName})` : ''}<br><span class="url">${r.material.shared.url ?? ''}</span><blockquote class="shared-text">${r.material.shared.text ?? ''}</blockquote></td></tr>` : ''}
      <tr><th>${t.concerns}</th><td>${r.material.concerns.join(', ') || '—'}</td></tr>
      <tr><th>${t.skbItem}</th><td>${r.material.skbItem ? html`${r.material.skbItem.number}. ${r.material.skbItem.act} — ${t.sanction}: ${SANCTION_NAMES[r.material.skbItem.level] ?? r.material.skbItem.level}` : '—'}</td></tr>
      <tr><th>${t.pledgeClause}</th><td>${r.material.pledgeClause ? `${r.material.pledgeClause.number}. ${r.material.pledgeClause.text}` : '—'}</td></tr>
      <tr><th>${t.legalBasis}</th><td>${r.material.legalBasis.map((b) => html`<div>${b}</div>`)}</td></tr>
      <tr><th>${t.narrative}</th><td class="narrative">${r.material.narrative}</td></tr>
    </table>
  </section>
  <section><h2>C. ${t.evidenceList}</h2>
    ${
      r.evidence.length === 0
        ? html`<p class="report-warning">${t.noEvidenceFiles}</p>`
        : html`<table class="evidence-table"><thead><tr><th>#</th><th>${t.kind}</th><th>${t.capturedAt}</th><th>SHA-256</th></tr></thead><tbody>
      ${r.evidence.map((e, i) => html`<tr><td>${i + 1}</td><td>${evidenceKindName(lang, e.kind)}<br><small class="url">${e.url ?? ''}</small></td><td>${e.capturedAt}</td><td><code class="hash">${e.sha256}</code></td></tr>`)}
      </tbody></table>`
    }
    ${r.evidenceChainHead ? html`<p class="chain-head"><small>Kepala rantai kustodi bukti saat laporan dibuat: #${r.evidenceChainHead.seq} <code class="hash">${r.evidenceChainHead.hash}</code></small></p>` : ''}
    ${r.evidence.filter((e) => images.has(e.id)).map((e) => html`<figure class="shot"><img src="${images.get(e.id)!}" alt="${evidenceKindName(lang, e.kind)}"><figcaption>${evidenceKindName(lang, e.kind)} · ${e.capturedAt} · SHA-256 ${e.sha256}</figcaption></figure>`)}
  </section>
  <footer class="report-foot">
    <p>${r.decision ? html`Dikonfirmasi oleh ${r.decision.by} pada ${r.decision.at}.` : ''} Dihasilkan oleh netra (NLP ${r.versions.nlp}, leksikon ${r.versions.lexicon}${Object.entries(
      r.versions.models,
    )
      .map(([k, v]) => `, ${k} ${v}`)
      .join('')}). Temuan mesin telah ditinjau manusia sebelum dilaporkan (UU 27/2022 ps. 10).</p>
  </footer>
</article>`;
}

/** The report page in the app: printable, with the edit form for the narrative. */
export function reportPage(
  p: Omit<LayoutInput, 'body' | 'title' | 'section'> & { report: CaseReport; canEdit: boolean; message?: string | undefined },
): SafeHtml {
  const t = MESSAGES[p.lang];
  const r = p.report;
  const images = new Map(r.evidence.filter((e) => e.kind === 'screenshot').map((e) => [e.id, `/evidence/${e.id}`]));
  return layout({
    ...p,
    title: `${t.report} ${r.number}`,
    section: 'report',
    body: html`
<section class="toolbar no-print">
  <a href="/flags/${r.flagId}">← #${r.flagId}</a>
  <div class="toolbar-right">
    <button type="button" class="primary" data-print id="print-button">${t.printReport}</button>
    <a class="button" href="/flags/${r.flagId}/report.pdf" id="pdf-link">${t.downloadPdf}</a>
  </div>
</section>
${p.message ? html`<p class="alert no-print" role="alert">${p.message}</p>` : ''}
${reportBody(p.lang, r, images)}
${
  p.canEdit
    ? html`<form method="post" action="/flags/${r.flagId}/report" class="card no-print report-edit">
  <h2>${t.editNarrative}</h2>
  ${csrfField(p.csrfToken)}<input type="hidden" name="version" value="${r.saved?.version ?? 0}">
  <label>${t.reporter}<input name="reporterName" value="${r.formal.reporterName}" maxlength="200"></label>
  <label>${t.place}<input name="place" value="${r.material.place}" maxlength="300"></label>
  <label>${t.narrative}<textarea name="narrative" rows="6" maxlength="8000" required>${r.material.narrative}</textarea></label>
  <button type="submit">${t.save}</button>
</form>`
    : ''
}`,
  });
}

/** A self-contained document for the PDF printer: CSS inlined, screenshots as data: URIs, no script. */
export function reportDocument(lang: Lang, r: CaseReport, css: string, images: Map<number, string>): SafeHtml {
  // The CSS is this code base's own file, not user data; `</` cannot close the style element early.
  return html`<html lang="${lang}"><head><meta charset="utf-8"><title>${r.number}</title><style>${trustedConstant(css.replace(/<\//g, '<\\/'))}</style></head>
<body class="print-doc">${reportBody(lang, r, new Map([...images].map(([k, v]) => [k, safeDataUrl(v)])))}</body></html>`;
}

const safeDataUrl = (u: string) => (/^data:image\/png;base64,[A-Za-z0-9+/=]+$/.test(u) ? u : safeUrl(u));
