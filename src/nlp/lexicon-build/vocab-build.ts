/**
 * The vocabulary (`data/lexicons/vocab-id.tsv`): words the pipeline treats as known, with corpus
 * counts for hashtag segmentation. Known = Sastrawi root words (natural's Indonesian stemmer
 * dictionary, MIT) + stopwords-iso + the standard side of the slang table + rule-lexicon and
 * abusive words + words seen at least {@link MIN_CORPUS_COUNT} times in the public datasets.
 * Corpus-only words that look elongated (a letter three times in a row, a syllable repeated three
 * times as in laughter, or a double letter whose
 * single-letter form is a standard word: `bangeet`) are left out, so elongation repair still
 * applies to them, and so are corpus words that are two frequent standard words glued together.
 */
export const MIN_CORPUS_COUNT = 5;

export type VocabSource = 'sastrawi' | 'stopwords' | 'slang-target' | 'rule-lexicon' | 'abusive' | 'corpus';

export interface VocabRow {
  word: string;
  count: number;
  sources: VocabSource[];
}

const ALPHA = /^[a-z]+$/;
const TRIPLE = /([a-z])\1\1/;
const LAUGH = /([a-z])([a-z])(?:\1\2){2,}/;

function singledForms(w: string): string[] {
  const out: string[] = [];
  for (let i = 1; i < w.length; i++) if (w[i] === w[i - 1]) out.push(w.slice(0, i) + w.slice(i + 1));
  return out;
}

/**
 * A corpus word that is two more frequent words written together (`ganjarmahfud`, `pilihanumat`,
 * `pdiperjuangan`): left out, or hashtag segmentation would keep it whole.
 */
function isGluedPair(w: string, count: number, standard: ReadonlySet<string>, counts: ReadonlyMap<string, number>): boolean {
  if (w.length < 7) return false;
  for (let i = 3; i <= w.length - 3; i++) {
    const a = w.slice(0, i);
    const b = w.slice(i);
    const ca = counts.get(a) ?? 0;
    const cb = counts.get(b) ?? 0;
    if ((standard.has(a) || ca >= MIN_CORPUS_COUNT) && (standard.has(b) || cb >= MIN_CORPUS_COUNT) && ca > 2 * count && cb > 2 * count)
      return true;
  }
  return false;
}

export function buildVocab(o: {
  rootWords: Iterable<string>;
  stopwords: Iterable<string>;
  slangTargets: Iterable<string>;
  ruleWords: Iterable<string>;
  abusiveWords: Iterable<string>;
  counts: ReadonlyMap<string, number>;
}): VocabRow[] {
  const rows = new Map<string, VocabRow>();
  const add = (w: string, s: VocabSource) => {
    if (!ALPHA.test(w) || w.length < 2) return;
    let r = rows.get(w);
    if (!r) rows.set(w, (r = { word: w, count: o.counts.get(w) ?? 0, sources: [] }));
    if (!r.sources.includes(s)) r.sources.push(s);
  };
  for (const w of o.rootWords) add(w, 'sastrawi');
  for (const w of o.stopwords) add(w, 'stopwords');
  for (const w of o.slangTargets) add(w, 'slang-target');
  for (const w of o.ruleWords) add(w, 'rule-lexicon');
  for (const w of o.abusiveWords) for (const p of w.split(' ')) add(p, 'abusive');
  const standard = new Set(rows.keys());
  for (const [w, c] of o.counts) {
    if (c < MIN_CORPUS_COUNT || rows.has(w) || !ALPHA.test(w)) continue;
    if (TRIPLE.test(w) || LAUGH.test(w) || singledForms(w).some((s) => standard.has(s))) continue;
    if (isGluedPair(w, c, standard, o.counts)) continue;
    add(w, 'corpus');
  }
  return [...rows.values()].sort((a, b) => (a.word < b.word ? -1 : 1));
}
