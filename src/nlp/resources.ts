import { readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_LEXICON_DIR } from '../config/paths.ts';
import { UserError } from '../domain/errors.ts';
import type { WordModel } from './hashtag-segment.ts';

/**
 * The dictionaries the pipeline reads, built by `netra lexicons build` into `data/lexicons/`:
 * `vocab-id.tsv` (word, count, sources), `slang-id.tsv` (slang, standard, sources) and
 * `emoji-id.tsv` (emoji, Indonesian gloss, note).
 */
export interface NlpResources {
  /** Known standard words and their corpus counts. */
  vocab: ReadonlyMap<string, number>;
  /** Slang/alay form -> standard words (one or more). */
  slang: ReadonlyMap<string, readonly string[]>;
  /** Emoji (variation selectors and skin tones removed) -> Indonesian words. */
  emoji: ReadonlyMap<string, readonly string[]>;
  /** Unigram model over `vocab`, for hashtag segmentation. */
  model: WordModel;
}

export const VOCAB_FILE = 'vocab-id.tsv';
export const SLANG_FILE = 'slang-id.tsv';
export const EMOJI_FILE = 'emoji-id.tsv';

/** Remove variation selectors and skin-tone modifiers: the key emoji are looked up by. */
export function emojiKey(e: string): string {
  return e.replace(/[\u{FE0E}\u{FE0F}\u{1F3FB}-\u{1F3FF}]/gu, '');
}

/** Rows of a TSV file: comment lines (`#`) and the header (first non-comment line) skipped. */
export function readTsv(file: string, minColumns: number): { line: number; cols: string[] }[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(
      `cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file (run `netra lexicons build`?)' : (e as Error).message}`,
    );
  }
  const rows: { line: number; cols: string[] }[] = [];
  let header = true;
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.replace(/\r$/, '');
    if (l === '' || l.startsWith('#')) continue;
    if (header) {
      header = false;
      continue;
    }
    const cols = l.split('\t');
    if (cols.length < minColumns)
      throw new UserError(`${file}:${i + 1}: expected ${minColumns} tab-separated columns, found ${cols.length}`);
    rows.push({ line: i + 1, cols });
  }
  return rows;
}

/**
 * A unigram word model with costs -ln((count + 1) / total), computed on lookup (the same value
 * as a precomputed table, without building a second map of every word at start-up).
 */
export function unigramModel(vocab: ReadonlyMap<string, number>): WordModel {
  let total = 0;
  for (const c of vocab.values()) total += c + 1;
  return {
    cost: (w) => {
      const c = vocab.get(w);
      return c === undefined ? undefined : -Math.log((c + 1) / total);
    },
  };
}

/** Build resources from in-memory maps (tests, tools). */
export function makeNlpResources(o: {
  vocab: Map<string, number>;
  slang?: Map<string, string[]>;
  emoji?: Map<string, string[]>;
}): NlpResources {
  return { vocab: o.vocab, slang: o.slang ?? new Map(), emoji: o.emoji ?? new Map(), model: unigramModel(o.vocab) };
}

const loaded = new Map<string, { stamp: string; res: NlpResources }>();

/** Size and modification time of the three files: a changed file is read again. */
function stampOf(dir: string): string | null {
  try {
    return [VOCAB_FILE, SLANG_FILE, EMOJI_FILE]
      .map((f) => {
        const st = statSync(path.join(dir, f));
        return `${st.size}:${st.mtimeMs}`;
      })
      .join('|');
  } catch {
    return null;
  }
}

/**
 * Load the three pipeline dictionaries from a lexicon folder (synchronously: they are small).
 * Read once per folder and process (the rules and the claim matcher share them), again when a
 * file changes.
 */
export function loadNlpResources(dir: string = DEFAULT_LEXICON_DIR): NlpResources {
  const key = path.resolve(dir);
  const stamp = stampOf(key);
  const hit = loaded.get(key);
  if (hit && stamp !== null && hit.stamp === stamp) return hit.res;
  const res = readNlpResources(dir);
  if (stamp !== null) loaded.set(key, { stamp, res });
  return res;
}

function readNlpResources(dir: string): NlpResources {
  const vocab = new Map<string, number>();
  const vf = path.join(dir, VOCAB_FILE);
  for (const { line, cols } of readTsv(vf, 2)) {
    const n = Number(cols[1]);
    if (!cols[0] || !Number.isInteger(n) || n < 0)
      throw new UserError(`${vf}:${line}: field "count": must be a whole number >= 0, got ${JSON.stringify(cols[1])}`);
    vocab.set(cols[0], n);
  }
  const slang = new Map<string, string[]>();
  const sf = path.join(dir, SLANG_FILE);
  for (const { line, cols } of readTsv(sf, 2)) {
    const words = cols[1]!.split(' ').filter(Boolean);
    if (!cols[0] || words.length === 0) throw new UserError(`${sf}:${line}: field "standard": must not be empty`);
    slang.set(cols[0], words);
  }
  const emoji = new Map<string, string[]>();
  const ef = path.join(dir, EMOJI_FILE);
  for (const { line, cols } of readTsv(ef, 2)) {
    const words = cols[1]!.split(' ').filter(Boolean);
    if (!cols[0] || words.length === 0) throw new UserError(`${ef}:${line}: field "gloss": must not be empty`);
    emoji.set(emojiKey(cols[0]), words);
  }
  return { vocab, slang, emoji, model: unigramModel(vocab) };
}
