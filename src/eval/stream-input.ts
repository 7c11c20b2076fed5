import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';
import { readCsvRecords } from '../model/data/training-file.ts';
import { ordinarySplit, type OrdinaryPart } from '../training/ordinary-split.ts';

/**
 * Unlabelled posts for `netra eval --stream`: JSON Lines (`id` and `text` per row, as `netra
 * classify` reads; an optional `source` string names where the row came from), or a CSV read
 * through an adapter (the ordinary sets of `../shared/datasets/ordinary/`): id `<file name>:<row>`,
 * text from one column, and optionally only the rows of one part of the ordinary held-out
 * partition (src/training/ordinary-split.ts).
 */

/** One post of an unlabelled stream. */
export interface StreamPost {
  id: string;
  text: string;
  /** Where it came from (the input file's name, or the row's own `source`): reports break rates down by it. */
  source: string;
  /** 1-based line of a JSON Lines file, or data row of a CSV (header excluded). */
  line: number;
}

export interface StreamFileOptions {
  /** CSV only: the text column. @default "text" */
  textColumn?: string;
  /** CSV only: keep the rows of this part of the ordinary held-out partition. */
  part?: OrdinaryPart;
}

const isCsv = (file: string) => /\.csv$/i.test(file);

/**
 * The rows of a CSV as stream posts. Rows are numbered as the project's CSV reader numbers them
 * (data rows from 1, header excluded), as the ordinary partition is.
 */
export function csvStreamPosts(file: string, o: StreamFileOptions = {}): StreamPost[] {
  const column = o.textColumn ?? 'text';
  const { rows } = readCsvRecords(file, [column]);
  const name = path.basename(file);
  const out: StreamPost[] = [];
  rows.forEach((r, i) => {
    const row = i + 1;
    if (o.part && ordinarySplit(name, row) !== o.part) return;
    out.push({ id: `${name}:${row}`, text: r[column] ?? '', source: name, line: row });
  });
  return out;
}

/** The rows of a JSON Lines file, every row checked first: a bad one stops it (file, line, field). */
export async function jsonlStreamPosts(file: string): Promise<StreamPost[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read --stream ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const name = path.basename(file);
  const problems: InputProblem[] = [];
  const out: StreamPost[] = [];
  content.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let rec: unknown;
    try {
      rec = JSON.parse(raw);
    } catch (e) {
      problems.push({ file, line, message: `not valid JSON (${(e as Error).message})` });
      return;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec)) {
      problems.push({ file, line, message: 'must be a JSON object with "id" and "text"' });
      return;
    }
    const { id, text, source } = rec as Record<string, unknown>;
    if (typeof id !== 'string' || id === '') problems.push({ file, line, field: 'id', message: `must be a non-empty string (got ${JSON.stringify(id) ?? 'nothing'})` });
    else if (typeof text !== 'string') problems.push({ file, line, field: 'text', message: `must be a string (got ${JSON.stringify(text)?.slice(0, 40) ?? 'nothing'})` });
    else if (source !== undefined && (typeof source !== 'string' || source === '')) problems.push({ file, line, field: 'source', message: `must be a non-empty string when given (got ${JSON.stringify(source)?.slice(0, 40)})` });
    else out.push({ id, text, source: typeof source === 'string' ? source : name, line });
  });
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} invalid row(s) in ${file}; nothing was evaluated`);
  return out;
}

/** The posts of stream inputs, in order: CSV through the adapter, anything else as JSON Lines. */
export async function readStreamPosts(files: readonly string[], o: StreamFileOptions = {}): Promise<StreamPost[]> {
  const jsonl = files.filter((f) => !isCsv(f));
  if ((o.part || o.textColumn) && jsonl.length > 0) throw new UserError(`--part and --text-column apply to CSV inputs only (the ordinary sets' adapter); ${jsonl[0]} is read as JSON Lines`);
  const out: StreamPost[] = [];
  for (const f of files) {
    if (isCsv(f)) out.push(...csvStreamPosts(f, o));
    else out.push(...(await jsonlStreamPosts(f)));
  }
  return out;
}

/**
 * The ordinary sets of `../shared/datasets/ordinary/` (everyday tweets that are not about an
 * election: emotions, sentiment, vaccination). Flags on them are almost always false, so flags
 * per 1,000 of them measure a classifier's false-flag rate. Gates and thresholds are tuned on the
 * `dev` part; rates are reported on the `test` part.
 */
export const ORDINARY_FILES: readonly string[] = ['ordinary/emot-emotion-tweets.csv', 'ordinary/idsa-sentiment-tweets.csv', 'ordinary/vaccine-tweets-2021.csv'];

/** Paths of the ordinary sets under a shared folder. */
export function ordinaryFiles(sharedDir: string): string[] {
  return ORDINARY_FILES.map((f) => path.join(sharedDir, 'datasets', f));
}

/** The posts of one part (or all) of the three ordinary sets. */
export function ordinaryPosts(sharedDir: string, part?: OrdinaryPart): StreamPost[] {
  return ordinaryFiles(sharedDir).flatMap((f) => csvStreamPosts(f, part ? { part } : {}));
}

export function isOrdinaryPart(v: string): v is OrdinaryPart {
  return v === 'train' || v === 'dev' || v === 'test';
}
