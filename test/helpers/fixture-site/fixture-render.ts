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

/** Placeholders shared by the item and post templates. */
export function postVars(a: FixtureAccount, p: FixturePost, pos: number, canonical: string): Record<string, string | number> {
  const author = p.repostOf?.handle ?? a.handle;
  const h = fnv(p.id);
  return {
    id: p.repostOf?.id ?? p.id,
    author,
    authorName: p.repostOf ? 'Akun Kampanye' : a.name,
    name: a.name,
    social: '',
    text: p.text,
    textShort: short(p.text),
    iso: p.postedAt.toISOString(),
    unix: Math.floor(p.postedAt.getTime() / 1000),
    timeLabel: label(p.postedAt),
    timeLong: long(p.postedAt),
    replies: h % 40,
    reposts: (h >>> 3) % 90,
    likes: (h >>> 5) % 500,
    comments: (h >>> 7) % 60,
    views: (h >>> 2) % 9000,
    pos,
    color: (h & 0xffffff).toString(16).padStart(6, '0'),
    canonical,
  };
}

/** One post as it appears in a listing. */
export function renderItem(platform: FixturePlatform, a: FixtureAccount, p: FixturePost, pos: number, canonical: string): string {
  const vars = postVars(a, p, pos, canonical);
  if (platform === 'x') {
    const social = p.pinned
      ? '<div data-testid="socialContext"><span>Disematkan</span></div>'
      : p.repostOf
        ? `<div data-testid="socialContext"><a href="/x/${escapeHtml(a.handle)}" role="link"><span>${escapeHtml(a.name)} memposting ulang</span></a></div>`
        : '';
    return render('x', 'item', { ...vars, social });
  }
  if (platform === 'instagram') {
    const pin = p.pinned ? '<svg aria-label="Ikon postingan yang disematkan" class="x1lliihq" height="22" role="img" viewBox="0 0 24 24" width="22"><title>Ikon postingan yang disematkan</title><path d="M12 2l3 7h7l-5.5 4 2 7L12 16l-6.5 4 2-7L2 9h7z"></path></svg>' : '';
    return render('instagram', 'item', { ...vars, pin });
  }
  if (platform === 'facebook') return render('facebook', 'item', vars);
  throw new Error('tiktok items are rendered in the browser from JSON');
}

/** The JSON item TikTok's web app receives for one video. */
export function tiktokItem(a: FixtureAccount, p: FixturePost) {
  const h = fnv(p.id);
  return {
    id: p.id,
    desc: p.text,
    createTime: Math.floor(p.postedAt.getTime() / 1000),
    isPinnedItem: Boolean(p.pinned),
    author: { uniqueId: a.handle, nickname: a.name },
    stats: { playCount: h % 90_000, diggCount: (h >>> 4) % 5000, commentCount: (h >>> 8) % 300 },
  };
}

/** JSON for a `<script type="application/json">`: `<` escaped so no text can close the script. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
