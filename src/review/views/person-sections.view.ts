import { IDENTITY_DISPUTED_TAG } from '../../domain/decisions.ts';
import type { WeekTimeline } from '../../domain/week-timeline.ts';
import type { PersonAccount } from '../../repositories/person-detail.repository.ts';
import { html, safeUrl, type SafeHtml } from '../http/html.ts';
import type { PersonEngagement, ShownPersonFlag, ShownPersonPost } from '../person-page.ts';
import { decisionName, phaseName, postKindName } from '../terms.ts';
import { dayColumns } from './charts.ts';
import { excerpt, labelChips, statusChip, wib, wibShort } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { PERSON_TEXT } from './person-text.ts';
import { sharedPostFigure } from './shared-post.view.ts';

const external = (url: string, text: string) => html`<a href="${safeUrl(url)}" rel="noopener noreferrer" target="_blank">${text}</a>`;

/** Each account with the provenance of its link to the person. */
export function accountsTable(lang: Lang, accounts: readonly PersonAccount[]): SafeHtml {
  const t = MESSAGES[lang];
  const p = PERSON_TEXT[lang];
  if (accounts.length === 0) return html`<p class="muted">${p.noAccounts}</p>`;
  return html`<table class="kv" id="person-accounts">
  <thead><tr><th>${t.account}</th><th>${t.linkBasis}</th><th>${t.linkConfidence}</th><th>${t.linkBy}</th><th>${p.linkEvidence}</th><th>${p.tags}</th></tr></thead>
  <tbody>${accounts.map(
    (a) => html`<tr data-account="${a.id}">
    <td>${a.platform}/@${a.handle} · ${external(a.profileUrl, t.profile)}${a.platformAccountId ? html`<br><small>${p.platformId} ${a.platformAccountId}</small>` : ''}<br><small>${a.active ? p.active : p.inactive}</small></td>
    <td>${a.linkSource ?? '—'}</td>
    <td>${a.linkConfidence != null ? a.linkConfidence.toFixed(2) : '—'}</td>
    <td>${a.linkEstablishedBy ?? '—'}${a.linkEstablishedAt ? html`<br><small>${a.linkEstablishedAt}</small>` : ''}</td>
    <td>${a.linkEvidenceUrl ? external(a.linkEvidenceUrl, t.url) : '—'}</td>
    <td>${a.tags.includes(IDENTITY_DISPUTED_TAG) ? html`<span class="alert disputed">${p.disputed}</span> ` : ''}${a.tags
      .filter((x) => x !== IDENTITY_DISPUTED_TAG)
      .map((x) => html`<code>${x}</code> `)}${a.tags.length ? '' : '—'}</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/** Own posts, shared posts and flags per week (SVG, no script). */
export function timelineChart(lang: Lang, tl: WeekTimeline): SafeHtml {
  const p = PERSON_TEXT[lang];
  if (tl.weeks.length === 0) return html`<p class="muted">${p.timelineNone}</p>`;
  const e = tl.earlier;
  return html`${dayColumns(
    tl.weeks.map((w) => w.week),
    [
      { name: p.ownPosts, values: tl.weeks.map((w) => w.own) },
      { name: p.sharedPosts, values: tl.weeks.map((w) => w.shared) },
      { name: p.flags, values: tl.weeks.map((w) => w.flags) },
    ],
    { title: `${p.timeline} (${p.weekOf})`, width: 760, height: 200 },
  )}
  <p class="muted"><small>${p.weekOf}: ${tl.weeks[0]!.week} – ${tl.weeks[tl.weeks.length - 1]!.week}${
    e.own + e.shared + e.flags > 0 ? ` · ${p.earlier}: ${e.own} ${p.ownPosts}, ${e.shared} ${p.sharedPosts}, ${e.flags} ${p.flags}` : ''
  }</small></p>`;
}

/** The person's flags with status, labels, election phase and the latest decision. */
export function personFlagsTable(lang: Lang, items: readonly ShownPersonFlag[]): SafeHtml {
  const t = MESSAGES[lang];
  const p = PERSON_TEXT[lang];
  if (items.length === 0) return html`<p class="muted">${t.noFlags}</p>`;
  return html`<table class="queue" id="person-flags">
  <thead><tr><th>#</th><th>${t.label}</th><th>${t.status}</th><th>${t.phase}</th><th>${t.posted}</th><th>${t.post}</th><th>${p.decision}</th></tr></thead>
  <tbody>${items.map(
    (f) => html`<tr data-flag="${f.id}">
    <td><a href="/flags/${f.id}">#${f.id}</a></td>
    <td>${labelChips(lang, f.labels)}</td>
    <td>${statusChip(lang, f.status)}</td>
    <td class="phase">${phaseName(lang, f.phase)}</td>
    <td><small>${wibShort(f.postedAt ?? f.discoveredAt)}</small></td>
    <td class="text">${f.sharedAuthorHandle ? html`<small>↻ @${f.sharedAuthorHandle}</small> ` : ''}${excerpt(f.text, 100)}</td>
    <td>${
      f.decision
        ? html`${decisionName(lang, f.decision.kind)}${f.decision.round > 1 ? ` (${t.round} ${f.decision.round})` : ''} ${t.decidedBy} ${f.decision.byName} (${f.decision.by})<br><small>${wib(f.decision.at)}</small>`
        : '—'
    }</td>
  </tr>`,
  )}</tbody>
</table>`;
}

/** Posts newest first; a quote or repost shows the other account's post set apart as their words. */
export function personPostsList(lang: Lang, items: readonly ShownPersonPost[]): SafeHtml {
  const t = MESSAGES[lang];
  const p = PERSON_TEXT[lang];
  if (items.length === 0) return html`<p class="muted">${p.noPosts}</p>`;
  return html`<ol class="person-posts" id="person-posts">${items.map(
    (x) => html`<li class="post" data-post="${x.id}">
    <p class="meta">${x.platform}/@${x.handle} · ${postKindName(lang, x.kind)} · ${t.posted} ${wib(x.postedAt)}${x.url ? html` · ${external(x.url, t.openOriginal)}` : ''}${
      x.flag
        ? html` · <a href="/flags/${x.flag.id}">${t.flag} #${x.flag.id}</a> ${labelChips(lang, x.flag.labels)} ${statusChip(lang, x.flag.status)}`
        : ''
    }</p>
    ${x.deletedAt ? html`<p class="alert deleted">${p.deletedAt}: ${wib(x.deletedAt)}</p>` : ''}
    ${x.text ? html`<blockquote class="post-text">${x.text}</blockquote>` : ''}
    ${sharedPostFigure(lang, x.shared)}
  </li>`,
  )}</ol>`;
}

/** Engagements with campaign accounts (rendered only when the list is given). */
export function engagementsTable(lang: Lang, items: readonly PersonEngagement[]): SafeHtml {
  const t = MESSAGES[lang];
  const p = PERSON_TEXT[lang];
  if (items.length === 0) return html`<p class="muted">${p.noEngagements}</p>`;
  return html`<table class="kv" id="person-engagements">
  <thead><tr><th>${t.kind}</th><th>${p.decidedAt}</th><th>${t.account}</th><th>${p.campaignAccount}</th><th>${p.campaignPost}</th><th>${t.flag}</th></tr></thead>
  <tbody>${items.map(
    (e) => html`<tr>
    <td>${e.kind}</td><td><small>${wib(e.at)}</small></td><td>${e.platform}/@${e.handle}</td>
    <td>@${e.campaignAccount.handle}${e.campaignAccount.name ? html`<br><small>${e.campaignAccount.name}</small>` : ''}</td>
    <td>${e.campaignPostText ? excerpt(e.campaignPostText, 100) : ''}${e.campaignPostUrl ? html` ${external(e.campaignPostUrl, t.url)}` : ''}</td>
    <td>${e.flagId != null ? html`<a href="/flags/${e.flagId}">#${e.flagId}</a>` : '—'}</td>
  </tr>`,
  )}</tbody>
</table>`;
}
