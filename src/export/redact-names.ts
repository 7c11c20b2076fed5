/**
 * The registry half of redaction: names of registered people, their workplaces and positions,
 * handles and account ids, and third-party names after an honorific. Everything the registry
 * holds goes into hash indexes built once per release, and a post is matched token by token
 * (each token looked up, multi-word terms walked through a prefix set), so the cost per post
 * does not grow with the registry.
 *
 * Over-reach is held back by a dictionary (`ordinary-words.ts`): a name part that is an ordinary
 * word (`lalu`, `bagus`, `indah`) is removed only inside the person's full name or after an
 * honorific, never on its own.
 */
import type { Dictionary } from './ordinary-words.ts';
import type { Span } from './redact-patterns.ts';
import type { RedactionKind } from './redact-kinds.ts';
import { termTokens, type Token } from './redact-tokens.ts';

export interface NameIndexInput {
  names: readonly string[];
  handles: readonly string[];
  ids: readonly string[];
  workplaces: readonly string[];
  positions: readonly string[];
  keepWords: readonly string[];
  dictionary: Dictionary;
}

/** Titles, degrees and honorifics inside registry names: never a name part on their own. */
const TITLES = new Set([
  'bin',
  'binti',
  'drs',
  'dra',
  'spd',
  'mpd',
  'ssos',
  'msi',
  'skm',
  'amd',
  'skom',
  'sh',
  'mh',
  'se',
  'mm',
  'st',
  'mt',
  'sag',
  'mag',
  'spdi',
  'ssi',
  'ir',
  'dr',
  'drg',
  'prof',
  'hj',
  'haji',
  'hajjah',
  'kh',
  'pak',
  'bu',
  'ibu',
  'bapak',
]);

/** Words before a person's name. Those in DOTTED need a following `.` or a capitalised name. */
const HONORIFICS = new Set([
  'pak',
  'bu',
  'bapak',
  'ibu',
  'bpk',
  'bp',
  'mas',
  'mbak',
  'mba',
  'bang',
  'abang',
  'kak',
  'kakak',
  'dik',
  'adik',
  'om',
  'tante',
  'gus',
  'cak',
  'kang',
  'bung',
  'teh',
  'mbah',
  'eyang',
  'ustadz',
  'ustad',
  'ustaz',
  'ustadzah',
  'ustazah',
  'kyai',
  'kiai',
  'ning',
  'neng',
  'sdr',
  'sdri',
  'saudara',
  'saudari',
  'koh',
  'cik',
  'opung',
  'inang',
  'daeng',
  'bli',
  'mbok',
  'buk',
  'bunda',
  'ayah',
  'mak',
]);
const DOTTED = new Set(['dr', 'drg', 'prof', 'ir', 'drs', 'dra', 'hj', 'kh', 'h']);

/** Roles and other words after an honorific that are not a name (`Pak Lurah`, `Ibu Kota`, `Bapak Ibu Guru`). */
const ROLES = new Set(
  'guru lurah camat bupati wakil wali walikota gubernur presiden menteri kades kadus kepala ketua sekretaris bendahara dokter dosen bidan perawat polisi kapolres kapolsek kapolri kapolda dandim danramil babinsa sekda kadis kabid kasi kasubag direktur rt rw haji hakim jaksa pendeta pastor kepsek pj plt anggota calon caleg capres cawapres jenderal kolonel mayor kapten letnan kopral sersan pejabat pegawai staf dewan pimpinan pembina pengawas penilik operator admin'.split(
    ' ',
  ),
);

/** Words after an honorific that end it: `Ibu Kota`, `Ibu Pertiwi`, `Bapak Ibu sekalian`. */
const NOT_NAMES = new Set(
  'negara kota pertiwi tua muda besar kecil dan yang semua sekalian ini itu kami kita mereka saya aku kamu anda juga'.split(' '),
);

const PART_ALONE = 1; // removed on its own
const PART_WITH_HONORIFIC = 2; // an ordinary word: removed only after an honorific

export class NameIndex {
  readonly #phrases = new Map<string, RedactionKind>();
  readonly #prefixes = new Set<string>();
  readonly #parts = new Map<string, number>();
  readonly #singles = new Map<string, RedactionKind>();
  readonly #nicknames = new Set<string>();
  readonly #collapsedNames = new Set<string>();
  readonly #collapsedParts = new Set<string>();
  #maxCollapsed = 0;
  readonly #handles = new Set<string>();
  readonly #ids = new Set<string>();
  readonly #keep: Set<string>;
  readonly #dict: Dictionary;

