/**
 * Features of a text for claim matching, on the stems of the shared nlp pipeline (so slang,
 * elongation, leet and affixes are already normalised): content words, adjacent content-word
 * pairs, and character 3- and 4-grams inside each content word (robust to spelling and to the
 * affixes the stemmer leaves).
 */

/**
 * Stems that say nothing about WHAT a claim is: function words, fillers of casual register, and
 * the words fact-checks and viral posts both wrap claims in (viral, beredar, hoaks ...).
 */
export const CLAIM_STOPWORDS: ReadonlySet<string> = new Set(
  (
    'yang di ke dari dan atau ini itu ada dengan untuk pada dalam akan juga sudah telah sih dong deh nih kok lho kan ya aja saja banget jadi karena ' +
    'tapi kalau bisa mau lagi tidak bukan belum jangan tak oleh sebagai bahwa para sang si pun agar supaya maka lalu kemudian masih baru pernah ' +
    'sangat paling lebih kurang semua setiap sama seperti begitu begini kata katanya nya wah wow gila astaga anjir waduh duh loh lah tuh kah ' +
    'saya aku kamu kita kami mereka dia ia anda beliau gue lu orang hal cara buat kasih biar gitu gini sekarang hari tahun kali pas apa siapa mana ' +
    'kenapa gimana bagaimana berapa bila jika kalo udah gak nggak ga enggak tau tahu pak bu bapak ibu mas mbak kak bang om guys gaes teman rekan ' +
    'viral beredar sebar hoaks hoax hoak berita kabar info informasi video foto gambar unggah akun media sosial medsos netizen warganet ' +
    'lihat nonton tonton dengar baca cek fakta benar betul nyata resmi klaim isu narasi tangkap layar postingan posting konten ' +
    '<url> <user> <num>'
  ).split(/\s+/),
);

/** Feature ids of a text in the word and word-pair spaces; -1 marks a feature the claims never use. */
export interface FeatureIds {
  words: number[];
  bigrams: number[];
}

/**
 * The vocabularies of the three feature spaces. Word pairs are keyed by the two word ids, and
 * character n-grams are computed once per distinct word and cached as ids, so that building the
 * index over thousands of claims and matching thousands of posts a second allocate few strings.
 */
export class FeatureVocab {
  readonly words = new Map<string, number>();
  /** Word pairs: first word id -> second word id -> pair id (small-integer keys: no number boxing). */
  private readonly pairs = new Map<number, Map<number, number>>();
  private pairCount = 0;
  readonly chars = new Map<string, number>();
  private readonly wordChars = new Map<string, Int32Array>();
  private frozen = false;

  /** Stop adding features: later texts are queries. */
  freeze(): void {
    this.frozen = true;
  }

  private id<K>(m: Map<K, number>, f: K): number {
    const id = m.get(f);
    if (id !== undefined) return id;
    if (this.frozen) return -1;
    m.set(f, m.size);
    return m.size - 1;
  }

  /** Number of word-pair features. */
  get bigramCount(): number {
    return this.pairCount;
  }

  private pairId(a: number, b: number): number {
    let m = this.pairs.get(a);
    const id = m?.get(b);
    if (id !== undefined) return id;
    if (this.frozen) return -1;
    if (!m) this.pairs.set(a, (m = new Map()));
    m.set(b, this.pairCount);
    return this.pairCount++;
  }

  private charIds(w: string): Int32Array {
    let ids = this.wordChars.get(w);
    if (!ids) {
      const p = `#${w}#`;
      const out: number[] = [];
      for (let n = 3; n <= 4; n++) for (let j = 0; j + n <= p.length; j++) out.push(this.id(this.chars, p.slice(j, j + n)));
      ids = Int32Array.from(out);
      if (this.wordChars.size >= 200_000) this.wordChars.clear();
      this.wordChars.set(w, ids);
    }
    return ids;
  }

  /** Word and word-pair feature ids of content stems (see {@link contentStems}). */
  ids(stems: readonly string[]): FeatureIds {
    const words: number[] = [];
    const bigrams: number[] = [];
    let prev = -1;
    for (let i = 0; i < stems.length; i++) {
      const w = this.id(this.words, stems[i]!);
      words.push(w);
      if (i > 0) bigrams.push(prev < 0 || w < 0 ? -1 : this.pairId(prev, w));
      prev = w;
    }
    return { words, bigrams };
  }

  /** Character n-gram ids of content stems. */
  charIdsOf(stems: readonly string[]): number[] {
    const out: number[] = [];
    for (const w of stems) for (const c of this.charIds(w)) out.push(c);
    return out;
  }
}

/** Content stems of a space-separated stem text (see `stemText`), in order; at most `max` of them (the first). */
export function contentStems(stemText: string, max = Infinity): string[] {
  const out: string[] = [];
  let i = 0;
  while (i <= stemText.length && out.length < max) {
    let j = stemText.indexOf(' ', i);
    if (j < 0) j = stemText.length;
    if (j - i >= 2) {
      const s = stemText.slice(i, j);
      if (!CLAIM_STOPWORDS.has(s)) out.push(s);
    }
    i = j + 1;
  }
  return out;
}
