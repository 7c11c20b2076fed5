import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { flagTable, type ShownItem } from './flag-table.view.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { layout } from './layout.view.ts';
import { totalText } from './queue.view.ts';

export function searchPage(v: {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  q: string;
  items: ShownItem[] | undefined;
  total: number;
  totalExact?: boolean;
  offset: number;
  limit: number;
}): SafeHtml {
  const t = MESSAGES[v.lang];
  const link = (offset: number) => `/search?${new URLSearchParams({ q: v.q, offset: String(offset) }).toString()}`;
  return layout({
    lang: v.lang,
    title: t.search,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'search',
    body: html`
<section class="toolbar"><h1>${t.search}${v.items ? html` <small>(${t.total}: ${totalText(v.lang, v.total, v.totalExact)})</small>` : ''}</h1></section>
<form method="get" action="/search" class="filters" role="search">
  <label>${t.searchHelp}<input type="search" name="q" value="${v.q}" maxlength="200" autofocus id="search-q"></label>
  <button type="submit" class="primary">${t.search}</button>
</form>
${v.items === undefined ? '' : v.items.length === 0 ? html`<p class="empty">${t.noResults}</p>` : flagTable({ lang: v.lang, items: v.items })}
${
  v.items && v.total > v.limit
    ? html`<nav class="pager">
  ${v.offset > 0 ? html`<a href="${link(Math.max(0, v.offset - v.limit))}">← ${t.prev}</a>` : ''}
  <span>${t.page} ${Math.floor(v.offset / v.limit) + 1} / ${Math.ceil(v.total / v.limit)}</span>
  ${v.offset + v.limit < v.total ? html`<a href="${link(v.offset + v.limit)}">${t.next} →</a>` : ''}
</nav>`
    : ''
}`,
  });
}
