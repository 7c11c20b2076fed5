import { readFile } from 'node:fs/promises';
import { LineCounter, parseDocument, isNode } from 'yaml';
import type { z } from 'zod';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';

/**
 * Read a YAML file and validate it with a zod schema. Every problem names the file, the line
 * and the field path (`sources.0.path`), so an operator can fix a pipeline without guessing.
 */
export async function loadYamlFile<S extends z.ZodType>(file: string, schema: S): Promise<z.infer<S>> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  return parseYaml(text, file, schema);
}

export function parseYaml<S extends z.ZodType>(text: string, file: string, schema: S): z.infer<S> {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    const problems: InputProblem[] = doc.errors.map((e) => ({
      file,
      line: e.linePos?.[0]?.line ?? 1,
      message: `not valid YAML: ${e.message.split('\n')[0]}`,
    }));
    throw new InputFileError(problems, `${file} is not valid YAML`);
  }
  const r = schema.safeParse(doc.toJS());
  if (r.success) return r.data;
  const problems: InputProblem[] = r.error.issues.map((issue) => {
    // The deepest node that exists along the issue's path gives the line.
    let line = 1;
    for (let n = issue.path.length; n > 0; n--) {
      const node = doc.getIn(issue.path.slice(0, n) as (string | number)[], true);
      if (isNode(node) && node.range) {
        line = lineCounter.linePos(node.range[0]).line;
        break;
      }
    }
    return { file, line, field: issue.path.join('.') || '(document)', message: issue.message };
  });
  throw new InputFileError(problems, `${problems.length} problem(s) in ${file}`);
}
