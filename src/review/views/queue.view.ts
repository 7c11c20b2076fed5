import { FLAG_STATUSES } from '../../domain/statuses.ts';
import { LABELS } from '../../domain/labels.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import type { QueueFilter, QueueItem } from '../../repositories/queue.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { deadlineClock, excerpt, LABEL_NAMES, labelChips, statusChip, wibShort } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

export interface QueueView {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  filter: QueueFilter;
  /** The filter as a query string, for links and the take-next form. */
  query: URLSearchParams;
  items: QueueItem[];
  total: number;
  offset: number;
  limit: number;
  facets: { agencies: string[]; regions: string[]; platforms: string[] };
  message?: string | undefined;
  now?: Date;
}

function select(name: string, label: string, options: { value: string; text: string }[], selected: readonly string[] | undefined, allText: string): SafeHtml {
  const cur = selected?.[0] ?? '';
  return html`<label>${label}<select name="${name}">
    <option value="">${allText}</option>
    ${options.map((o) => html`<option value="${o.value}"${o.value === cur ? html` selected` : ''}>${o.text}</option>`)}
  </select></label>`;
}

export function queuePage(v: QueueView): SafeHtml {
  const t = MESSAGES[v.lang];
  const f = v.filter;
  const hidden = [...v.query.entries()].filter(([k]) => k !== 'offset').map(([k, val]) => html`<input type="hidden" name="${k}" value="${val}">`);
  const pageLink = (offset: number) => {
    const q = new URLSearchParams(v.query);
    q.set('offset', String(offset));
    return `/queue?${q.toString()}`;
  };
  const rows = v.items.map(
    (it, i) => html`<tr data-href="/flags/${it.id}" class="${i === 0 ? 'selected' : ''}">
      <td class="num">${it.rank.toFixed(1)}</td>
      <td><a href="/flags/${it.id}">#${it.id}</a></td>
      <td>${labelChips(v.lang, it.labels)}</td>
      <td>${statusChip(v.lang, it.status)}${it.assignee ? html`<br><small>${it.assignee}</small>` : ''}</td>
      <td>${it.personName ?? '—'}<br><small>${it.platform}/@${it.handle}</small></td>
      <td>${it.agency ?? '—'}<br><small>${it.region ?? ''}</small></td>
      <td class="text">${excerpt(it.text)}</td>
      <td><small>${wibShort(it.postedAt)}</small></td>
      <td>${it.status === 'confirmed' || it.status === 'dismissed' ? '—' : deadlineClock(v.lang, it.discoveredAt, v.now)}</td>
    </tr>`,
  );
  return layout({
    lang: v.lang,
    title: t.queue,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'queue',
    body: html`
<section class="toolbar">
  <h1>${t.queue} <small>(${t.total}: ${v.total})</small></h1>
  <form method="post" action="/queue/next" class="inline" id="take-next">
    ${csrfField(v.csrfToken)}${hidden}
    <button type="submit" class="primary" accesskey="n">${t.takeNext} <kbd>n</kbd></button>
  </form>
</section>
${v.message ? html`<p class="notice" role="status">${v.message}</p>` : ''}
<form method="get" action="/queue" class="filters">
  ${select('label', t.label, LABELS.map((l) => ({ value: l, text: LABEL_NAMES[v.lang][l]! })), f.labels, t.all)}
  ${select('status', t.status, [{ value: 'mine', text: t.mine }, ...FLAG_STATUSES.map((s) => ({ value: s, text: (t as unknown as Record<string, string>)[s] ?? s }))], v.query.getAll('status'), `${t.all} (${t.open}, ${t.claimed}, ${t.escalated})`)}
  ${select('agency', t.agency, v.facets.agencies.map((a) => ({ value: a, text: a })), f.agencies, t.all)}
  ${select('region', t.region, v.facets.regions.map((a) => ({ value: a, text: a })), f.regions, t.all)}
  ${select('platform', t.platform, v.facets.platforms.map((a) => ({ value: a, text: a })), f.platforms, t.all)}
  <label>${t.from}<input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>${t.to}<input type="date" name="to" value="${f.to ?? ''}"></label>
  <button type="submit">${t.apply}</button> <a href="/queue">${t.reset}</a>
</form>
${v.items.length === 0
  ? html`<p class="empty">${t.noMoreFlags}</p>`
  : html`<table class="queue" id="queue-table">
  <thead><tr><th>${t.rank}</th><th>#</th><th>${t.label}</th><th>${t.status}</th><th>${t.person} / ${t.account}</th><th>${t.agency} / ${t.region}</th><th>${t.post}</th><th>${t.posted}</th><th>${t.deadline}</th></tr></thead>
  <tbody>${rows}</tbody>
</table>`}
<nav class="pager">
  ${v.offset > 0 ? html`<a href="${pageLink(Math.max(0, v.offset - v.limit))}">← ${t.prev}</a>` : ''}
  <span>${t.page} ${Math.floor(v.offset / v.limit) + 1} / ${Math.max(1, Math.ceil(v.total / v.limit))}</span>
  ${v.offset + v.limit < v.total ? html`<a href="${pageLink(v.offset + v.limit)}">${t.next} →</a>` : ''}
</nav>
<p class="hint">${t.shortcuts}</p>`,
  });
}
