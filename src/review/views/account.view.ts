import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { roleName } from '../terms.ts';
import type { Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

const T = {
  id: {
    title: 'Akun saya',
    role: 'Peran',
    change: 'Ganti kata sandi',
    current: 'Kata sandi sekarang',
    next: 'Kata sandi baru (minimal 12 karakter)',
    repeat: 'Ulangi kata sandi baru',
    save: 'Ganti kata sandi',
    done: 'Kata sandi diganti. Sesi Anda di perangkat lain telah diakhiri.',
  },
  en: {
    title: 'My account',
    role: 'Role',
    change: 'Change password',
    current: 'Current password',
    next: 'New password (at least 12 characters)',
    repeat: 'Repeat the new password',
    save: 'Change password',
    done: 'Password changed. Your sessions on other devices have ended.',
  },
} as const;

export function accountPage(v: { lang: Lang; user: SessionUser; csrfToken: string; done?: boolean; error?: string | undefined }): SafeHtml {
  const t = T[v.lang];
  return layout({
    lang: v.lang,
    title: t.title,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'account',
    body: html`<section class="card narrow" id="account">
  <h1>${t.title}</h1>
  <p><strong>${v.user.displayName}</strong> (${v.user.username}) · ${t.role}: ${roleName(v.lang, v.user.role)}</p>
  ${v.done ? html`<p class="notice" role="status" id="account-message">${t.done}</p>` : ''}
  ${v.error ? html`<p class="alert" role="alert" id="account-message">${v.error}</p>` : ''}
  <h2>${t.change}</h2>
  <form method="post" action="/account/password" id="password-form">
    ${csrfField(v.csrfToken)}
    <input type="hidden" name="username" value="${v.user.username}" autocomplete="username">
    <label>${t.current}<input name="currentPassword" type="password" autocomplete="current-password" required></label>
    <label>${t.next}<input name="newPassword" type="password" autocomplete="new-password" minlength="12" required></label>
    <label>${t.repeat}<input name="repeatPassword" type="password" autocomplete="new-password" minlength="12" required></label>
    <button type="submit" class="primary">${t.save}</button>
  </form>
</section>`,
  });
}
