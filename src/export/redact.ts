/**
 * Redaction of personal identifiers from post text for research exports. Each identifier is
 * replaced by a placeholder word (`redact-kinds.ts`).
 *
 * Two kinds of knowledge: patterns (`redact-patterns.ts`: links and short links, emails,
 * @handles, NIP, NIK, phone numbers, bank accounts, number plates, street addresses, long digit
 * runs) and the registry (`redact-names.ts`: the names of the people netra watches with their
 * spacing, hashtag and nickname variants, their workplaces and positions, handles and account
 * ids, and anyone's name after an honorific). Both yield spans of the text; where spans overlap
 * the longer one wins. The registry is indexed once per release, so a post costs the same
 * whatever the registry's size (`npm run bench:redact`).
 */
import { loadDictionary, type Dictionary } from './ordinary-words.ts';
import { NameIndex } from './redact-names.ts';
import { PLACEHOLDERS, type RedactionCounts } from './redact-kinds.ts';
import { patternSpans, type Span } from './redact-patterns.ts';
import { tokenize } from './redact-tokens.ts';

export { emptyCounts, PLACEHOLDERS, type RedactionCounts, type RedactionKind } from './redact-kinds.ts';

/** What the registry knows. */
export interface RegistryTerms {
  /** Full names of registered people (`Sri Handayani`). Each part of 3+ letters that is not an ordinary word is also removed alone. */
  names: readonly string[];
  /** Platform handles, without `@`. */
  handles: readonly string[];
  /** Platform account ids, NIPs, post ids and other opaque identifiers. */
  ids: readonly string[];
  /** Agency names of registered people (`SDN 1 Sukamaju`). */
  workplaces?: readonly string[];
  /** Positions of registered people (`Kepala Seksi Kurikulum`); one-word positions only when not an ordinary word. */
  positions?: readonly string[];
  /**
   * Name parts that are kept (public figures' names the labels depend on: candidates, parties).
   * A registered person called "Ahmad Prabowo" still has "Ahmad Prabowo" removed, but a lone
   * "Prabowo" stays when it is listed here.
   */
  keepWords?: readonly string[];
  /** @default the shipped vocabulary, `data/lexicons/vocab-id.tsv` */
  dictionary?: Dictionary;
}

export interface Redactor {
  /** The text with every identifier replaced; adds what it replaced to `counts`. */
  redact(text: string, counts?: RedactionCounts): string;
}

/** Build one redactor for a release from what the registry knows. */
export function createRedactor(terms: RegistryTerms): Redactor {
  const index = new NameIndex({
    names: terms.names,
    handles: terms.handles,
    ids: terms.ids,
    workplaces: terms.workplaces ?? [],
    positions: terms.positions ?? [],
    keepWords: terms.keepWords ?? [],
    dictionary: terms.dictionary ?? loadDictionary(),
  });
  return {
    redact(input, counts) {
      const text = input.normalize('NFC');
      const spans = resolve(text, [...patternSpans(text), ...index.spans(text, tokenize(text))]);
      let out = '';
      let at = 0;
      for (const s of spans) {
        out += text.slice(at, s.start) + PLACEHOLDERS[s.kind];
        at = s.end;
        if (counts) counts[s.kind] += 1;
      }
      return out + text.slice(at);
    },
  };
}

/**
 * Choose non-overlapping spans: longer first, then lower priority; then join a person's name
 * split over neighbouring spans (`Sri` + `Handayani`) into one placeholder. Sorted by start.
 */
function resolve(text: string, spans: Span[]): Span[] {
  spans.sort((a, b) => b.end - b.start - (a.end - a.start) || a.priority - b.priority || a.start - b.start);
  const taken = new Uint8Array(text.length);
  const kept: Span[] = [];
  for (const s of spans) {
    let free = true;
    for (let i = s.start; i < s.end && free; i++) if (taken[i]) free = false;
    if (!free) continue;
    taken.fill(1, s.start, s.end);
    kept.push(s);
  }
  kept.sort((a, b) => a.start - b.start);
  const merged: Span[] = [];
  for (const s of kept) {
    const prev = merged[merged.length - 1];
    if (prev && prev.kind === 'person' && s.kind === 'person' && /^[ \t]{0,2}$/.test(text.slice(prev.end, s.start))) prev.end = s.end;
    else merged.push({ ...s });
  }
  return merged;
}
