import { html, type SafeHtml } from '../http/html.ts';
import { MESSAGES, type Lang } from './i18n.ts';

/** A bare error page (no session data: it may be shown before the session is known). */
export function errorPage(lang: Lang, status: number, message: string): SafeHtml {
  const t = MESSAGES[lang];
  const title = status === 403 ? t.forbidden : status === 404 ? t.notFound : t.error;
  return html`<html lang="${lang}"><head><meta charset="utf-8"><title>${title} · netra</title><link rel="stylesheet" href="/static/app.css"></head>
<body><header class="top"><a class="brand" href="/">netra</a></header>
<main><section class="card error"><h1>${status} · ${title}</h1><p>${message}</p><p><a href="/">${t.back}</a></p></section></main></body></html>`;
}
