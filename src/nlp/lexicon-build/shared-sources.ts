import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../../domain/errors.ts';

/**
 * Readers for the public lexicons under `../shared/lexicons/` (see its SOURCE.md). They run at
 * build time only; nothing here is needed on a user's machine.
 */

/** The slang dictionaries, by the short name used in the `sources` column of derived files. */
export const SLANG_SOURCES = {
  indocollex: { file: 'indocollex-informal-formal.tsv', cite: 'IndoCollex (haryoa/indo-collex), MIT' },
  kamusalay: { file: 'ibrohim-kamusalay.csv', cite: 'Ibrohim & Budi 2019 kamus alay, CC BY-NC-SA 4.0' },
  louisowen6: { file: 'slang-louisowen6.json.txt', cite: 'louisowen6/NLP_bahasa_resources, MIT' },
  colloquial: { file: 'colloquial-indonesian-lexicon.csv', cite: 'Salsabila et al. 2018, Colloquial Indonesian Lexicon (cite the paper)' },
} as const;

export type SlangSource = keyof typeof SLANG_SOURCES;

/** One slang -> standard pair as a source gives it. */
export interface SlangPair {
  slang: string;
  standard: string;
  source: SlangSource;
}

export function readText(file: string): string {
  try {
    return readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
}

export function readCsv(file: string, o: { delimiter?: string; columns?: boolean } = {}): string[][] | Record<string, string>[] {
  try {
    return parse(readText(file), {
      delimiter: o.delimiter ?? ',',
      columns: o.columns ?? false,
      bom: true,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
    }) as string[][];
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: not a readable CSV: ${(e as Error).message}`, { cause: e });
  }
}

/** All slang pairs of the four dictionaries, in file order. */
export function readSlangPairs(lexiconDir: string): SlangPair[] {
  const out: SlangPair[] = [];
  const f = (s: SlangSource) => path.join(lexiconDir, SLANG_SOURCES[s].file);
  for (const row of readCsv(f('kamusalay')) as string[][]) {
    if (row.length >= 2) out.push({ slang: row[0]!, standard: row[1]!, source: 'kamusalay' });
  }
  for (const row of readCsv(f('colloquial'), { columns: true }) as Record<string, string>[]) {
    if (row.slang !== undefined && row.formal !== undefined) out.push({ slang: row.slang, standard: row.formal, source: 'colloquial' });
  }
  const tsv = readText(f('indocollex')).split('\n').slice(1);
  for (const line of tsv) {
    const [a, b] = line.replace(/\r$/, '').split('\t');
    if (a && b !== undefined) out.push({ slang: a, standard: b, source: 'indocollex' });
  }
  let json: unknown;
  try {
    json = JSON.parse(readText(f('louisowen6')));
  } catch (e) {
    throw new UserError(`${f('louisowen6')}: not valid JSON: ${(e as Error).message}`);
  }
  for (const [k, v] of Object.entries(json as Record<string, unknown>)) {
    if (typeof v === 'string') out.push({ slang: k, standard: v, source: 'louisowen6' });
  }
  return out;
}

/** The stopword list (stopwords-iso, MIT). */
export function readStopwords(lexiconDir: string): string[] {
  return readText(path.join(lexiconDir, 'stopwords-iso-id.txt'))
    .split('\n')
    .map((l) => l.trim().toLowerCase())
    .filter(Boolean);
}

/** Ibrohim & Budi's abusive words (header `ABUSIVE`). */
export function readAbusiveWords(lexiconDir: string): string[] {
  const rows = readCsv(path.join(lexiconDir, 'ibrohim-abusive-words.csv')) as string[][];
  return rows
    .slice(1)
    .map((r) => (r[0] ?? '').trim().toLowerCase())
    .filter(Boolean);
}

/** The pairs of `emoji-id.json`: despite its description it maps mojibake strings to emoji. */
export function readEmojiPairs(lexiconDir: string): [string, string][] {
  const file = path.join(lexiconDir, 'emoji-id.json');
  try {
    return Object.entries(JSON.parse(readText(file)) as Record<string, string>);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError(`${file}: not valid JSON: ${(e as Error).message}`);
  }
}
