import { parse } from 'csv-parse/sync';
import type { InputProblem } from './errors.ts';

/** One CSV row by its header's column names, with the file line it ends on (for problems). */
export interface CsvRecord {
  record: Record<string, string>;
  line: number;
}

/**
 * The rows of a CSV file with a header row (a byte-order mark is dropped, empty lines skipped,
 * `#` comment lines skipped when asked), or the one problem that stops the file from parsing,
 * named by file and line. The registry, campaign-accounts, claims and posts files read this way.
 */
export function csvRecords(
  content: string,
  file: string,
  o: { comments?: boolean } = {},
): { records: CsvRecord[]; problem?: InputProblem } {
  try {
    const parsed = parse(content, {
      bom: true,
      columns: true,
      skip_empty_lines: true,
      info: true,
      ...(o.comments ? { comment: '#', comment_no_infix: true } : {}),
    }) as { record: Record<string, string>; info: { lines: number } }[];
    return { records: parsed.map((r) => ({ record: r.record, line: r.info.lines })) };
  } catch (e) {
    const err = e as Error & { lines?: number };
    return { records: [], problem: { file, line: err.lines ?? 1, message: `not valid CSV: ${err.message}` } };
  }
}

/** Header problems: columns the file should not have, and required columns it lacks (line 1). */
export function headerProblems(
  header: readonly string[],
  columns: readonly { name: string; required?: boolean }[],
  file: string,
): InputProblem[] {
  const problems: InputProblem[] = [];
  const known = new Set(columns.map((c) => c.name));
  for (const h of header)
    if (!known.has(h)) problems.push({ file, line: 1, field: h, message: `unknown column; expected ${[...known].join(',')}` });
  for (const c of columns)
    if (c.required && !header.includes(c.name)) problems.push({ file, line: 1, field: c.name, message: 'required column is missing' });
  return problems;
}
