import { createRequire } from 'node:module';

/**
 * Sastrawi stemming through natural's Indonesian stemmer, imported from its own file (importing
 * `natural` whole runs dotenv and costs ~400 ms). The stemmer runs ~80k words/s; results are
 * cached, which makes repeated words free.
 */
interface IndonesianStemmer {
  stem(word: string): string;
}

let stemmer: IndonesianStemmer | undefined;
const cache = new Map<string, string>();
const CACHE_LIMIT = 200_000;
const STEMMABLE = /^[a-z]{4,}(?:-[a-z]+)*$/;
// Sastrawi only ever removes these prefixes and suffixes: a word with neither is its own root,
// and skipping the stemmer for it saves most of the cold-start time.
const AFFIXED = /^(?:me|be|di|ke|pe|te|se)|(?:kan|an|i|nya|lah|kah|pun|tah|ku|mu)$|-/;

function load(): IndonesianStemmer {
  const require = createRequire(import.meta.url);
  return require('natural/lib/natural/stemmers/indonesian/stemmer_id.js') as IndonesianStemmer;
}

/** Root of a normalised word (`mendukung` -> `dukung`); non-words and short words are returned as given. */
export function stem(norm: string): string {
  const hit = cache.get(norm);
  if (hit !== undefined) return hit;
  let out = norm;
  if (STEMMABLE.test(norm) && AFFIXED.test(norm)) {
    stemmer ??= load();
    out = stemmer.stem(norm);
  }
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(norm, out);
  return out;
}
