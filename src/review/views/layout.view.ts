import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { can } from '../../domain/roles.ts';
import { html, type HtmlValue, type SafeHtml } from '../http/html.ts';
import { roleName } from '../terms.ts';
import { MESSAGES, type Lang } from './i18n.ts';

export interface LayoutInput {
  lang: Lang;
  title: string;
  user: SessionUser | undefined;
  csrfToken: string;
  /** Current section for the navigation. */
  section?:
    'queue' | 'escalations' | 'second-review' | 'search' | 'dashboard' | 'flag' | 'report' | 'login' | 'users' | 'account' | 'person';
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
  const link = (href: string, section: LayoutInput['section'], text: string) =>
    html`<a href="${href}" class="${p.section === section ? 'active' : ''}">${text}</a>`;
  const nav = u
    ? html`<nav class="main-nav">
        ${can(u.role, 'queue.read') ? link('/queue', 'queue', t.queue) : ''}
        ${can(u.role, 'flag.decide_escalated') ? link('/escalations', 'escalations', t.escalations) : ''}
        ${can(u.role, 'flag.second_review') ? link('/second-reviews', 'second-review', t.secondReview) : ''}
        ${can(u.role, 'queue.read') ? link('/search', 'search', t.search) : ''}
        ${can(u.role, 'dashboard.read') ? link('/dashboard', 'dashboard', t.dashboard) : ''}
        ${can(u.role, 'users.manage') ? link('/users', 'users', t.users) : ''}
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
  ${
    u
      ? html`<a class="who" href="/account" title="${t.account}">${u.displayName} · ${roleName(p.lang, u.role)}</a>
      <form method="post" action="/logout" class="inline">${csrfField(p.csrfToken)}<button type="submit" class="link">${t.logout}</button></form>`
      : ''
  }
</header>
<main>
${p.body}
</main>
</body>
</html>`;
}
