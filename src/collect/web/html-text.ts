import { HTMLElement, NodeType, parse, type Node } from 'node-html-parser';

/** Parse a page once; `script`/`style` content stays raw text and is never read as posts. */
export function parseHtml(html: string): HTMLElement {
  return parse(html, { comment: false, blockTextElements: { script: true, noscript: true, style: true } });
}

/**
 * The text a person sees in an element, exactly: text nodes decoded, `<br>` as a newline,
 * emoji drawn as images (`<img alt="😀">`) as their alt text. No trimming or collapsing of
 * whitespace: posts are `white-space: pre-wrap`, and evidence offsets index into this text.
 */
export function visibleText(el: Node): string {
  let out = '';
  const walk = (n: Node) => {
    if (n.nodeType === NodeType.TEXT_NODE) {
      out += n.text;
      return;
    }
    if (!(n instanceof HTMLElement)) return;
    const tag = n.rawTagName?.toLowerCase();
    if (tag === 'br') {
      out += '\n';
      return;
    }
    if (tag === 'img') {
      out += n.getAttribute('alt') ?? '';
      return;
    }
    if (tag === 'script' || tag === 'style' || tag === 'template') return;
    for (const c of n.childNodes) walk(c);
  };
  walk(el);
  // Postgres text cannot hold NUL; browsers already turn NUL in HTML into U+FFFD.
  return out.replace(/\u0000/g, '\uFFFD');
}

/** Resolve a link against the page URL; null when it is not a URL. */
export function absoluteUrl(href: string | undefined | null, pageUrl: string): string | null {
  if (!href) return null;
  try {
    return new URL(href, pageUrl).toString();
  } catch {
    return null;
  }
}

/** A date from an ISO string, or null when absent or unreadable. */
export function isoDate(s: string | undefined | null): Date | null {
  if (!s) return null;
  const t = Date.parse(s);
  return Number.isNaN(t) ? null : new Date(t);
}

/** The element's outer HTML, capped: kept in `raw` for re-parsing and as a collection-time record. */
export function outerHtml(el: HTMLElement, max = 64 * 1024): string {
  const h = el.outerHTML;
  return h.length > max ? `${h.slice(0, max)}<!-- truncated at ${max} characters -->` : h;
}

/** Any element whose own text matches: for states that pages announce only in words. */
export function hasText(root: HTMLElement, selector: string, re: RegExp): boolean {
  return root.querySelectorAll(selector).some((e) => re.test(e.text));
}
