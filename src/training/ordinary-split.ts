import { createHash } from 'node:crypto';
import path from 'node:path';

/**
 * The held-out partition of the ordinary sets (`../shared/datasets/ordinary/*.csv`), which every
 * user of those files must respect (data/labelled/README.md, "Ordinary sets: held-out
 * partition"):
 * - `test` (40%): flags per 1,000 ordinary posts are REPORTED on these rows only;
 * - `dev` (20%): thresholds, gates and any other choice about the stream rate are tuned here only;
 * - `train` (40%): training, lexicon building, and the labelling sample's draws.
 *
 * A row's part depends only on the file's base name and the row number, so it never changes
 * when other rows or files are added. Row = 1-based data row as a CSV parser reads it, header
 * excluded (the `source_row` of data/labelled).
 */
export type OrdinaryPart = 'train' | 'dev' | 'test';

/** Shares of train, dev and test (in this order along [0, 1)). */
export const ORDINARY_SHARES = { train: 0.4, dev: 0.2, test: 0.4 } as const;

/** Salt of the hash; changing it re-deals every row, so it never changes. */
export const ORDINARY_SPLIT_SALT = 'netra-ordinary-split-v1';

/** Position of a row along [0, 1): the first 8 hex digits of SHA-256("<salt>:<base name>:<row>"). */
export function ordinaryPosition(file: string, row: number): number {
  if (!Number.isInteger(row) || row < 1) throw new RangeError(`row must be a whole number >= 1 (got ${row})`);
  const h = createHash('sha256')
    .update(`${ORDINARY_SPLIT_SALT}:${path.basename(file)}:${row}`)
    .digest();
  return h.readUInt32BE(0) / 2 ** 32;
}

/** `train`, `dev` or `test` for row `row` of ordinary file `file` (a path or base name). */
export function ordinarySplit(file: string, row: number): OrdinaryPart {
  const x = ordinaryPosition(file, row);
  if (x < ORDINARY_SHARES.train) return 'train';
  if (x < ORDINARY_SHARES.train + ORDINARY_SHARES.dev) return 'dev';
  return 'test';
}
