/**
 * Small helpers for the JSON platforms ship to their web apps: bodies that are several JSON
 * objects (one per line, sometimes behind an anti-hijacking prefix), values buried at unknown
 * depth, and raw records capped before they are stored.
 */

/** Parse JSON, or undefined when the text is not JSON. */
export function tryJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * The JSON objects in a response body: `for (;;);` (Facebook's prefix against JSON hijacking)
 * removed, one object per line when the body streams several. Lines that are not JSON are skipped.
 */
export function jsonObjects(body: string): unknown[] {
  const text = body.replace(/^\s*for\s*\(;;\);/, '');
  const whole = tryJson(text);
  if (whole !== undefined) return [whole];
  return text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean)
    .map(tryJson)
    .filter((v) => v !== undefined);
}

/** Every value under `key`, at any depth (objects and arrays), in document order. */
export function findAll(root: unknown, key: string, limit = 1000): unknown[] {
  const out: unknown[] = [];
  const stack: unknown[] = [root];
  while (stack.length > 0 && out.length < limit) {
    const v = stack.pop();
    if (!v || typeof v !== 'object') continue;
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push(v[i]);
      continue;
    }
    const o = v as Record<string, unknown>;
    if (key in o) out.push(o[key]);
    const keys = Object.keys(o);
    for (let i = keys.length - 1; i >= 0; i--) if (keys[i] !== key) stack.push(o[keys[i]!]);
  }
  return out;
}

/** The bodies of `<script type="application/json">` elements whose opening tag matches `attr`. */
export function jsonScripts(html: string, attr: RegExp): unknown[] {
  const out: unknown[] = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    const open = m[1]!;
    if (!/type=["']application\/json["']/i.test(open) || !attr.test(open)) continue;
    const v = tryJson(m[2]!);
    if (v !== undefined) out.push(v);
  }
  return out;
}

/** A platform record kept in a post's `raw`, whole when small, else cut (stored posts stay small). */
export function capRaw(v: unknown, max = 32 * 1024): unknown {
  const s = JSON.stringify(v) ?? 'null';
  return s.length <= max ? v : { truncated: true, json: s.slice(0, max) };
}

/** Site root of a page URL: `https://x.com/budi` -> `https://x.com`; a replica's prefix is kept. */
export function siteBase(pageUrl: string): string {
  return new URL('./', pageUrl.split(/[?#]/)[0]!.replace(/\/$/, '')).toString().replace(/\/$/, '');
}

/** A string field or undefined. */
export const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : typeof v === 'number' ? String(v) : undefined);

/** An object field or undefined. */
export const obj = (v: unknown): Record<string, unknown> | undefined =>
  v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;

/** Walk a path of keys; undefined as soon as one is missing. */
export function at(v: unknown, ...path: (string | number)[]): unknown {
  let cur = v;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
