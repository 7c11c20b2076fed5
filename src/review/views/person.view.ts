import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { PERSON_PAGE_SIZE, type PersonPageData } from '../person-page.ts';
import { statusChip, wib } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { layout } from './layout.view.ts';
import { accountsTable, engagementsTable, personFlagsTable, personPostsList, timelineChart } from './person-sections.view.ts';
import { PERSON_TEXT } from './person-text.ts';
import { totalText } from './queue.view.ts';

export interface PersonView {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  data: PersonPageData;
}

/** The order the status counts are shown in. */
const STATUS_ORDER = ['open', 'claimed', 'escalated', 'confirmed', 'dismissed', 'withdrawn', 'blind'];

function pager(lang: Lang, list: { total: number; limit: number; offset: number }, link: (offset: number) => string, id: string): SafeHtml {
  const t = MESSAGES[lang];
  if (list.total <= list.limit && list.offset === 0) return html``;
  return html`<nav class="pager" id="${id}">
  ${list.offset > 0 ? html`<a href="${link(Math.max(0, list.offset - list.limit))}" rel="prev">← ${t.prev}</a>` : ''}
  <span>${t.page} ${Math.floor(list.offset / list.limit) + 1} / ${Math.max(1, Math.ceil(list.total / list.limit))}</span>
  ${list.offset + list.limit < list.total ? html`<a href="${link(list.offset + list.limit)}" rel="next">${t.next} →</a>` : ''}
</nav>`;
}

export function personPage(v: PersonView): SafeHtml {
  const t = MESSAGES[v.lang];
  const p = PERSON_TEXT[v.lang];
  const d = v.data;
  const pe = d.person;
  const base = `/persons/${pe.id}`;
  /** A link to this page with one list moved, the other list's place kept. */
  const link = (changes: Record<string, string | number>, anchor: string) => {
    const q = new URLSearchParams();
    if (d.posts.offset) q.set('postOffset', String(d.posts.offset));
    if (d.flags.offset) q.set('flagOffset', String(d.flags.offset));
    if (d.engagements?.offset) q.set('engagementOffset', String(d.engagements.offset));
    if (d.engagements && d.engagements.limit !== PERSON_PAGE_SIZE) q.set('engagementLimit', String(d.engagements.limit));
    if (d.posts.sharedOnly) q.set('posts', 'shared');
    if (d.posts.limit !== PERSON_PAGE_SIZE) q.set('postLimit', String(d.posts.limit));
    if (d.flags.limit !== PERSON_PAGE_SIZE) q.set('flagLimit', String(d.flags.limit));
    for (const [k, val] of Object.entries(changes)) {
      if (val === '' || val === 0) q.delete(k);
      else q.set(k, String(val));
    }
    const s = q.toString();
    return `${base}${s ? `?${s}` : ''}#${anchor}`;
  };
  const counts = STATUS_ORDER.filter((s) => d.flagCounts[s]);
  return layout({
    lang: v.lang,
    title: `${p.title}: ${pe.name}`,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'person',
    body: html`
<section class="toolbar"><h1 id="person-name">${pe.name}</h1><div class="toolbar-right"><a href="/queue">${t.queue}</a></div></section>
${pe.erasedAt ? html`<p class="alert" id="person-erased">${p.erased} ${wib(pe.erasedAt)}</p>` : ''}
<div class="flag-grid">
<div class="col-main">
  <section class="card" id="accounts"><h2>${p.accounts}</h2>${accountsTable(v.lang, d.accounts)}</section>
  <section class="card" id="timeline"><h2>${p.timeline}</h2>${timelineChart(v.lang, d.timeline)}</section>
  <section class="card" id="flags"><h2>${p.flagList} <small>(${t.total}: ${totalText(v.lang, d.flags.total)})</small></h2>
    ${personFlagsTable(v.lang, d.flags.items)}
    ${pager(v.lang, d.flags, (o) => link({ flagOffset: o }, 'flags'), 'flags-pager')}
  </section>
  ${
    d.engagements
      ? html`<section class="card" id="engagements"><h2>${p.engagements} <small>(${t.total}: ${totalText(v.lang, d.engagements.total)})</small></h2>
    ${engagementsTable(v.lang, d.engagements.items)}
    ${pager(v.lang, d.engagements, (o) => link({ engagementOffset: o }, 'engagements'), 'engagements-pager')}
  </section>`
      : ''
  }
  <section class="card" id="posts"><h2>${p.posts} <small>(${t.total}: ${totalText(v.lang, d.posts.total)})</small></h2>
    <p class="filters">${
      d.posts.sharedOnly
        ? html`<a href="${link({ posts: '', postOffset: 0 }, 'posts')}">${p.allPosts}</a> · <strong>${p.onlyShared}</strong>`
        : html`<strong>${p.allPosts}</strong> · <a href="${link({ posts: 'shared', postOffset: 0 }, 'posts')}" id="shared-only">${p.onlyShared}</a>`
    }</p>
    ${personPostsList(v.lang, d.posts.items)}
    ${pager(v.lang, d.posts, (o) => link({ postOffset: o }, 'posts'), 'posts-pager')}
  </section>
</div>
<aside class="col-side">
  <section class="card" id="person-identity"><h2>${t.identity}</h2>
    <dl class="kv">
      <dt>${t.name}</dt><dd>${pe.name}</dd>
      <dt>${t.nip}</dt><dd><code>${pe.nip ?? '—'}</code></dd>
      <dt>${t.agency}</dt><dd>${pe.agency}</dd>
      <dt>${t.position}</dt><dd>${pe.position ?? '—'}</dd>
      <dt>${t.region}</dt><dd>${[pe.region, pe.province].filter(Boolean).join(', ') || '—'}</dd>
      <dt>${t.employmentType}</dt><dd>${pe.employmentType ?? '—'}</dd>
    </dl>
  </section>
  <section class="card" id="flag-counts"><h2>${p.flagsSummary}</h2>
    ${counts.length ? html`<ul class="counts">${counts.map((s) => html`<li>${statusChip(v.lang, s)} <strong data-status="${s}">${d.flagCounts[s]}</strong></li>`)}</ul>` : html`<p class="muted">${t.noFlags}</p>`}
  </section>
</aside>
</div>`,
  });
}
