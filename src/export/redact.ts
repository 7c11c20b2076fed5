/**
 * Redaction of personal identifiers from post text for research exports. Each identifier is
 * replaced by a placeholder word; the public Indonesian datasets already use `USER` and `URL`,
 * and netra's text pipeline reads those two as mention and link tokens, so a redacted export can
 * be fed back to training unchanged.
 *
 * Two kinds of knowledge: patterns (links, emails, @handles, NIP, NIK, phone numbers, long
 * digit runs) and the registry (the names, handles and account ids of the people netra
 * watches, matched as whole words, case-insensitively).
 */

/** The placeholder each kind of identifier becomes. */
export const PLACEHOLDERS = {
  url: 'URL',
  email: 'EMAIL',
  user: 'USER',
  nip: 'NIP',
  nik: 'NIK',
  phone: 'PHONE',
  number: 'NUMBER',
  person: 'PERSON',
} as const;

export type RedactionKind = keyof typeof PLACEHOLDERS;
export type RedactionCounts = Record<RedactionKind, number>;

/** What the registry knows: every string here is removed wherever it stands as a word. */
export interface RegistryTerms {
  /** Full names of registered people (`Sri Handayani`). Each part of 3+ letters is also removed. */
  names: readonly string[];
  /** Platform handles, without `@`. */
  handles: readonly string[];
  /** Platform account ids, NIPs, post ids and other opaque identifiers. */
  ids: readonly string[];
  /**
   * Name parts that are kept (public figures' names the labels depend on: candidates, parties).
   * A registered person called "Ahmad Prabowo" still has "Ahmad Prabowo" removed, but a lone
   * "Prabowo" stays when it is listed here.
   */
  keepWords?: readonly string[];
}

const B = '(?<![\\p{L}\\p{N}_])';
const E = '(?![\\p{L}\\p{N}_])';

const TLDS = 'com|id|net|org|co|ly|io|me|gl|gg|tv|info|biz|xyz|app|site|online|news|web|my|sg|us|uk|ws|to|link|page|gd|cc';

