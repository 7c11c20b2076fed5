import { html, safeUrl, type SafeHtml } from '../http/html.ts';
import type { Lang } from './i18n.ts';

/** The post a quote or repost carries: what the flag and person pages show of it. */
export interface SharedPostShown {
  kind: 'quote' | 'repost';
  url?: string | null;
  authorHandle: string | null;
  text: string | null;
}

/**
 * Another account's post that this one quotes or reposts, set apart and captioned as that
 * account's words, never the civil servant's (the classifier does not score it as theirs either).
 */
export function sharedPostFigure(lang: Lang, s: SharedPostShown | null | undefined): SafeHtml {
  if (!s) return html``;
  const who = `@${s.authorHandle ?? '?'}`;
  const caption =
    lang === 'en'
      ? `${s.kind === 'quote' ? 'Quotes' : 'Reposts'} a post by ${who} (not this account's words)`
      : `${s.kind === 'quote' ? 'Mengutip' : 'Membagikan'} unggahan ${who} (bukan kata-kata akun ini)`;
  return html`<figure class="shared-post"><figcaption>${caption}${s.url ? html` · <a href="${safeUrl(s.url)}" rel="noopener noreferrer" target="_blank">${lang === 'en' ? 'original' : 'asli'}</a>` : ''}</figcaption><blockquote>${s.text ?? ''}</blockquote></figure>`;
}
