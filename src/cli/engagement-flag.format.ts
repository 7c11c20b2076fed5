import { formatWib } from '../domain/wib-time.ts';
import type { EngagementView } from '../repositories/engagements.repository.ts';
import type { FlagListItem } from '../repositories/flags.repository.ts';

const ACT: Record<string, string> = {
  repost: 'reposted',
  quote: 'quoted',
  reply: 'replied to',
  mention: 'mentioned in support',
  follow: 'follows',
  like: 'liked',
};
const short = (s: string, n = 110) => {
  const t = s.replace(/\s+/g, ' ').trim();
  return t.length > n ? `${t.slice(0, n)}…` : t;
};

/** An engagement flag for a terminal: who, then each item as the action beside the campaign post it touches. */
export function formatEngagementFlag(f: FlagListItem, items: readonly EngagementView[]): string {
  const who = [f.personName, f.agency, f.region].filter(Boolean).join(', ');
  const lines = [
    `#${f.id}  [${f.labels.join(', ')}] engagement  priority ${f.priority.toFixed(0)}  ${f.status}${f.phase ? `  (${f.phase.replace('_', ' ')})` : ''}  ${items.length} item(s)`,
    `  ${who || '(no person)'}; SKB 2022 item 6 (sharing, commenting, liking, following a campaign account)`,
  ];
  for (const e of items) {
    lines.push(
      `  - ${formatWib(e.observedAt).replace(/:\d\d WIB$/, ' WIB')}  ${e.account.platform}/@${e.account.handle} ${ACT[e.kind] ?? e.kind} @${e.target.authorHandle} (${e.campaign.ownerName}, ${e.campaign.contest})`,
    );
    if (e.post) lines.push(`      own words: ${e.post.text ? `"${short(e.post.text)}"` : '(none)'}${e.post.url ? `  ${e.post.url}` : ''}`);
    if (e.target.text || e.target.url)
      lines.push(
        `      campaign post: ${e.target.text ? `"${short(e.target.text)}"` : '(text not returned)'}${e.target.url ? `  ${e.target.url}` : ''}`,
      );
  }
  return lines.join('\n');
}
