import { existsSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/errors.ts';
import { readCsvRecords, sha256Hex } from '../data/training-file.ts';
import { sourceByFile, type StreamSource } from './stream-sources.ts';

/** One data row of a `../shared` CSV. */
export interface SharedRow {
  /** 1-based data row as the CSV parser reads it, header excluded (`source_row`). */
  row: number;
  text: string;
  /** The stratification columns' values joined with `/` (see {@link StreamSource.tagColumns}). */
  tag?: string;
}

/**
 * Reads the stream sources' CSVs from one shared folder, each file once. The same reader (same
 * parser, same decoding: UTF-8, or cp1252 for the two tweet files that are not valid UTF-8)
 * serves the sampler and the text resolver, so `source_row` and `text_sha256` always agree.
 */
export class SharedRows {
  readonly datasetsDir: string;
  private readonly cache = new Map<string, SharedRow[]>();

  constructor(readonly sharedDir: string) {
    this.datasetsDir = path.join(sharedDir, 'datasets');
  }

  /** Throws a clear error when the shared folder is not there. */
  check(why: string): void {
    if (!existsSync(this.datasetsDir)) {
      throw new UserError(
        `${why}, but the shared datasets folder ${this.datasetsDir} does not exist: give --shared DIR (the folder holding datasets/) or set NETRA_SHARED_DIR`,
      );
    }
  }

  rows(source: StreamSource): SharedRow[] {
    let rows = this.cache.get(source.file);
    if (rows) return rows;
    const file = path.join(this.datasetsDir, source.file);
    const { rows: recs } = readCsvRecords(file, [source.textColumn, ...(source.tagColumns ?? [])]);
    rows = recs.map((r, i) => {
      const out: SharedRow = { row: i + 1, text: r[source.textColumn] ?? '' };
      if (source.tagColumns) out.tag = source.tagColumns.map((c) => (r[c] ?? '').trim()).join('/');
      return out;
    });
    this.cache.set(source.file, rows);
    return rows;
  }
}

/** What an ids-only labelled row carries to find its text. */
export interface TextRef {
  source_file: unknown;
  source_row: unknown;
  text_sha256: unknown;
}

/** Where a row is, for messages. */
export interface RowPlace {
  file: string;
  line: number;
}

/** A located problem with the field it concerns (formatted `FILE:LINE: field "F": ...`). */
export interface TextProblem {
  field: 'source_file' | 'source_row' | 'text_sha256';
  message: string;
}

/**
 * The text of an ids-only row (data/labelled rows whose source licence does not allow shipping
 * the text): read from `<shared>/datasets/<source_file>` at `source_row` and checked against
 * `text_sha256`. A missing shared folder throws a {@link UserError} at once (no row can be
 * resolved); a bad reference or a changed text is returned as a problem naming the field.
 */
export function resolveSharedText(shared: SharedRows, ref: TextRef, at: RowPlace): { text: string } | { problem: TextProblem } {
  const { source_file: file, source_row: row, text_sha256: sha } = ref;
  if (typeof file !== 'string' || file === '')
    return {
      problem: {
        field: 'source_file',
        message: `must name a file under <shared>/datasets when "text" is absent (got ${JSON.stringify(file ?? null)})`,
      },
    };
  const source = sourceByFile(file);
  if (!source)
    return {
      problem: {
        field: 'source_file',
        message: `${JSON.stringify(file)} is not a source whose texts can be resolved from the shared folder (see src/training/labelling/stream-sources.ts)`,
      },
    };
  if (typeof row !== 'number' || !Number.isInteger(row) || row < 1)
    return { problem: { field: 'source_row', message: `must be a whole number >= 1 (got ${JSON.stringify(row ?? null)})` } };
  if (typeof sha !== 'string' || !/^[0-9a-f]{64}$/.test(sha))
    return { problem: { field: 'text_sha256', message: `must be 64 lower-case hex digits (got ${JSON.stringify(sha ?? null)})` } };
  shared.check(`${at.file}:${at.line}: the row has no "text" (its source ships ids only)`);
  const rows = shared.rows(source);
  const r = rows[row - 1];
  if (!r)
    return {
      problem: {
        field: 'source_row',
        message: `${row} is past the end of ${path.join(shared.datasetsDir, file)} (${rows.length} data rows)`,
      },
    };
  const got = sha256Hex(r.text);
  if (got !== sha) {
    return {
      problem: {
        field: 'text_sha256',
        message: `does not match the text at ${path.join(shared.datasetsDir, file)} row ${row} (expected ${sha}, the file's text hashes to ${got}): the shared file changed or the row number is wrong`,
      },
    };
  }
  return { text: r.text };
}
