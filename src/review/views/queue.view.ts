import { DISMISS_REASONS } from '../../domain/decisions.ts';
import type { FlagStatus } from '../../domain/statuses.ts';
import { LABELS } from '../../domain/labels.ts';
import { can } from '../../domain/roles.ts';
import type { QueueFilter, QueueSort } from '../../repositories/queue.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { statusName } from '../terms.ts';
import { flagTable, type ShownItem } from './flag-table.view.ts';
import { LABEL_NAMES } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

export interface QueueView {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  /** `queue`: what analysts work; `escalations`: the supervisors' queue. */
  mode: 'queue' | 'escalations';
  filter: QueueFilter;
  /** The filter as a query string, for links and the take-next form. */
  query: URLSearchParams;
  items: ShownItem[];
  total: number;
  /** False when `total` is only a lower bound (10,000+). */
  totalExact?: boolean;
  offset: number;
  limit: number;
  facets: { agencies: string[]; regions: string[]; platforms: string[] };
  /** Statuses the status menu offers. */
  statuses: readonly FlagStatus[];
  /** Active people a supervisor may assign flags to. */
  analysts?: { username: string; name: string }[];
  message?: string | undefined;
  now?: Date;
}

function select(
  name: string,
  label: string,
  options: { value: string; text: string }[],
  selected: readonly string[] | undefined,
  allText: string,
): SafeHtml {
  const cur = selected?.[0] ?? '';
  return html`<label>${label}<select name="${name}">
    <option value="">${allText}</option>
    ${options.map((o) => html`<option value="${o.value}"${o.value === cur ? html` selected` : ''}>${o.text}</option>`)}
  </select></label>`;
}

/** `1.234` or `10.000+` (a count that stopped at its cap). */
export function totalText(lang: Lang, total: number, exact = true): string {
  return `${total.toLocaleString(lang === 'en' ? 'en-US' : 'id-ID')}${exact ? '' : '+'}`;
}

