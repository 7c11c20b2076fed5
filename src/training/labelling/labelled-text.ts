import path from 'node:path';
import { UserError } from '../../domain/errors.ts';
import { loadConfig } from '../../config/config.load.ts';
import { checkStanceFields } from '../../domain/label-fields.ts';
import { resolveSharedText, SharedRows, type TextProblem } from './shared-rows.ts';

/**
 * The one place data/labelled loaders (training's readLabelled, `netra eval --data`, the
 * exclusion rule) get a row's text: the `text` field where the row ships it, otherwise the
 * shared folder's row, checked against `text_sha256` (rows whose source licence does not allow
 * redistribution; data/labelled/README.md, "Texts: shipped or ids only").
 */

const readers = new Map<string, SharedRows>();

/** One reader per shared folder, so each CSV is parsed once per process. */
export function sharedRowsFor(sharedDir: string): SharedRows {
  const dir = path.resolve(sharedDir);
  let r = readers.get(dir);
  if (!r) readers.set(dir, (r = new SharedRows(dir)));
  return r;
}

/** NETRA_SHARED_DIR, else `../shared` beside the package (the config's `sharedDir`). */
export function defaultSharedDir(): string {
  return loadConfig().sharedDir;
}

/**
 * The text of a labelled row: `{ text }`, a `{ problem }` naming the field, or `null` when the
 * row has neither `text` nor `source_file` (the caller reports the missing text). Throws a
 * UserError when the row needs the shared folder and it is absent.
 */
export function labelledRowText(
  rec: Record<string, unknown>,
  at: { file: string; line: number },
  sharedDir?: string,
): { text: string } | { problem: TextProblem } | null {
  if (typeof rec['text'] === 'string') return { text: rec['text'] };
  if (rec['text'] !== undefined || rec['source_file'] === undefined) return null;
  return resolveSharedText(sharedRowsFor(sharedDir ?? defaultSharedDir()), rec as never, at);
}

/** {@link labelledRowText} bound to one shared folder (what `netra eval --data` passes to loadEvalData). */
export function sharedTextResolver(
  sharedDir: string,
): (rec: Record<string, unknown>, at: { file: string; line: number }) => { text: string } | { problem: TextProblem } | null {
  return (rec, at) => labelledRowText(rec, at, sharedDir);
}

/** For readExclusion (src/nlp/lexicon-build/corpus-counts.ts): ids-only rows' texts from `sharedDir`, or an error naming file, line and field. */
export function exclusionTextResolver(sharedDir: string): (row: Record<string, unknown>, file: string, line: number) => string {
  return (row, file, line) => {
    const t = labelledRowText(row, { file, line }, sharedDir);
    if (t === null) throw new UserError(`${file}:${line}: field "text" must be a string`);
    if ('problem' in t) throw new UserError(`${file}:${line}: field "${t.problem.field}": ${t.problem.message}`);
    return t.text;
  };
}

/** For loaders: a `{ field, message }` problem in a row's optional stance fields, or null. */
export { checkStanceFields };
