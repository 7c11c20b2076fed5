import type { DashboardData } from '../../repositories/dashboard.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { statusName } from '../terms.ts';
import { barChart, dayColumns } from './charts.ts';
import { LABEL_NAMES } from './format.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { layout } from './layout.view.ts';
import { agreementCard } from './second-review.view.ts';
import type { KappaResult } from '../../domain/agreement.ts';

export function dashboardPage(v: {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  data: DashboardData;
  days: number;
  agreement?: Record<string, KappaResult>;
}): SafeHtml {
  const t = MESSAGES[v.lang];
  const d = v.data;
  const label = (k: string) => LABEL_NAMES[v.lang][k] ?? k;
  return layout({
    lang: v.lang,
    title: t.dashboard,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'dashboard',
    body: html`
<section class="toolbar"><h1>${t.dashboard}</h1>
  <form method="get" action="/dashboard" class="inline"><select name="days">${[7, 30, 90].map((n) => html`<option value="${n}"${n === v.days ? html` selected` : ''}>${n} ${t.days}</option>`)}</select> <button type="submit">${t.apply}</button></form>
</section>
${v.user.role === 'researcher' ? html`<p class="muted">${t.researcherNote}</p>` : ''}
<section class="stats" id="status-totals">${d.byStatus.map((s) => html`<div class="stat status-${s.key}"><span class="n" data-status="${s.key}">${s.n}</span><span>${statusName(v.lang, s.key)}</span></div>`)}</section>
<section class="card"><h2>${t.perDay}</h2>
  ${dayColumns(
    d.days.map((x) => x.day),
    [
      { name: t.flagsRaised, values: d.days.map((x) => x.flags) },
      { name: `${t.decisionsTaken}: ${t.confirmed}`, values: d.days.map((x) => x.confirmed) },
      { name: `${t.decisionsTaken}: ${t.dismissed}`, values: d.days.map((x) => x.dismissed) },
    ],
    { title: t.perDay },
  )}
</section>
<div class="chart-grid">
  <section class="card"><h2>${t.perLabel}</h2>${barChart(
    d.byLabel.map((r) => ({ label: label(r.key), value: r.n })),
    { title: t.perLabel },
  )}</section>
  <section class="card" id="confirmation-rate"><h2>${t.confirmRate}</h2>${barChart(
    d.confirmation.map((r) => ({ label: label(r.label), value: r.rate ?? 0, note: `${r.confirmed}/${r.confirmed + r.dismissed}` })),
    { title: t.confirmRate, max: 1, format: (x) => `${Math.round(x * 100)}%`, color: '#2e8b57' },
  )}</section>
  <section class="card"><h2>${t.perAgency}</h2>${barChart(
    d.byAgency.map((r) => ({ label: r.key, value: r.n })),
    { title: t.perAgency, color: '#d9822b' },
  )}</section>
  ${v.agreement ? agreementCard(v.lang, v.agreement) : ''}
  <section class="card"><h2>${t.perRegion}</h2>${barChart(
    d.byRegion.map((r) => ({ label: r.key, value: r.n })),
    { title: t.perRegion, color: '#7a5195' },
  )}</section>
</div>`,
  });
}
