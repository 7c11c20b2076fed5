import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';
import { jsonlObjects } from '../domain/jsonl.ts';

/**
 * Unlabelled posts for `netra eval --stream`: JSON Lines (`id` and `text` per row, as `netra
 * classify` reads; an optional `source` string names where the row came from). CSV files (the
 * ordinary sets) come through the adapter in src/training/stream-posts.ts, which knows the
 * ordinary held-out partition.
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

/** The rows of a JSON Lines file, every row checked first: a bad one stops it (file, line, field). */
export async function jsonlStreamPosts(file: string): Promise<StreamPost[]> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(
      `cannot read --stream ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`,
    );
  }
  const name = path.basename(file);
  const problems: InputProblem[] = [];
  const out: StreamPost[] = [];
  for (const { line, rec } of jsonlObjects(file, content, problems, 'a JSON object with "id" and "text"')) {
    const { id, text, source } = rec;
    if (typeof id !== 'string' || id === '')
      problems.push({ file, line, field: 'id', message: `must be a non-empty string (got ${JSON.stringify(id) ?? 'nothing'})` });
    else if (typeof text !== 'string')
      problems.push({ file, line, field: 'text', message: `must be a string (got ${JSON.stringify(text)?.slice(0, 40) ?? 'nothing'})` });
    else if (source !== undefined && (typeof source !== 'string' || source === ''))
      problems.push({
        file,
        line,
        field: 'source',
        message: `must be a non-empty string when given (got ${JSON.stringify(source)?.slice(0, 40)})`,
      });
    else out.push({ id, text, source: typeof source === 'string' ? source : name, line });
  }
  // In line order, whether a row is not JSON or has a bad field.
  problems.sort((a, b) => a.line - b.line);
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} invalid row(s) in ${file}; nothing was evaluated`);
  return out;
}
