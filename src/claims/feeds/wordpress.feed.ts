import type { InputProblem } from '../../domain/errors.ts';
import type { ClaimInput } from '../claim-text.ts';
import { categoryOf, circulatedText, claimTitle, isDebunk, verdictOf } from './fact-check-text.ts';
import type { FeedHttp } from './feed-http.ts';
import { htmlToText } from './html-text.ts';

/**
 * A fact-checker's WordPress REST API (developer.wordpress.org/rest-api/reference/posts/):
 * `GET /wp-json/wp/v2/posts?modified_after=...&orderby=modified&order=asc&per_page=100&page=N`,
 * each post with `id`, `date_gmt`, `modified_gmt`, `link`, `title.rendered`, `content.rendered`;
 * the page count in `X-WP-TotalPages`. Ordered by modification time, so the newest `modified_gmt`
 * read is the cursor of the next sync.
 */

export interface WpPost {
  id: number;
  date_gmt?: string;
  modified_gmt?: string;
  link?: string;
  title?: { rendered?: string };
  content?: { rendered?: string };
}

const FIELDS = 'id,date_gmt,modified_gmt,link,title,content';

/** The URL of one page of posts modified after `after`. */
export function postsPageUrl(site: string, page: number, after: Date | null): URL {
  const u = new URL(`${site.replace(/\/$/, '')}/wp-json/wp/v2/posts`);
  u.searchParams.set('per_page', '100');
  u.searchParams.set('page', String(page));
  u.searchParams.set('orderby', 'modified');
  u.searchParams.set('order', 'asc');
  u.searchParams.set('_fields', FIELDS);
  // WordPress wants a local ISO 8601 time without a zone; `_gmt` fields and this are UTC here.
  if (after) u.searchParams.set('modified_after', after.toISOString().slice(0, 19));
  return u;
}

const gmt = (s: string | undefined) => (s ? new Date(/[zZ]|[+-]\d\d:?\d\d$/.test(s) ? s : `${s}Z`) : null);

/**
 * A post as a claim, or why it is not one: only articles whose title carries a false verdict
 * (`[SALAH]`, `[HOAKS]`, `[DISINFORMASI]` ...) are debunked claims; the circulated text is taken
 * where the article marks it (`NARASI:`, "dengan narasi: “...”"), else the title stands for it.
 */
export function wpPostToClaim(p: WpPost, source: string, where: string): { claim?: ClaimInput; skipped?: string; problem?: InputProblem } {
  const rawTitle = htmlToText(p.title?.rendered ?? '');
  if (!Number.isInteger(p.id))
    return { problem: { file: where, line: 0, field: 'id', message: `post without a numeric id: ${JSON.stringify(p.id)}` } };
  if (!rawTitle) return { problem: { file: where, line: 0, field: 'title', message: `post ${p.id} has no title` } };
  if (!isDebunk(rawTitle))
    return {
      skipped: `${p.id}: ${verdictOf(rawTitle) ? `verdict [${verdictOf(rawTitle)}]` : 'no verdict label'} (${rawTitle.slice(0, 60)})`,
    };
  const text = htmlToText(p.content?.rendered ?? '');
  const title = claimTitle(rawTitle);
  const published = gmt(p.date_gmt);
  return {
    claim: {
      line: 0,
      source,
      sourceId: String(p.id),
      title,
      claimText: circulatedText(text) ?? title,
      category: categoryOf(text) ?? verdictOf(rawTitle),
      debunkUrl: p.link && /^https?:\/\//.test(p.link) ? p.link : null,
      publishedOn: published && !Number.isNaN(published.getTime()) ? published.toISOString().slice(0, 10) : null,
    },
  };
}

export interface WpPage {
  posts: WpPost[];
  totalPages: number | null;
  /** Past the last page (WordPress answers 400 `rest_post_invalid_page_number`). */
  end: boolean;
}

/** Fetch one page; a page past the end is an empty last page, anything else not 200 an error naming the URL. */
export async function fetchPostsPage(
  http: FeedHttp,
  site: string,
  page: number,
  after: Date | null,
  signal?: AbortSignal,
): Promise<WpPage> {
  const url = postsPageUrl(site, page, after);
  const r = await http(url, signal);
  if (r.status === 400 && /rest_post_invalid_page_number/.test(r.body)) return { posts: [], totalPages: null, end: true };
  if (r.status !== 200) throw new Error(`${url.origin}${url.pathname}: HTTP ${r.status}: ${r.body.slice(0, 200)}`);
  let posts: unknown;
  try {
    posts = JSON.parse(r.body);
  } catch {
    throw new Error(`${url.href}: the response is not JSON (is this a WordPress REST API?)`);
  }
  if (!Array.isArray(posts)) throw new Error(`${url.href}: expected a JSON array of posts`);
  const total = Number(r.headers.get('x-wp-totalpages'));
  return { posts: posts as WpPost[], totalPages: Number.isFinite(total) && total > 0 ? total : null, end: false };
}

/** The newest modification time among posts (the next cursor). */
export function newestModified(posts: readonly WpPost[]): Date | null {
  let best: Date | null = null;
  for (const p of posts) {
    const t = gmt(p.modified_gmt);
    if (t && !Number.isNaN(t.getTime()) && (!best || t > best)) best = t;
  }
  return best;
}
