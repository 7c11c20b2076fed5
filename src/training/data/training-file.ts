import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import { UserError } from '../../domain/errors.ts';

/** A training data file as recorded in a model's metadata. */
export interface DataFileRecord {
  /** Path relative to the data dir (or to the repo for `data/labelled`). */
  path: string;
  sha256: string;
  rows: number;
  /** The file's licence as its SOURCE.md states it (training-licences.ts). */
  licence?: string;
}

export function sha256Hex(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Read a file, or a UserError naming it. */
export function readBytes(file: string): Buffer {
  try {
    return readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file (is --datasets or NETRA_SHARED_DIR right?)' : (e as Error).message}`);
  }
}

/**
 * Read a CSV with a header into records, checking the columns a reader needs. Errors name the
 * file, the line and the field.
 */
export function readCsvRecords(file: string, required: readonly string[], opts: { delimiter?: string } = {}): { rows: Record<string, string>[]; bytes: Buffer } {
  const bytes = readBytes(file);
  let rows: Record<string, string>[];
  try {
    rows = parse(decodeText(bytes), { columns: true, bom: true, delimiter: opts.delimiter ?? ',', relax_column_count: true, relax_quotes: true, skip_empty_lines: true }) as Record<string, string>[];
  } catch (e) {
    const err = e as Error & { lines?: number };
    throw new UserError(`${file}${err.lines ? `:${err.lines}` : ''}: not valid CSV (${err.message})`);
  }
  const head = rows[0];
  for (const col of required) {
    if (head && !(col in head)) throw new UserError(`${file}:1: missing column "${col}" (has: ${Object.keys(head).join(', ')})`);
  }
  return { rows, bytes };
}

/** UTF-8, or cp1252 where a file is not valid UTF-8 (two tweet files, data/labelled/README.md). */
export function decodeText(buf: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(buf);
  } catch {
    return new TextDecoder('windows-1252').decode(buf);
  }
}

/** A 0/1 CSV field, or a UserError naming file, line and field. Line = data row + 1 (header). */
export function binaryField(file: string, row: number, rec: Record<string, string>, field: string): 0 | 1 {
  const v = (rec[field] ?? '').trim();
  if (v === '0') return 0;
  if (v === '1') return 1;
  throw new UserError(`${file}:${row + 2}: field "${field}" must be 0 or 1, got ${JSON.stringify(rec[field] ?? null)}`);
}

export function relPath(base: string, file: string): string {
  return path.relative(base, file).split(path.sep).join('/');
}
