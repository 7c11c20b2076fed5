import type { EngagementView } from '../../repositories/engagements.repository.ts';
import { html, safeUrl, type SafeHtml } from '../http/html.ts';
import { excerpt, wib } from './format.ts';
import type { Lang } from './i18n.ts';

const ACT: Record<Lang, Record<string, string>> = {
  id: {
    repost: 'Membagikan ulang (repost)',
    quote: 'Mengutip (quote)',
    reply: 'Membalas',
    mention: 'Menyebut dengan dukungan',
    follow: 'Mengikuti akun',
    like: 'Menyukai',
  },
  en: { repost: 'Reposted', quote: 'Quoted', reply: 'Replied to', mention: 'Mentioned in support', follow: 'Follows', like: 'Liked' },
};

const T = {
  id: {
    title: 'Interaksi dengan akun kampanye',
    action: 'Tindakan ASN',
    campaign: 'Unggahan akun kampanye (sebagaimana terekam)',
    own: 'Kata-kata sendiri',
    noOwn: 'tanpa kata-kata sendiri',
    open: 'buka',
    source: 'sumber registri',
    noText: 'teks unggahan kampanye tidak dikembalikan oleh sumber',
  },
  en: {
    title: 'Engagements with campaign accounts',
    action: "Civil servant's action",
    campaign: "Campaign account's post (as captured)",
    own: 'Own words',
    noOwn: 'no words of their own',
    open: 'open',
    source: 'registry source',
    noText: "the source did not return the campaign post's text",
  },
};

/** An engagement flag's items: each civil servant's action beside the campaign post it touches. */
export function engagementItemsSection(lang: Lang, items: readonly EngagementView[]): SafeHtml {
  const t = T[lang];
  return html`<section class="card post engagements" id="engagements">
    <h2>${t.title} (${items.length})</h2>
    ${items.map(
      (e) => html`<div class="engagement-item flag-grid" data-kind="${e.kind}">
      <div class="col-main">
        <h3>${t.action}</h3>
        <p class="meta">${ACT[lang][e.kind] ?? e.kind} · ${e.account.platform}/@${e.account.handle} · ${wib(e.observedAt)}${e.post?.url ? html` · <a href="${safeUrl(e.post.url)}" rel="noopener noreferrer" target="_blank">${t.open}</a>` : ''}</p>
        ${e.post ? html`<blockquote class="post-text">${e.post.text ? e.post.text : html`<span class="muted">${t.noOwn}</span>`}</blockquote>` : ''}
      </div>
      <div class="col-side">
        <h3>${t.campaign}</h3>
        <p class="meta">@${e.target.authorHandle} · ${e.campaign.ownerName}${e.campaign.ownerRef ? ` (${e.campaign.ownerRef})` : ''} · ${e.campaign.contest}${e.target.url ? html` · <a href="${safeUrl(e.target.url)}" rel="noopener noreferrer" target="_blank">${t.open}</a>` : ''}</p>
        <blockquote class="campaign-post">${e.target.text ?? html`<span class="muted">${t.noText}</span>`}</blockquote>
        <p class="muted"><small>${t.source}: ${excerpt(e.campaign.source, 120)}</small></p>
      </div>
    </div>`,
    )}
  </section>`;
}
