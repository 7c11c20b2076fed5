import { html, type SafeHtml } from '../http/html.ts';
import { MESSAGES, type Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

export function loginPage(p: {
  lang: Lang;
  csrfToken: string;
  next: string;
  error?: string | undefined;
  username?: string | undefined;
}): SafeHtml {
  const t = MESSAGES[p.lang];
  return layout({
    lang: p.lang,
    title: t.login,
    user: undefined,
    csrfToken: p.csrfToken,
    section: 'login',
    body: html`<section class="card login">
  <h1>${t.appTitle}</h1>
  ${p.error ? html`<p class="alert" role="alert">${p.error}</p>` : ''}
  <form method="post" action="/login">
    ${csrfField(p.csrfToken)}
    <input type="hidden" name="next" value="${p.next}">
    <label>${t.username}<input name="username" autocomplete="username" required autofocus value="${p.username ?? ''}"></label>
    <label>${t.password}<input name="password" type="password" autocomplete="current-password" required></label>
    <button type="submit" class="primary">${t.login}</button>
  </form>
</section>`,
  });
}
