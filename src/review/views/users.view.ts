import { USER_ROLES } from '../../domain/roles.ts';
import type { UserListItem } from '../../repositories/users.repository.ts';
import type { SessionUser } from '../../repositories/sessions.repository.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { roleName } from '../terms.ts';
import { wib } from './format.ts';
import type { Lang } from './i18n.ts';
import { csrfField, layout } from './layout.view.ts';

const T = {
  id: {
    title: 'Pengguna',
    username: 'Nama pengguna',
    name: 'Nama',
    role: 'Peran',
    state: 'Keadaan',
    lastLogin: 'Terakhir masuk',
    actions: 'Tindakan',
    active: 'aktif',
    disabled: 'nonaktif',
    locked: 'terkunci sampai',
    disable: 'Nonaktifkan',
    enable: 'Aktifkan',
    unlock: 'Buka kunci',
    setRole: 'Ubah peran',
    newPassword: 'Kata sandi baru',
    setPassword: 'Setel kata sandi',
    add: 'Tambah pengguna',
    password: 'Kata sandi (minimal 12 karakter)',
    create: 'Buat',
    done: 'Tersimpan.',
    never: 'belum pernah',
  },
  en: {
    title: 'Users',
    username: 'Username',
    name: 'Name',
    role: 'Role',
    state: 'State',
    lastLogin: 'Last sign-in',
    actions: 'Actions',
    active: 'active',
    disabled: 'disabled',
    locked: 'locked until',
    disable: 'Disable',
    enable: 'Enable',
    unlock: 'Unlock',
    setRole: 'Change role',
    newPassword: 'New password',
    setPassword: 'Set password',
    add: 'Add a user',
    password: 'Password (at least 12 characters)',
    create: 'Create',
    done: 'Saved.',
    never: 'never',
  },
} as const;

export function usersPage(v: {
  lang: Lang;
  user: SessionUser;
  csrfToken: string;
  users: UserListItem[];
  message?: string | undefined;
  error?: string | undefined;
}): SafeHtml {
  const t = T[v.lang];
  const roleSelect = (current?: string) =>
    html`<select name="role">${USER_ROLES.map((r) => html`<option value="${r}"${r === current ? html` selected` : ''}>${roleName(v.lang, r)}</option>`)}</select>`;
  const post = (u: UserListItem, what: string, label: string, extra: SafeHtml = html``) =>
    html`<form method="post" action="/users/${u.username}/${what}" class="inline">${csrfField(v.csrfToken)}${extra}<button type="submit" data-action="${what}">${label}</button></form>`;
  const rows = v.users.map(
    (u) => html`<tr data-user="${u.username}">
      <td><code>${u.username}</code></td>
      <td>${u.display_name}</td>
      <td>${roleName(v.lang, u.role)}</td>
      <td class="state">${u.disabled ? t.disabled : u.locked_until ? html`${t.locked} ${wib(u.locked_until)}` : t.active}</td>
      <td><small>${u.last_login_at ? wib(u.last_login_at) : t.never}</small></td>
      <td class="user-actions">
        ${u.username === v.user.username ? '' : u.disabled ? post(u, 'enable', t.enable) : post(u, 'disable', t.disable)}
        ${u.locked_until ? post(u, 'unlock', t.unlock) : ''}
        ${u.username === v.user.username ? '' : post(u, 'role', t.setRole, roleSelect(u.role))}
        ${post(u, 'password', t.setPassword, html`<input type="password" name="password" autocomplete="new-password" minlength="12" placeholder="${t.newPassword}" required>`)}
      </td>
    </tr>`,
  );
  return layout({
    lang: v.lang,
    title: t.title,
    user: v.user,
    csrfToken: v.csrfToken,
    section: 'users',
    body: html`
<section class="toolbar"><h1>${t.title} <small>(${v.users.length})</small></h1></section>
${v.message ? html`<p class="notice" role="status" id="users-message">${v.message}</p>` : ''}
${v.error ? html`<p class="alert" role="alert" id="users-message">${v.error}</p>` : ''}
<table class="queue" id="users-table">
  <thead><tr><th>${t.username}</th><th>${t.name}</th><th>${t.role}</th><th>${t.state}</th><th>${t.lastLogin}</th><th>${t.actions}</th></tr></thead>
  <tbody>${rows}</tbody>
</table>
<section class="card narrow" id="add-user">
  <h2>${t.add}</h2>
  <form method="post" action="/users" class="stack">
    ${csrfField(v.csrfToken)}
    <label>${t.username}<input name="username" pattern="[a-z][a-z0-9._\\-]{1,31}" required autocomplete="off"></label>
    <label>${t.name}<input name="displayName" maxlength="200"></label>
    <label>${t.role}${roleSelect('analyst')}</label>
    <label>${t.password}<input type="password" name="password" minlength="12" required autocomplete="new-password"></label>
    <button type="submit" class="primary">${t.create}</button>
  </form>
</section>`,
  });
}

export const usersDone = (lang: Lang) => T[lang].done;