export function queuePage(v: QueueView): SafeHtml {
  const t = MESSAGES[v.lang];
  const f = v.filter;
  const base = v.mode === 'escalations' ? '/escalations' : '/queue';
  const hidden = [...v.query.entries()]
    .filter(([k]) => k !== 'offset')
    .map(([k, val]) => html`<input type="hidden" name="${k}" value="${val}">`);
  const link = (changes: Record<string, string>) => {
    const q = new URLSearchParams(v.query);
    for (const [k, val] of Object.entries(changes)) q.set(k, val);
    return `${base}?${q.toString()}`;
  };
  const sort = f.sort ?? 'rank';
  const dir = f.dir ?? (sort === 'rank' || sort === 'posted' ? 'desc' : 'asc');
  const mayDismiss = can(v.user.role, 'flag.decide');
  const mayAssign = can(v.user.role, 'flag.assign') && (v.analysts?.length ?? 0) > 0;
  const selectable = mayDismiss
    ? (it: ShownItem) =>
        it.status === 'open' ||
        (it.status === 'claimed' && it.assignee === v.user.username) ||
        (it.status !== 'blind' && can(v.user.role, 'flag.decide_escalated') && (it.status === 'claimed' || it.status === 'escalated'))
    : undefined;
  const bulk = html`<fieldset class="bulk" id="bulk-actions"><legend>${t.bulkTitle}</legend>
    <label>${t.bulkAction}<select name="action" id="bulk-action">
      <option value="dismiss">${t.dismiss}</option>
      ${mayAssign ? html`<option value="assign">${t.assign}</option>` : ''}
    </select></label>
    <label>${t.reason}<select name="dismissReason">${Object.entries(DISMISS_REASONS).map(([k, r]) => html`<option value="${k}">${v.lang === 'en' ? r.en : r.id}</option>`)}</select></label>
    <label>${t.explanation}<input name="dismissText" maxlength="4000"></label>
    ${mayAssign ? html`<label>${t.assignTo}<select name="assignee">${v.analysts!.map((a) => html`<option value="${a.username}">${a.name} (${a.username})</option>`)}</select></label>` : ''}
    <label>${t.note}<input name="reason" maxlength="4000"></label>
    <button type="submit" id="bulk-submit">${t.bulkApply}</button>
  </fieldset>`;
  return layout({
    lang: v.lang,
    title: v.mode === 'escalations' ? t.escalations : t.queue,
    user: v.user,
    csrfToken: v.csrfToken,
    section: v.mode,
    body: html`
<section class="toolbar">
  <h1>${v.mode === 'escalations' ? t.escalations : t.queue} <small>(${t.total}: ${totalText(v.lang, v.total, v.totalExact)})</small></h1>
  ${
    v.mode === 'queue' && can(v.user.role, 'flag.decide')
      ? html`<form method="post" action="/queue/next" class="inline" id="take-next">
    ${csrfField(v.csrfToken)}${hidden}
    <button type="submit" class="primary" accesskey="n">${t.takeNext} <kbd>n</kbd></button>
  </form>`
      : ''
  }
</section>
${v.mode === 'escalations' ? html`<p class="muted">${t.escalationsIntro}</p>` : ''}
${v.message ? html`<p class="notice" role="status" id="queue-message">${v.message}</p>` : ''}
<form method="get" action="${base}" class="filters">
  ${select(
    'label',
    t.label,
    LABELS.map((l) => ({ value: l, text: LABEL_NAMES[v.lang][l]! })),
    f.labels,
    t.all,
  )}
  ${v.mode === 'queue' ? select('status', t.status, [{ value: 'mine', text: t.mine }, ...v.statuses.map((s) => ({ value: s, text: statusName(v.lang, s) }))], v.query.getAll('status'), `${t.all} (${statusName(v.lang, 'open')}, ${statusName(v.lang, 'claimed')})`) : ''}
  ${select(
    'agency',
    t.agency,
    v.facets.agencies.map((a) => ({ value: a, text: a })),
    f.agencies,
    t.all,
  )}
  ${select(
    'region',
    t.region,
    v.facets.regions.map((a) => ({ value: a, text: a })),
    f.regions,
    t.all,
  )}
  ${select(
    'platform',
    t.platform,
    v.facets.platforms.map((a) => ({ value: a, text: a })),
    f.platforms,
    t.all,
  )}
  <label>${t.from}<input type="date" name="from" value="${f.from ?? ''}"></label>
  <label>${t.to}<input type="date" name="to" value="${f.to ?? ''}"></label>
  ${f.sort ? html`<input type="hidden" name="sort" value="${sort}"><input type="hidden" name="dir" value="${dir}">` : ''}
  <button type="submit">${t.apply}</button> <a href="${base}">${t.reset}</a>
</form>
${
  v.items.length === 0
    ? html`<p class="empty">${t.noMoreFlags}</p>`
    : html`<form method="post" action="/queue/bulk" id="bulk-form">
  ${csrfField(v.csrfToken)}${hidden}
  ${flagTable({ lang: v.lang, items: v.items, now: v.now, selectable, sort: { current: sort as QueueSort, dir, link: (s, d) => link({ sort: s, dir: d, offset: '0' }) } })}
  ${selectable ? bulk : ''}
</form>`
}
<nav class="pager">
  ${v.offset > 0 ? html`<a href="${link({ offset: String(Math.max(0, v.offset - v.limit)) })}">← ${t.prev}</a>` : ''}
  <span>${t.page} ${Math.floor(v.offset / v.limit) + 1} / ${Math.max(1, Math.ceil(v.total / v.limit))}${v.totalExact === false ? '+' : ''}</span>
  ${v.offset + v.limit < v.total || v.totalExact === false ? html`<a href="${link({ offset: String(v.offset + v.limit) })}">${t.next} →</a>` : ''}
</nav>
<p class="hint">${t.shortcuts}</p>`,
  });
}
