import type { SlangPair, SlangSource } from './shared-sources.ts';

/**
 * Clean and merge the four slang dictionaries into one slang -> standard table.
 *
 * Dropped (each drop is counted in the report):
 * - `identity`: the standard form is the slang itself;
 * - `bad-key`: the slang is not one token of letters/digits/apostrophes (the table is looked up per
 *   token), or starts with a digit (numbers and amounts follow `numbers.ts`; leet is `leet.ts`);
 * - `bad-target`: the standard form is empty, has odd characters or more than three words;
 * - `protected`: the slang is a signal word of a rule lexicon or the abusive list (`goblok` ->
 *   `bodoh`, `tps` -> `tempat pemungutan suara`, `wani` -> `berani` would erase the signal),
 *   unless it maps to a function word (stopword) and is not abusive (`gak` -> `tidak` is kept);
 * - `acronym`: the standard form spells out an acronym (`kpu` -> `komisi ...`): acronyms are
 *   standard Indonesian and rules match them as written;
 * - `standard-word`: the slang is a standard root word (Sastrawi dictionary) and only one source,
 *   far from the slang in spelling, rewrites it (`buaya` -> `tidak setia`).
 *
 * Conflicts: the standard form given by most sources wins; ties go to the source earlier in
 * {@link SOURCE_PRIORITY}. Chains of one-word slang forms are followed (`gw` -> `gue` -> `saya`),
 * at most three steps, stopping at a standard root word.
 */
export const SOURCE_PRIORITY: SlangSource[] = ['indocollex', 'kamusalay', 'louisowen6', 'colloquial'];

export interface SlangEntry {
  slang: string;
  standard: string;
  /** Sources that give this standard form, in priority order. */
  sources: SlangSource[];
  /** Other standard forms some source gave, for the reader. */
  alternatives: string[];
}

export type SlangDropReason = 'identity' | 'bad-key' | 'bad-target' | 'protected' | 'acronym' | 'standard-word';

export interface SlangBuildResult {
  entries: SlangEntry[];
  dropped: Record<SlangDropReason, number>;
}

const KEY = /^[a-z0-9']+$/;
const TARGET = /^[a-z0-9' ]+$/;

function cleanTarget(s: string): string {
  return s.toLowerCase().replace(/["“”]/g, '').replace(/[-_]/g, ' ').replace(/\s+/g, ' ').trim();
}

/** Levenshtein distance, small strings only. */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j]!;
      prev[j] = Math.min(prev[j]! + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length]!;
}

function isAcronymOf(slang: string, words: string[]): boolean {
  if (words.length < 2 || slang.length < 2 || slang.length > 6) return false;
  const initials = words.map((w) => w[0]).join('');
  return initials === slang || (slang.length >= 3 && initials.startsWith(slang));
}

export function buildSlang(
  pairs: SlangPair[],
  o: {
    protectedWords: ReadonlySet<string>;
    rootWords: ReadonlySet<string>;
    functionWords?: ReadonlySet<string>;
    alwaysProtected?: ReadonlySet<string>;
  },
): SlangBuildResult {
  const dropped: Record<SlangDropReason, number> = {
    identity: 0,
    'bad-key': 0,
    'bad-target': 0,
    protected: 0,
    acronym: 0,
    'standard-word': 0,
  };
  // slang -> standard -> set of sources
  const votes = new Map<string, Map<string, Set<SlangSource>>>();
  for (const p of pairs) {
    const slang = p.slang.trim().toLowerCase();
    const standard = cleanTarget(p.standard);
    if (!KEY.test(slang) || /^[0-9]/.test(slang)) {
      dropped['bad-key']++;
      continue;
    }
    if (!standard || !TARGET.test(standard) || standard.split(' ').length > 3) {
      dropped['bad-target']++;
      continue;
    }
    if (standard === slang) {
      dropped.identity++;
      continue;
    }
    // A rule-lexicon word may still become a function word (`gak` -> `tidak`, `aja` -> `saja`):
    // phrases are normalised the same way, and function words carry no signal of their own.
    const toFunctionWord = o.functionWords?.has(standard) && !o.alwaysProtected?.has(slang);
    if (o.protectedWords.has(slang) && !toFunctionWord) {
      dropped.protected++;
      continue;
    }
    if (isAcronymOf(slang, standard.split(' '))) {
      dropped.acronym++;
      continue;
    }
    let bySlang = votes.get(slang);
    if (!bySlang) votes.set(slang, (bySlang = new Map()));
    let srcs = bySlang.get(standard);
    if (!srcs) bySlang.set(standard, (srcs = new Set()));
    srcs.add(p.source);
  }

  const rank = (s: Set<SlangSource>) => Math.min(...[...s].map((x) => SOURCE_PRIORITY.indexOf(x)));
  const chosen = new Map<string, SlangEntry>();
  for (const slang of [...votes.keys()].sort()) {
    const options = [...votes.get(slang)!.entries()].sort(
      (a, b) => b[1].size - a[1].size || rank(a[1]) - rank(b[1]) || (a[0] < b[0] ? -1 : 1),
    );
    const [standard, srcs] = options[0]!;
    if (o.rootWords.has(slang) && srcs.size < 2 && editDistance(slang, standard) > 2) {
      dropped['standard-word']++;
      continue;
    }
    chosen.set(slang, {
      slang,
      standard,
      sources: SOURCE_PRIORITY.filter((s) => srcs.has(s)),
      alternatives: options.slice(1).map((x) => x[0]),
    });
  }

  // Follow chains of one-word forms that are themselves slang: `gw` -> `gue` -> `saya`.
  // A standard root word is an end point (`enggak` may be a key, but it is a word).
  for (const e of chosen.values()) {
    let cur = e.standard;
    const seen = new Set([e.slang]);
    for (let step = 0; step < 3; step++) {
      const t = chosen.get(cur);
      if (!t || cur.includes(' ') || o.rootWords.has(cur) || seen.has(cur)) break;
      seen.add(cur);
      cur = t.standard;
    }
    e.standard = cur;
  }
  const entries = [...chosen.values()].filter((e) => e.standard !== e.slang);
  return { entries, dropped };
}
