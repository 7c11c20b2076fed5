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

/** Escape text for HTML content and quoted attribute values. */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"'`]/g, (c) => ESC[c]!);
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
