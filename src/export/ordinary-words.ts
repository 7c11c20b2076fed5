import path from 'node:path';
import { DEFAULT_LEXICON_DIR } from '../config/paths.ts';
import { readTsv, VOCAB_FILE } from '../nlp/resources.ts';

/**
 * The dictionary redaction checks a name token against, from the shipped vocabulary
 * (`vocab-id.tsv`: word, count, sources). `ordinary` holds dictionary words (a root word of the
 * Sastrawi stemmer or a stopword: `lalu`, `bagus`, `indah`): a registry name part that is one of
 * these is only removed as part of the full name or after an honorific, never alone. `known`
 * holds every word of the vocabulary, also the ones only seen often in posts.
 */
export interface Dictionary {
  ordinary: ReadonlySet<string>;
  known: ReadonlySet<string>;
}

const cache = new Map<string, Dictionary>();

/** Read (once per folder) the dictionary of `<lexiconDir>/vocab-id.tsv`. */
export function loadDictionary(lexiconDir: string = DEFAULT_LEXICON_DIR): Dictionary {
  const dir = path.resolve(lexiconDir);
  const hit = cache.get(dir);
  if (hit) return hit;
  const ordinary = new Set<string>();
  const known = new Set<string>();
  for (const { cols } of readTsv(path.join(dir, VOCAB_FILE), 3)) {
    const word = cols[0]!.toLowerCase();
    known.add(word);
    if (/(^|\+)(sastrawi|stopwords)(\+|$)/.test(cols[2]!)) ordinary.add(word);
  }
  const dict = { ordinary, known };
  cache.set(dir, dict);
  return dict;
}
