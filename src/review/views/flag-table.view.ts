import type { QueueItem, QueueSort } from '../../repositories/queue.repository.ts';
import type { ShownStatus } from '../blind.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { deadlineClock, excerpt, labelChips, statusChip, wibShort } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';

/** A list row as shown (status `blind` while the viewer owes the flag a blind second review). */
export type ShownItem = Omit<QueueItem, 'status'> & { status: ShownStatus };

export interface FlagTableInput {
  lang: Lang;
  items: ShownItem[];
  now?: Date | undefined;
  /** Column headers link to these orders (the queue); none: plain headers (search). */
  sort?: { current: QueueSort; dir: 'asc' | 'desc'; link: (sort: QueueSort, dir: 'asc' | 'desc') => string } | undefined;
  /** A checkbox per row that bulk actions may take (`flag=ID:VERSION`). */
  selectable?: ((it: ShownItem) => boolean) | undefined;
}

const DEFAULT_DIR: Record<QueueSort, 'asc' | 'desc'> = { rank: 'desc', posted: 'desc', deadline: 'asc', id: 'asc' };

/** The flags table of the queue, the escalations and search results. */
export function flagTable(v: FlagTableInput): SafeHtml {
  const t = MESSAGES[v.lang];
  const head = (key: QueueSort, text: string) => {
    if (!v.sort) return html`<th>${text}</th>`;
    const active = v.sort.current === key;
    const dir = active ? (v.sort.dir === 'asc' ? 'desc' : 'asc') : DEFAULT_DIR[key];
    const arrow = active ? (v.sort.dir === 'asc' ? ' ▲' : ' ▼') : '';
    return html`<th aria-sort="${active ? (v.sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}"><a href="${v.sort.link(key, dir)}" class="sort" data-sort="${key}">${text}${arrow}</a></th>`;
  };
  const rows = v.items.map(
    (it, i) => html`<tr data-href="/flags/${it.id}" class="${i === 0 ? 'selected' : ''}" data-id="${it.id}">
      ${v.selectable ? html`<td class="pick">${v.selectable(it) ? html`<input type="checkbox" name="flag" value="${it.id}:${it.version}" aria-label="#${it.id}">` : ''}</td>` : ''}
      <td class="num">${it.rank.toFixed(1)}</td>
      <td><a href="/flags/${it.id}">#${it.id}</a></td>
      <td>${labelChips(v.lang, it.labels)}</td>
      <td>${statusChip(v.lang, it.status)}${it.assignee && it.status === 'claimed' ? html`<br><small>${it.assignee}${it.claimExpiresAt === null ? ` (${t.assignedTag})` : ''}</small>` : ''}</td>
      <td>${it.personId != null && it.personName != null ? html`<a href="/persons/${it.personId}" class="person-link">${it.personName}</a>` : (it.personName ?? '—')}<br><small>${it.platform}/@${it.handle}</small></td>
      <td>${it.agency ?? '—'}<br><small>${it.region ?? ''}</small></td>
      <td class="text">${excerpt(it.text)}</td>
      <td><small>${wibShort(it.postedAt)}</small></td>
      <td>${it.status === 'open' || it.status === 'claimed' || it.status === 'escalated' ? deadlineClock(v.lang, it.discoveredAt, v.now) : '—'}</td>
    </tr>`,
  );
  return html`<table class="queue" id="queue-table">
  <thead><tr>${v.selectable ? html`<th class="pick"><span class="sr">${t.select}</span></th>` : ''}${head('rank', t.rank)}${head('id', '#')}<th>${t.label}</th><th>${t.status}</th><th>${t.person} / ${t.account}</th><th>${t.agency} / ${t.region}</th><th>${t.post}</th>${head('posted', t.posted)}${head('deadline', t.deadline)}</tr></thead>
  <tbody>${rows}</tbody>
</table>`;
}
