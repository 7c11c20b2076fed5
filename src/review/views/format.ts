import { reportDeadline } from '../../domain/decisions.ts';
import { formatWib } from '../../domain/wib-time.ts';
import { html, type SafeHtml } from '../http/html.ts';
import { statusName } from '../terms.ts';
import { MESSAGES, type Lang } from './i18n.ts';

export const LABEL_NAMES: Record<Lang, Record<string, string>> = {
  id: { partisan: 'keberpihakan', hate: 'ujaran kebencian', abusive: 'kata kasar', hoax: 'hoaks', money_politics: 'politik uang' },
  en: { partisan: 'partisan', hate: 'hate', abusive: 'abusive', hoax: 'hoax', money_politics: 'money politics' },
};

export const SANCTION_NAMES: Record<string, string> = {
  ringan: 'ringan',
  sedang: 'sedang',
  berat: 'berat',
  berat_atau_sedang: 'berat atau sedang',
  ptdh: 'PTDH (pemberhentian tidak dengan hormat)',
};

export function labelChips(lang: Lang, labels: readonly string[]): SafeHtml {
  return html`${labels.map((l) => html`<span class="chip label-${l}">${LABEL_NAMES[lang][l] ?? l}</span> `)}`;
}

export function statusChip(lang: Lang, status: string): SafeHtml {
  return html`<span class="status status-${status}">${statusName(lang, status)}</span>`;
}

export const wib = (d: Date | null | undefined): string => (d ? formatWib(d) : '—');
export const wibShort = (d: Date | null | undefined): string => (d ? formatWib(d).slice(0, 16) + ' WIB' : '—');

/** The 7-day reporting clock: time left until the deadline, or how late. */
export function deadlineClock(lang: Lang, discoveredAt: Date, now = new Date()): SafeHtml {
  const t = MESSAGES[lang];
  const due = reportDeadline(discoveredAt);
  const ms = due.getTime() - now.getTime();
  const title = `${t.deadline}: ${formatWib(due)}`;
  if (ms <= 0) {
    const days = Math.floor(-ms / 86_400_000);
    return html`<span class="clock overdue" title="${title}">${t.overdue}${days > 0 ? ` ${days} ${t.days}` : ''}</span>`;
  }
  const hours = Math.floor(ms / 3_600_000);
  const cls = hours < 48 ? 'clock urgent' : 'clock';
  return html`<span class="${cls}" title="${title}">${hours >= 48 ? `${Math.floor(hours / 24)} ${t.daysLeft}` : `${hours} ${t.hoursLeft}`}</span>`;
}

export function excerpt(text: string, max = 140): string {
  const one = text.replace(/\s+/g, ' ').trim();
  return [...one].length <= max ? one : `${[...one].slice(0, max - 1).join('')}…`;
}
