import type { RawPost } from '../../domain/raw-post.ts';

/**
 * What a public page showed. Anything but `ok` means no posts were read from it, and says why:
 * the scan report must never turn a login wall into "no posts".
 */
export type PageState = 'ok' | 'login_wall' | 'not_found' | 'private' | 'removed';

/** A post read from a page. `pinned` posts sit at the top out of time order. */
export interface ParsedPost extends RawPost {
  pinned: boolean;
}

/** How to reach older posts from this page: scroll, click a button, or follow a link. */
export type LoadMore = { kind: 'scroll' } | { kind: 'click'; selector: string } | { kind: 'link'; url: string } | null;

/** The result of parsing one page's HTML: pure data, no browser. */
export interface ParsedPage {
  state: PageState;
  posts: ParsedPost[];
  /** How to load older posts; null when the page shows the end of the listing. */
  more: LoadMore;
  /** The page shows that loading more failed ("couldn't load, try again"). */
  loadFailed: boolean;
  /**
   * The page had the listing (or post) structure the parser expects. False with state `ok`
   * means an unrecognised page: the layout changed, and the parser needs fixing.
   */
  recognised: boolean;
  /** Post containers seen; containers that yielded no post mean the layout changed. */
  containers: number;
  /** Why containers were skipped, for the error message when the layout changed. */
  skipped: string[];
}

/**
 * One platform's public web pages. The URLs, selectors and parsing of a platform live in its
 * folder `src/collect/sources/<platform>/`: a layout change is a fix to one `<platform>.parse.ts`.
 */
export interface WebAdapter {
  readonly platform: string;
  /** The real site, e.g. `https://x.com`. */
  readonly defaultBaseUrl: string;
  /** Host names of the real site, to recognise a URL given to `netra capture`. */
  readonly hosts: readonly string[];
  profileUrl(baseUrl: string, handle: string): string;
  /** Wait for this selector before reading a page (posts or a state marker rendered). */
  readonly readySelector: string;
  /** Post containers in the page; their count growing means "load more" worked. */
  readonly postsSelector: string;
  /** The element to screenshot for one post, on a listing page or on the post's own page. */
  postSelector(externalId: string, onPostPage: boolean): string;
  parseProfile(html: string, pageUrl: string, handle: string): ParsedPage;
  /** A single post's page: one post, or a state (`removed`, `login_wall`, ...). */
  parsePost(html: string, pageUrl: string): ParsedPage;
}

/** A parsed page with no posts in the given state. */
export function statePage(state: Exclude<PageState, 'ok'>): ParsedPage {
  return { state, posts: [], more: null, loadFailed: false, recognised: true, containers: 0, skipped: [] };
}
