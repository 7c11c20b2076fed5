import type { InputProblem } from './errors.ts';

/**
 * The object rows of a JSON Lines text, each with its 1-based line; blank lines are skipped. A
 * line that is not JSON, or not a JSON object, becomes a problem naming the file and the line
 * (`objectHint` says what the object must hold), so that a reader can report every bad row at once.
 */
export function jsonlObjects(
  file: string,
  content: string,
  problems: InputProblem[],
  objectHint = 'a JSON object',
): { line: number; rec: Record<string, unknown> }[] {
  const out: { line: number; rec: Record<string, unknown> }[] = [];
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
      problems.push({ file, line, message: `must be ${objectHint}` });
      return;
    }
    out.push({ line, rec: rec as Record<string, unknown> });
  });
  return out;
}