/** Patterns in the order they run: a link can hold an email, an email holds an @, a NIP is longer than a NIK. */
const PATTERNS: readonly [RedactionKind, RegExp][] = [
  ['url', /\b(?:https?:\/\/|www\.)[^\s<>"']+/giu],
  ['email', /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/giu],
  ['url', new RegExp(`${B}(?:[a-z0-9-]+\\.)+(?:${TLDS})(?:/[^\\s<>"']*)?${E}`, 'giu')],
  ['user', /(?<![\p{L}\p{N}_])@[\p{L}\p{N}_][\p{L}\p{N}_.]*[\p{L}\p{N}_]|(?<![\p{L}\p{N}_])@[\p{L}\p{N}_]/giu],
  // NIP: 18 digits, often written 8-6-1-3.
  ['nip', new RegExp(`${B}\\d{8}[ .-]?\\d{6}[ .-]?\\d[ .-]?\\d{3}${E}`, 'gu')],
  // NIK: 16 digits, plain, 6-6-4 or 4-4-4-4.
  ['nik', new RegExp(`${B}(?:\\d{16}|\\d{6}[ .-]\\d{6}[ .-]\\d{4}|\\d{4}[ .-]\\d{4}[ .-]\\d{4}[ .-]\\d{4})${E}`, 'gu')],
  // Mobile numbers: +62 8.., 62 8.., 08.., with spaces, dots or dashes between groups.
  ['phone', new RegExp(`(?:(?<![\\p{L}\\p{N}_+])\\+62|${B}62|${B}0)[ .-]?\\(?8\\d{1,2}\\)?(?:[ .-]?\\d{2,5}){1,3}${E}`, 'gu')],
  // Landlines: (021) 555-1234, 021-5551234.
  ['phone', new RegExp(`(?:\\(0\\d{1,3}\\)|${B}0\\d{2,3}-)[ ]?\\d{3,4}[ .-]?\\d{3,5}${E}`, 'gu')],
  ['number', new RegExp(`${B}\\d{9,}${E}`, 'gu')],
];

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

export function emptyCounts(): RedactionCounts {
  return { url: 0, email: 0, user: 0, nip: 0, nik: 0, phone: 0, number: 0, person: 0 };
}

export interface Redactor {
  /** The text with every identifier replaced; adds what it replaced to `counts`. */
  redact(text: string, counts?: RedactionCounts): string;
}

/** Build one redactor for a release from what the registry knows. */
export function createRedactor(terms: RegistryTerms): Redactor {
  const keep = new Set((terms.keepWords ?? []).map((w) => w.toLowerCase()));
  const fullNames = uniqueLongestFirst(terms.names.map((n) => n.trim()).filter((n) => n.length >= 3));
  const parts = uniqueLongestFirst(
    terms.names
      .flatMap((n) => n.split(/[\s,]+/u))
      .map((p) => p.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, ''))
      .filter((p) => p.length >= 3 && /^\p{L}+$/u.test(p) && !keep.has(p.toLowerCase()) && !TITLES.has(p.toLowerCase())),
  );
  const handles = uniqueLongestFirst(terms.handles.map((h) => h.replace(/^@/, '')).filter((h) => h.length >= 3));
  const ids = uniqueLongestFirst(terms.ids.filter((i) => i.length >= 4));

  const wordsRe = (list: string[], flexibleSpace: boolean) =>
    list.length === 0 ? null : new RegExp(`${B}(?:${list.map((s) => (flexibleSpace ? escapeRe(s).replace(/\s+/g, '\\s+') : escapeRe(s))).join('|')})${E}`, 'giu');
  // Registry strings run first (a handle may look like a domain, `sri.handayani`).
  const registry: [RedactionKind, RegExp | null][] = [
    ['number', wordsRe(ids, false)],
    ['user', wordsRe(handles, false)],
  ];
  // A full name written as one word, inside a hashtag or a run-together handle (#SriHandayani2024).
  const collapsed = uniqueLongestFirst(fullNames.map((n) => n.replace(/[^\p{L}]/gu, '')).filter((n) => n.length >= 8));
  const people: [RedactionKind, RegExp | null][] = [
    ['person', wordsRe(fullNames, true)],
    ['person', collapsed.length ? new RegExp(collapsed.map(escapeRe).join('|'), 'giu') : null],
    ['person', wordsRe(parts, false)],
  ];
  // Links and emails first (they hold ids and handles), then NIP and NIK shapes (so a registered
  // NIP counts as a NIP), then the registry's own strings, then the other patterns, then names.
  const [httpUrl, email, bareUrl, user, nip, nik, ...rest] = PATTERNS;
  const steps = [httpUrl!, email!, nip!, nik!, ...registry, bareUrl!, user!, ...rest, ...people].filter((s): s is [RedactionKind, RegExp] => s[1] !== null);

  return {
    redact(text, counts) {
      let out = text.normalize('NFC');
      for (const [kind, re] of steps) {
        out = out.replace(re, () => {
          if (counts) counts[kind] += 1;
          return PLACEHOLDERS[kind];
        });
      }
      return out;
    },
  };
}

/** Honorifics and titles that are not names (`Drs.`, `Bu`, `Pak` stay). */
const TITLES = new Set(['bin', 'binti', 'drs', 'dra', 'spd', 'mpd', 'ssos', 'msi', 'skm', 'amd', 'ir', 'dr', 'hj', 'haji', 'hajjah', 'pak', 'bu', 'ibu', 'bapak']);

function uniqueLongestFirst(list: readonly string[]): string[] {
  const seen = new Map<string, string>();
  for (const s of list) if (!seen.has(s.toLowerCase())) seen.set(s.toLowerCase(), s);
  return [...seen.values()].sort((a, b) => b.length - a.length);
}
