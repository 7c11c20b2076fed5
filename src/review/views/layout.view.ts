import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { can } from '../../domain/roles.ts';
import { ROLE_NAMES_ID } from '../../domain/roles.ts';
import { html, type HtmlValue, type SafeHtml } from '../http/html.ts';
import { MESSAGES, type Lang } from './i18n.ts';

export interface LayoutInput {
  lang: Lang;
  title: string;
  user: SessionUser | undefined;
  csrfToken: string;
  /** Current section for the navigation. */
  section?: 'queue' | 'dashboard' | 'flag' | 'report' | 'login';
  body: HtmlValue;
  /** Extra class on <body> (e.g. `print` for reports). */
  bodyClass?: string;
}

/** A hidden CSRF field for forms. */
export const csrfField = (token: string): SafeHtml => html`<input type="hidden" name="_csrf" value="${token}">`;

/** The page frame: header with navigation, language toggle and sign-out; no inline script or style. */
export function layout(p: LayoutInput): SafeHtml {
  const t = MESSAGES[p.lang];
  const u = p.user;
  const nav = u
    ? html`<nav class="main-nav">
        ${can(u.role, 'queue.read') ? html`<a href="/queue" class="${p.section === 'queue' ? 'active' : ''}">${t.queue}</a>` : ''}
        ${can(u.role, 'flag.decide') ? html`<a href="/second-reviews">${p.lang === 'en' ? 'Second review' : 'Tinjauan kedua'}</a>` : ''}
        ${can(u.role, 'dashboard.read') ? html`<a href="/dashboard" class="${p.section === 'dashboard' ? 'active' : ''}">${t.dashboard}</a>` : ''}
      </nav>`
    : '';
  return html`<html lang="${p.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${p.title} · netra</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="/static/app.css">
<script src="/static/app.js" defer></script>
</head>
<body class="${p.bodyClass ?? ''}" data-section="${p.section ?? ''}">
<header class="top">
  <a class="brand" href="/">netra</a>
  ${nav}
  <div class="spacer"></div>
  <form method="post" action="/lang" class="inline">
    ${csrfField(p.csrfToken)}<input type="hidden" name="to" value="${p.lang === 'id' ? 'en' : 'id'}">
    <button type="submit" class="link">${t.language}</button>
  </form>
  ${u
    ? html`<span class="who">${u.displayName} · ${p.lang === 'id' ? ROLE_NAMES_ID[u.role] : u.role}</span>
      <form method="post" action="/logout" class="inline">${csrfField(p.csrfToken)}<button type="submit" class="link">${t.logout}</button></form>`
    : ''}
</header>
<main>
${p.body}
</main>
</body>
</html>`;
}
