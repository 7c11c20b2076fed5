import path from 'node:path';
import { UserError } from '../domain/errors.ts';
import { jsonlStreamPosts, type StreamPost } from '../eval/stream-input.ts';
import { readCsvRecords } from './data/training-file.ts';
import { ordinarySplit, type OrdinaryPart } from './ordinary-split.ts';

/**
 * Stream inputs of `netra eval --stream` and `npm run eval:all`: JSON Lines (src/eval/stream-input.ts)
 * or a CSV read through an adapter: id `<file name>:<row>`, text from one column, and optionally
 * only the rows of one part of the ordinary held-out partition (ordinary-split.ts). Rows are
 * numbered as the project's CSV reader numbers them (data rows from 1, header excluded), as the
 * partition and the labelling sample number them.
 */
export interface StreamFileOptions {
  /** CSV only: the text column. @default "text" */
  textColumn?: string;
  /** CSV only: keep the rows of this part of the ordinary held-out partition. */
  part?: OrdinaryPart;
}

const isCsv = (file: string) => /\.csv$/i.test(file);

export function isOrdinaryPart(v: string): v is OrdinaryPart {
  return v === 'train' || v === 'dev' || v === 'test';
}

/** The rows of a CSV as stream posts. */
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

/** The posts of stream inputs, in order: CSV through the adapter, anything else as JSON Lines. */
export async function readStreamPosts(files: readonly string[], o: StreamFileOptions = {}): Promise<StreamPost[]> {
  const jsonl = files.filter((f) => !isCsv(f));
  if ((o.part || o.textColumn) && jsonl.length > 0)
    throw new UserError(
      `--part and --text-column apply to CSV inputs only (the ordinary sets' adapter); ${jsonl[0]} is read as JSON Lines`,
    );
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
export const ORDINARY_FILES: readonly string[] = [
  'ordinary/emot-emotion-tweets.csv',
  'ordinary/idsa-sentiment-tweets.csv',
  'ordinary/vaccine-tweets-2021.csv',
];

/** Paths of the ordinary sets under a shared folder. */
export function ordinaryFiles(sharedDir: string): string[] {
  return ORDINARY_FILES.map((f) => path.join(sharedDir, 'datasets', f));
}

/** The posts of one part (or all) of the three ordinary sets. */
export function ordinaryPosts(sharedDir: string, part?: OrdinaryPart): StreamPost[] {
  return ordinaryFiles(sharedDir).flatMap((f) => csvStreamPosts(f, part ? { part } : {}));
}