  constructor(o: NameIndexInput) {
    this.#dict = o.dictionary;
    this.#keep = new Set(o.keepWords.map((w) => w.toLowerCase()));
    for (const name of o.names) this.#addName(name);
    for (const w of o.workplaces) this.#addTerm(termTokens(w), 'workplace');
    for (const w of o.workplaces) for (const v of schoolVariants(termTokens(w))) this.#addTerm(v, 'workplace');
    for (const p of o.positions) this.#addTerm(termTokens(p), 'position');
    for (const h of o.handles) if (h.replace(/^@/, '').length >= 3) this.#handles.add(h.replace(/^@/, '').toLowerCase());
    for (const id of o.ids) if (id.length >= 4) this.#ids.add(id.toLowerCase());
    for (const c of [...this.#collapsedNames, ...this.#collapsedParts]) this.#maxCollapsed = Math.max(this.#maxCollapsed, c.length);
  }

  #addName(name: string): void {
    const tokens = termTokens(name.split(',')[0]!).filter((t) => t.length >= 2 && !TITLES.has(t));
    if (tokens.length === 0) return;
    if (tokens.length > 1) this.#addPhrase(tokens, 'person');
    const collapsed = tokens.join('');
    if (tokens.length > 1 && collapsed.length >= 8 && /^\p{L}+$/u.test(collapsed)) this.#collapsedNames.add(collapsed);
    for (const t of tokens) {
      if (t.length < 3 || !/^\p{L}+$/u.test(t) || this.#keep.has(t)) continue;
      const alone = !this.#dict.ordinary.has(t);
      this.#parts.set(t, Math.min(this.#parts.get(t) ?? 3, alone ? PART_ALONE : PART_WITH_HONORIFIC));
      if (alone && t.length >= 5) this.#collapsedParts.add(t);
      const nick = nickname(t);
      if (nick && !this.#dict.ordinary.has(nick) && !this.#keep.has(nick)) this.#nicknames.add(nick);
    }
  }

  /** A workplace or position: several words as a phrase; a single word only when it is not an ordinary word. */
  #addTerm(tokens: string[], kind: RedactionKind): void {
    if (tokens.length === 0) return;
    if (tokens.length > 1) this.#addPhrase(tokens, kind);
    else if (tokens[0]!.length >= 3 && !this.#dict.ordinary.has(tokens[0]!) && !this.#phrases.has(tokens[0]!))
      this.#singles.set(tokens[0]!, kind);
  }

  #addPhrase(tokens: string[], kind: RedactionKind): void {
    let key = tokens[0]!;
    for (let i = 1; i < tokens.length; i++) {
      this.#prefixes.add(key);
      key += ` ${tokens[i]}`;
    }
    if (!this.#phrases.has(key) || kind === 'person') this.#phrases.set(key, kind);
  }

  /** Spans of registry terms and honorific-led names in `text`, whose tokens are `tokens`. */
  spans(text: string, tokens: readonly Token[]): Span[] {
    const out: Span[] = [];
    this.#registryStrings(text, out);
    const n = tokens.length;
    const joinable = (a: Token, b: Token) => /^[\s._-]{0,3}$/u.test(text.slice(a.end, b.start)) && !/\n/.test(text.slice(a.end, b.start));
    for (let i = 0; i < n; i++) {
      const t = tokens[i]!;
      // 1. Multi-word terms: full names, workplaces, positions (longest first).
      if (this.#prefixes.has(t.lower)) {
        let key = t.lower;
        let best = -1;
        let kind: RedactionKind = 'person';
        for (let j = i + 1; j < n && joinable(tokens[j - 1]!, tokens[j]!); j++) {
          key += ` ${tokens[j]!.lower}`;
          const k = this.#phrases.get(key);
          if (k) {
            best = j;
            kind = k;
          }
          if (!this.#prefixes.has(key)) break;
        }
        if (best >= 0) out.push({ start: t.start, end: tokens[best]!.end, kind, priority: 30 });
      }
      // 2. A name after an honorific (kept in the text): registry name parts, or any name-like word.
      if (this.#isHonorific(text, tokens, i)) {
        const end = this.#nameAfterHonorific(text, tokens, i + 1);
        if (end > i)
          out.push({
            start: tokens[i + 1 + this.#skipped(tokens, i + 1, end)]!.start,
            end: tokens[end]!.end,
            kind: 'person',
            priority: 31,
          });
      }
      // 3. Single words: name parts that are not ordinary words, nicknames, one-word workplaces.
      if (!this.#keep.has(t.lower)) {
        if (this.#parts.get(t.lower) === PART_ALONE || this.#nicknames.has(t.lower))
          out.push({ start: t.start, end: t.end, kind: 'person', priority: 32 });
        const single = this.#singles.get(t.lower);
        if (single) out.push({ start: t.start, end: t.end, kind: single, priority: 33 });
      }
      // 4. A name part split by a space or dot (`Handa yani`).
      const u = tokens[i + 1];
      if (
        u &&
        t.letters &&
        u.letters &&
        /^[ .]{1,2}$/.test(text.slice(t.end, u.start)) &&
        !this.#parts.has(t.lower) &&
        this.#parts.get(t.lower + u.lower) === PART_ALONE
      ) {
        out.push({ start: t.start, end: u.end, kind: 'person', priority: 32 });
      }
    }
    this.#collapsedSpans(text, tokens, out);
    this.#letterSpaced(text, out);
    return out;
  }

  /** Registered handles (without `@`) and account ids, wherever they stand as a word. */
  #registryStrings(text: string, out: Span[]): void {
    for (const m of text.matchAll(/[\p{L}\p{N}_.-]+/gu)) {
      const lead = /^[.-]*/.exec(m[0])![0].length;
      const word = m[0].replace(/^[.-]+|[.-]+$/g, '');
      if (word.length < 3) continue;
      const lower = word.toLowerCase();
      const start = m.index + lead;
      if (this.#handles.has(lower)) out.push({ start, end: start + word.length, kind: 'user', priority: 11 });
      else if (this.#ids.has(lower)) out.push({ start, end: start + word.length, kind: 'number', priority: 12 });
      else if (this.#ids.size > 0)
        for (const p of word.matchAll(/[\p{L}\p{N}]+/gu))
          if (this.#ids.has(p[0].toLowerCase()))
            out.push({ start: start + p.index, end: start + p.index + p[0].length, kind: 'number', priority: 12 });
    }
  }

  #isHonorific(text: string, tokens: readonly Token[], i: number): boolean {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (!next || !t.letters) return false;
    if (next.run !== t.run && !/^[\s.,:]{1,3}$/.test(text.slice(t.end, next.start))) return false;
    if (HONORIFICS.has(t.lower)) return true;
    if (t.lower === 'h') return t.text === 'H' && text[t.end] === '.';
    // `a.n.` (atas nama, "in the name of") before an account holder.
    if (t.lower === 'n' && text[t.end] === '.' && text.slice(Math.max(0, t.start - 2), t.start).toLowerCase() === 'a.') return true;
    if (t.lower === 'an' && text[t.end] === '.') return true;
    return DOTTED.has(t.lower) && (text[t.end] === '.' || next.capital);
  }

  /** How many honorifics and roles follow `from` before the name. */
  #skipped(tokens: readonly Token[], from: number, end: number): number {
    let k = 0;
    while (
      from + k < end &&
      (HONORIFICS.has(tokens[from + k]!.lower) || DOTTED.has(tokens[from + k]!.lower) || ROLES.has(tokens[from + k]!.lower))
    )
      k++;
    return k;
  }

  /** The index of the last token of the name starting at `from` (after honorifics and roles), or `from - 1` when there is none. */
  #nameAfterHonorific(text: string, tokens: readonly Token[], from: number): number {
    let i = from;
    for (
      let hops = 0;
      hops < 3 && tokens[i] && (HONORIFICS.has(tokens[i]!.lower) || DOTTED.has(tokens[i]!.lower) || ROLES.has(tokens[i]!.lower));
      hops++
    )
      i++;
    const first = tokens[i];
    if (!first || !this.#nameLike(first, true) || (i > from && !/^[\s.,:]{0,3}$/.test(text.slice(tokens[i - 1]!.end, first.start))))
      return from - 1;
    let last = i;
    for (let j = i + 1; j < tokens.length && j <= i + 3; j++) {
      const gap = text.slice(tokens[j - 1]!.end, tokens[j]!.start);
      if (!/^[ .]{0,2}$/.test(gap) || !this.#nameLike(tokens[j]!, false)) break;
      last = j;
    }
    return last;
  }

  #nameLike(t: Token, first: boolean): boolean {
    if (
      !t.letters ||
      t.lower.length < 2 ||
      this.#keep.has(t.lower) ||
      NOT_NAMES.has(t.lower) ||
      ROLES.has(t.lower) ||
      HONORIFICS.has(t.lower)
    )
      return false;
    if (this.#parts.has(t.lower) || this.#nicknames.has(t.lower)) return true;
    if (t.capital) return first || !this.#dict.ordinary.has(t.lower);
    return first && t.lower.length >= 3 && !this.#dict.ordinary.has(t.lower);
  }

  /** Names run together: `#srihandayani`, `srihandayani2024`, `#savehandayani`. */
  #collapsedSpans(text: string, tokens: readonly Token[], out: Span[]): void {
    let i = 0;
    while (i < tokens.length) {
      let j = i;
      while (j + 1 < tokens.length && tokens[j + 1]!.run === tokens[i]!.run) j++;
      const runTokens = tokens.slice(i, j + 1).filter((t) => t.letters);
      const hashtag = tokens[i]!.hashtag;
      const letters = runTokens.map((t) => t.lower).join('');
      if (letters.length >= 6 && letters.length <= 60 && (hashtag || runTokens.length > 1 || !this.#dict.known.has(letters))) {
        // Map each letter back to its place in the text.
        const at: number[] = [];
        for (const t of runTokens) for (let k = 0; k < t.lower.length; k++) at.push(t.start + k);
        for (let s = 0; s < letters.length; s++) {
          for (let e = Math.min(letters.length, s + this.#maxCollapsed); e - s >= 5; e--) {
            const sub = letters.slice(s, e);
            if (this.#collapsedNames.has(sub) || (hashtag && this.#collapsedParts.has(sub) && !this.#keep.has(sub))) {
              out.push({ start: at[s]!, end: at[e - 1]! + 1, kind: 'person', priority: 34 });
              s = e - 1;
              break;
            }
          }
        }
      }
      i = j + 1;
    }
  }

  /** Names written letter by letter: `H a n d a y a n i`, `S.r.i H.a.n.d.a.y.a.n.i`. */
  #letterSpaced(text: string, out: Span[]): void {
    for (const m of text.matchAll(/(?<![\p{L}\p{N}])\p{L}(?:[ .·-]{1,2}\p{L}(?![\p{L}\p{N}])){3,}/gu)) {
      const letters = m[0].replace(/[^\p{L}]/gu, '').toLowerCase();
      let hit = this.#collapsedNames.has(letters) || this.#parts.get(letters) === PART_ALONE;
      for (let s = 0; !hit && s < letters.length; s++)
        for (let e = s + 5; !hit && e <= letters.length; e++)
          hit = this.#collapsedNames.has(letters.slice(s, e)) || this.#collapsedParts.has(letters.slice(s, e));
      if (hit) out.push({ start: m.index, end: m.index + m[0].length, kind: 'person', priority: 35 });
    }
  }
}

/** The usual Indonesian short form of a long name part: its last two syllables (`Handayani` -> `yani`, `Suharto` -> `harto`). */
export function nickname(part: string): string | null {
  const groups = [...part.matchAll(/[aeiou]+/g)];
  if (groups.length < 3) return null;
  const g = groups[groups.length - 2]!;
  const start = g.index > 0 ? g.index - 1 : g.index;
  const nick = part.slice(start);
  return nick.length >= 4 && nick.length < part.length ? nick : null;
}

/** `SDN 1 Sukamaju` is also written `SD Negeri 1 Sukamaju`, and the other way round. */
function schoolVariants(tokens: string[]): string[][] {
  const SHORT: Record<string, string> = { sdn: 'sd', smpn: 'smp', sman: 'sma', smkn: 'smk', min: 'mi', mtsn: 'mts', man: 'ma' };
  const out: string[][] = [];
  const i = tokens.findIndex((t) => t in SHORT);
  if (i >= 0) out.push([...tokens.slice(0, i), SHORT[tokens[i]!]!, 'negeri', ...tokens.slice(i + 1)]);
  const j = tokens.findIndex((t, k) => tokens[k + 1] === 'negeri' && Object.values(SHORT).includes(t));
  if (j >= 0) out.push([...tokens.slice(0, j), Object.keys(SHORT).find((k) => SHORT[k] === tokens[j])!, ...tokens.slice(j + 2)]);
  return out;
}
