import type { RawPost } from '../../domain/raw-post.ts';

/**
 * What a public page showed. Anything but `ok` means no posts were read from it, and says why:
 * the scan report must never turn a login wall into "no posts".
 */
export type PageState = 'ok' | 'login_wall' | 'not_found' | 'private' | 'removed' | 'challenge' | 'interstitial';

/** A post read from a page. `pinned` posts sit at the top out of time order. */
export interface ParsedPost extends RawPost {
  pinned: boolean;
}

/**
 * Something put in front of the posts: a login dialog, a captcha or security check, a warning
 * page, or a feed request the platform refused. Found wherever it appears, also after posts have
 * loaded; a listing that meets one stops there and is never complete.
 */
export interface Barrier {
  kind: 'login_wall' | 'challenge' | 'interstitial' | 'rate_limited' | 'blocked';
  /** What showed it, for the report, e.g. "login dialog", "HTTP 429 on the feed request". */
  detail: string;
}

/** How to reach older posts from this page: scroll, click a button, or follow a link. */
export type LoadMore = { kind: 'scroll' } | { kind: 'click'; selector: string } | { kind: 'link'; url: string } | null;

/** The result of parsing one page's HTML: pure data, no browser. */
export interface ParsedPage {
  state: PageState;
  posts: ParsedPost[];
  /** How to load older posts; null when the page offers no way to. */
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
  /** A dialog, check or warning over the page, even with posts on it. */
  barrier?: Barrier | null;
}

/** A response to one of the page's own feed requests, as the browser received it. */
export interface FeedResponse {
  url: string;
  status: number;
  body: string;
  /** The body never arrived (only error answers are kept so): only the status speaks. */
  unread?: boolean;
}

/** The posts and signals one feed response (or the page's embedded JSON) carried. */
export interface FeedChunk {
  posts: ParsedPost[];
  /** The platform said there is nothing older (no next page): a real end of feed. */
  end: boolean;
  /** The response refused us (login required, a check, rate limited). */
  barrier?: Barrier | null;
  /** The body had the shape the parser expects; false means the feed changed. */
  recognised: boolean;
}

/**
 * One platform's public web pages. The URLs, selectors and parsing of a platform live in its
 * folder `src/collect/sources/<platform>/`: a layout change is a fix to its parse files.
 * Posts come from the platform's own JSON (the feed responses its web app fetches, and JSON
 * embedded in the page) when it is there; the drawn page (DOM) is the fallback.
 */
export interface WebAdapter {
  readonly platform: string;
  /** The real site, e.g. `https://x.com`. */
  readonly defaultBaseUrl: string;
  /** Host names of the real site, to recognise a URL given to `netra capture`. */
  readonly hosts: readonly string[];
  /**
   * How a logged-out visitor's profile orders posts: `time` (newest first, pinned aside) or
   * `relevance` (X shows logged-out visitors a profile's posts by popularity). A `relevance`
   * listing is never complete and never stops at the cursor.
   */
  readonly listingOrder: 'time' | 'relevance';
  profileUrl(baseUrl: string, handle: string): string;
  /** Wait for this selector before reading a page (posts or a state marker rendered). */
  readonly readySelector: string;
  /** Post containers in the page; their count growing means "load more" worked. */
  readonly postsSelector: string;
  /** The element to screenshot for one post, on a listing page or on the post's own page. */
  postSelector(post: { externalId: string; url: string | null }, onPostPage: boolean): string;
  parseProfile(html: string, pageUrl: string, handle: string): ParsedPage;
  /** A single post's page: one post, or a state (`removed`, `login_wall`, ...). */
  parsePost(html: string, pageUrl: string): ParsedPage;
  /** The feed requests the profile page makes (first page and older ones), by URL. */
  isFeedRequest(url: string): boolean;
  /**
   * Posts and signals in one feed response. `pageUrl`: the profile page, to build post URLs.
   * Null when the response is not the feed after all (another query on a shared endpoint).
   */
  parseFeed(res: FeedResponse, pageUrl: string, handle: string): FeedChunk | null;
  /** Posts the page ships inside its HTML (preloaded JSON), when the platform does that. */
  parseEmbedded?: ((html: string, pageUrl: string, handle: string) => FeedChunk | null) | undefined;
}

/** A parsed page with no posts in the given state. */
export function statePage(state: Exclude<PageState, 'ok'>): ParsedPage {
  return { state, posts: [], more: null, loadFailed: false, recognised: true, containers: 0, skipped: [] };
}

/** The barrier an HTTP status of a feed request means, if any. */
export function barrierOfStatus(status: number, what = 'the feed request'): Barrier | null {
  if (status === 401) return { kind: 'login_wall', detail: `HTTP 401 on ${what} (login required)` };
  if (status === 403) return { kind: 'blocked', detail: `HTTP 403 on ${what}` };
  if (status === 429) return { kind: 'rate_limited', detail: `HTTP 429 on ${what}` };
  return null;
}
