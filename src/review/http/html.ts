/**
 * HTML built by construction: `html\`...\`` escapes every interpolated value unless it is
 * itself {@link SafeHtml} (the result of another `html` template). Post text, names, URLs — all
 * attacker-controllable — can only reach a page through this escaping. There is no way to mark
 * an arbitrary string as safe except {@link trustedConstant}, for literals in this code base.
 */
export class SafeHtml {
  constructor(readonly value: string) {}
  toString(): string {
    return this.value;
  }
}

const ESC: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/**
 * Bidirectional-text controls: embeddings, overrides and isolates (U+202A-U+202E,
 * U+2066-U+2069), and the invisible direction marks (U+200E, U+200F, U+061C). A right-to-left
 * override in a post would show its text reversed; in an analyst's page or a formal report a
 * post must read as it was written. Each is replaced by a visible marker such as `[U+202E]`.
 */
export const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069\u200E\u200F\u061C]/g;

export function neutraliseBidi(s: string): string {
  return s.replace(BIDI_CONTROLS, (c) => `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`);
}

/** Escape text for HTML content and quoted attribute values (bidi controls made visible, see {@link neutraliseBidi}). */
export function escapeHtml(s: string): string {
  return neutraliseBidi(s).replace(/[&<>"'`]/g, (c) => ESC[c]!);
}

export type HtmlValue = SafeHtml | string | number | boolean | null | undefined | readonly HtmlValue[];

function render(v: HtmlValue): string {
  if (v === null || v === undefined || v === false) return '';
  if (v instanceof SafeHtml) return v.value;
  if (Array.isArray(v)) return v.map(render).join('');
  return escapeHtml(String(v));
}

export function html(strings: TemplateStringsArray, ...values: HtmlValue[]): SafeHtml {
  let out = strings[0]!;
  for (let i = 0; i < values.length; i++) out += render(values[i]!) + strings[i + 1]!;
  return new SafeHtml(out);
}

/** A literal written in this code base (an SVG path built from numbers, a constant). Never user data. */
export function trustedConstant(s: string): SafeHtml {
  return new SafeHtml(s);
}

/**
 * A URL safe for href/src: http(s) or a path on this site. Anything else (javascript:, data:)
 * becomes `#`. The result is still escaped when interpolated.
 */
export function safeUrl(u: string | null | undefined): string {
  if (!u) return '#';
  const t = u.trim();
  if (t.startsWith('/') && !t.startsWith('//')) return t;
  try {
    const p = new URL(t);
    return p.protocol === 'https:' || p.protocol === 'http:' ? p.toString() : '#';
  } catch {
    return '#';
  }
}
