import path from 'node:path';
import { readCsvRecords } from '../model/data/training-file.ts';
import { ordinarySplit, type OrdinaryPart } from '../training/ordinary-split.ts';

/**
 * The ordinary sets of `../shared/datasets/ordinary/` (everyday tweets that are not about an
 * election: emotions, sentiment, vaccination), read as an unlabelled stream. Flags on them are
 * almost always false, so flags per 1,000 of them measure a classifier's false-flag rate.
 *
 * Rows are dealt into `train`, `dev` and `test` by src/training/ordinary-split.ts (by file name
 * and row number): gates and thresholds are tuned on `dev`, rates are reported on `test`.
 */
export const ORDINARY_FILES: readonly { file: string; textColumn: string }[] = [
  { file: 'ordinary/emot-emotion-tweets.csv', textColumn: 'text' },
  { file: 'ordinary/idsa-sentiment-tweets.csv', textColumn: 'text' },
  { file: 'ordinary/vaccine-tweets-2021.csv', textColumn: 'text' },
];

/** One post of an unlabelled stream. */
export interface StreamPost {
  id: string;
  text: string;
  /** Where it came from (the input file's name, or the row's own `source`): reports break rates down by it. */
  source: string;
  /** 1-based line of a JSON Lines file, or data row of a CSV (header excluded). */
  line: number;
}

/**
 * The rows of a CSV as stream posts: id `<file name>:<row>`, text from `textColumn`, rows of one
 * part of the ordinary held-out partition only when `part` is given. Rows are numbered as the
 * project's CSV reader numbers them (data rows from 1, header excluded), as the partition is.
 */
export function csvStreamPosts(file: string, o: { textColumn?: string; part?: OrdinaryPart } = {}): StreamPost[] {
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

/** The posts of one part (or all) of the three ordinary sets under `<sharedDir>/datasets`. */
export function ordinaryPosts(sharedDir: string, part?: OrdinaryPart): StreamPost[] {
  return ORDINARY_FILES.flatMap((f) => csvStreamPosts(path.join(sharedDir, 'datasets', f.file), { textColumn: f.textColumn, ...(part ? { part } : {}) }));
}
