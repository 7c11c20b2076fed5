import type { ClaimInput } from '../claim-text.ts';
import { createHash } from 'node:crypto';
import { categoryOf, circulatedText, claimTitle, isDebunk, verdictOf } from './fact-check-text.ts';
import { htmlToText } from './html-text.ts';

/**
 * An RSS 2.0 feed of fact-checks (www.rssboard.org/rss-specification): `<item>` with `title`,
 * `link`, `guid`, `pubDate` (RFC 822) and `description` or `content:encoded`. RSS gives the latest
 * items only, with no paging: the cursor is the newest `pubDate` read. Pure.
 */
export interface RssItem {
  title: string;
  link: string | null;
  guid: string | null;
  pubDate: Date | null;
  html: string;
}

function tag(xml: string, name: string): string | null {
  const m = new RegExp(`<${name}(?:\\s[^>]*)?>([\\s\\S]*?)</${name}>`, 'i').exec(xml);
  if (!m) return null;
  return m[1]!.replace(/^\s*<!\[CDATA\[([\s\S]*?)\]\]>\s*$/, '$1');
}

export function parseRss(xml: string): RssItem[] {
  if (!/<rss[\s>]/i.test(xml) && !/<channel[\s>]/i.test(xml)) throw new Error('not an RSS feed (no <rss> or <channel> element)');
  const items: RssItem[] = [];
  for (const m of xml.matchAll(/<item(?:\s[^>]*)?>([\s\S]*?)<\/item>/gi)) {
    const x = m[1]!;
    const date = tag(x, 'pubDate');
    const t = date ? new Date(date.trim()) : null;
    items.push({
      title: htmlToText(tag(x, 'title') ?? ''),
      link: tag(x, 'link')?.trim() || null,
      guid: tag(x, 'guid')?.trim() || null,
      pubDate: t && !Number.isNaN(t.getTime()) ? t : null,
      html: tag(x, 'content:encoded') ?? tag(x, 'description') ?? '',
    });
  }
  return items;
}

/** An item as a claim (same rules as WordPress posts: a false verdict in the title), keyed by its guid or link. */
export function rssItemToClaim(item: RssItem, source: string): { claim?: ClaimInput; skipped?: string } {
  if (!item.title) return { skipped: 'item without a title' };
  if (!isDebunk(item.title))
    return { skipped: `${verdictOf(item.title) ? `verdict [${verdictOf(item.title)}]` : 'no verdict label'} (${item.title.slice(0, 60)})` };
  const key = item.guid ?? item.link ?? item.title;
  const text = htmlToText(item.html);
  const title = claimTitle(item.title);
  return {
    claim: {
      line: 0,
      source,
      // Short and stable: feeds use whole URLs as guids.
      sourceId: createHash('sha256').update(key).digest('hex').slice(0, 16),
      title,
      claimText: circulatedText(text) ?? title,
      category: categoryOf(text) ?? verdictOf(item.title),
      debunkUrl: item.link && /^https?:\/\//.test(item.link) ? item.link : null,
      publishedOn: item.pubDate ? item.pubDate.toISOString().slice(0, 10) : null,
    },
  };
}
