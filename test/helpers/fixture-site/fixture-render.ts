import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fnv, type FixtureAccount, type FixturePlatform, type FixturePost } from './fixture-data.ts';

const SITES = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'sites');
const cache = new Map<string, string>();

function template(platform: FixturePlatform, name: string): string {
  const key = `${platform}/${name}`;
  let t = cache.get(key);
  if (t === undefined) {
    t = readFileSync(path.join(SITES, platform, `${name}.html`), 'utf8');
    cache.set(key, t);
  }
  return t;
}

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** Fill `{{name}}` (escaped) and `{{{name}}}` (raw) placeholders. A missing value is a bug in the fixture. */
export function fill(t: string, vars: Record<string, string | number>): string {
  return t.replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_m, raw: string | undefined, esc: string | undefined) => {
    const k = (raw ?? esc)!;
    const v = vars[k];
    if (v === undefined) throw new Error(`fixture template placeholder {{${k}}} has no value`);
    return raw ? String(v) : escapeHtml(String(v));
  });
}

export function render(platform: FixturePlatform, name: string, vars: Record<string, string | number>): string {
  return fill(template(platform, name), vars);
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];
function wib(d: Date): Date {
  return new Date(d.getTime() + 7 * 3_600_000);
}
function label(d: Date): string {
  const w = wib(d);
  return `${w.getUTCDate()} ${MONTHS[w.getUTCMonth()]} ${w.getUTCFullYear()}`;
}
function long(d: Date): string {
  const w = wib(d);
  return `${String(w.getUTCHours()).padStart(2, '0')}.${String(w.getUTCMinutes()).padStart(2, '0')} · ${label(d)}`;
}
const short = (t: string) => (t.length > 60 ? `${t.slice(0, 60)}…` : t);

/** Placeholders of the post templates. */
export function postVars(a: FixtureAccount, p: FixturePost, canonical: string): Record<string, string | number> {
  const author = p.repostOf?.handle ?? a.handle;
  const h = fnv(p.id);
  return {
    id: p.repostOf?.id ?? p.id,
    author,
    authorName: p.repostOf ? (p.repostOf.name ?? p.repostOf.handle) : a.name,
    name: a.name,
    text: p.text,
    textShort: short(p.text),
    iso: p.postedAt.toISOString(),
    unix: Math.floor(p.postedAt.getTime() / 1000),
    timeLabel: label(p.postedAt),
    timeLong: long(p.postedAt),
    likes: (h >>> 5) % 500,
    comments: (h >>> 7) % 60,
    views: (h >>> 2) % 9000,
    color: (h & 0xffffff).toString(16).padStart(6, '0'),
    canonical,
  };
}

/** An X article as the web app draws a tweet: name, time link, own text, media, the quoted post's box. */
export function xArticle(o: {
  id: string;
  handle: string;
  name: string;
  text: string;
  postedAt: Date;
  media?: string | undefined;
  replyTo?: { handle: string } | undefined;
  social?: string | undefined;
  quote?: { handle: string; name: string; text: string; postedAt: Date } | undefined;
  focused: boolean;
}): string {
  const e = escapeHtml;
  const name = (handle: string, n: string, at: Date, link: string | null) =>
    `<div data-testid="User-Name"><a href="/x/${e(handle)}" role="link"><span>${e(n)}</span></a><a href="/x/${e(handle)}" role="link" tabindex="-1"><span>@${e(handle)}</span></a><span aria-hidden="true">·</span>${
      link
        ? `<a href="${e(link)}" role="link"><time datetime="${at.toISOString()}">${e(long(at))}</time></a>`
        : `<time datetime="${at.toISOString()}">${e(label(at))}</time>`
    }</div>`;
  const text = (t: string) => (t ? `<div lang="in" dir="auto" data-testid="tweetText">${e(t)}</div>` : '');
  return (
    `<article role="article" tabindex="${o.focused ? '-1' : '0'}" data-testid="tweet">` +
    (o.social ? `<div data-testid="socialContext"><span>${e(o.social)}</span></div>` : '') +
    name(o.handle, o.name, o.postedAt, `/x/${o.handle}/status/${o.id}`) +
    (o.replyTo ? `<div>Membalas <a href="/x/${e(o.replyTo.handle)}" role="link">@${e(o.replyTo.handle)}</a></div>` : '') +
    text(o.text) +
    (o.media ? '<div data-testid="tweetPhoto" aria-label="Gambar"></div>' : '') +
    (o.quote
      ? `<div role="link" tabindex="0" class="quote">${name(o.quote.handle, o.quote.name, o.quote.postedAt, null)}${text(o.quote.text)}</div>`
      : '') +
    '</article>'
  );
}

/** A Facebook post as the web app draws it (no exact time in the markup: a label only). */
export function fbArticle(o: {
  handle: string;
  name: string;
  id: string;
  text: string;
  postedAt: Date;
  photo: boolean;
  attached?: { handle: string; name: string; id: string; text: string; postedAt: Date } | undefined;
}): string {
  const e = escapeHtml;
  const body = (handle: string, n: string, id: string, t: string, at: Date) =>
    `<div data-ad-rendering-role="profile_name"><h2><a href="/facebook/${e(handle)}" role="link">${e(n)}</a></h2></div>` +
    `<span><a class="ts" href="/facebook/${e(handle)}/posts/${e(id)}" role="link" aria-label="${e(label(at))}"><span>${e(label(at))}</span></a></span>` +
    (t ? `<div data-ad-rendering-role="story_message" data-ad-comet-preview="message"><div dir="auto">${e(t)}</div></div>` : '');
  return (
    `<div class="x1yztbdb x1n2onr6" role="article" aria-posinset="1">${body(o.handle, o.name, o.id, o.text, o.postedAt)}` +
    (o.photo ? '<div class="photo" role="img" aria-label="Mungkin gambar 1 orang dan teks"></div>' : '') +
    (o.attached
      ? `<div class="attached">${body(o.attached.handle, o.attached.name, o.attached.id, o.attached.text, o.attached.postedAt)}</div>`
      : '') +
    '</div>'
  );
}

/** JSON for a `<script type="application/json">`: `<` escaped so no text can close the script. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}
