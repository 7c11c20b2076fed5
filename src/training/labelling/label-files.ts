import { readdirSync } from 'node:fs';
import path from 'node:path';
import { InputFileError, UserError, type InputProblem } from '../../domain/errors.ts';
import { checkLabelFields, type LabelFields } from '../../domain/label-fields.ts';
import { readJsonl } from './sample-file.ts';

/** One labeller's decision on one post: the label fields, or "unusable" (not a readable post). */
export type Decision = { unusable: false; fields: LabelFields } | { unusable: true; note: string };

/** A decision with where it was read. */
export interface PlacedDecision {
  id: string;
  decision: Decision;
  file: string;
  line: number;
}

/**
 * Check one labeller row (or an adjudicator's `final`): `{"unusable": true, "note": ...}`, or
 * every label field (GUIDE.md §1). Field names in problems carry `prefix` (e.g. `final.`).
 */
export function checkDecision(
  rec: Record<string, unknown>,
  prefix = '',
): { decision: Decision } | { problem: { field: string; message: string } } {
  if (rec['unusable'] !== undefined && typeof rec['unusable'] !== 'boolean')
    return { problem: { field: `${prefix}unusable`, message: `must be true or false (got ${JSON.stringify(rec['unusable'])})` } };
  if (rec['unusable'] === true) {
    if (typeof rec['note'] !== 'string' || rec['note'].trim() === '')
      return { problem: { field: `${prefix}note`, message: 'must say why the post is unusable' } };
    return { decision: { unusable: true, note: rec['note'] } };
  }
  const r = checkLabelFields(rec, { required: true });
  if ('problem' in r) return { problem: { field: prefix + r.problem.field, message: r.problem.message } };
  return { decision: { unusable: false, fields: r.fields } };
}

/**
 * Read labeller files (`*.labels.jsonl`): every row must have an `id` among `known` (when
 * given), appear once across all files, and pass {@link checkDecision}. All problems are
 * collected and thrown together, each as FILE:LINE: field "F": message.
 */
export function readDecisionFiles(files: readonly string[], known?: ReadonlySet<string>): Map<string, PlacedDecision> {
  const out = new Map<string, PlacedDecision>();
  const problems: InputProblem[] = [];
  for (const file of files) {
    for (const { line, rec } of readJsonl(file, 'labels file')) {
      const id = rec['id'];
      if (typeof id !== 'string' || id === '') {
        problems.push({ file, line, field: 'id', message: `must be a non-empty string (got ${JSON.stringify(id ?? null)})` });
        continue;
      }
      if (known && !known.has(id)) {
        problems.push({ file, line, field: 'id', message: `${JSON.stringify(id)} is not in the sample` });
        continue;
      }
      const prev = out.get(id);
      if (prev) {
        problems.push({ file, line, field: 'id', message: `${JSON.stringify(id)} was already labelled at ${prev.file}:${prev.line}` });
        continue;
      }
      const r = checkDecision(rec);
      if ('problem' in r) {
        problems.push({ file, line, ...r.problem });
        continue;
      }
      out.set(id, { id, decision: r.decision, file, line });
    }
  }
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} invalid label row(s); nothing was written`);
  return out;
}

/** A labels file, or every `batch-*.labels.jsonl` of a folder (sorted). */
export function labelFilesIn(p: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(p);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOTDIR') return [p];
    throw new UserError(`cannot read ${p}: ${code === 'ENOENT' ? 'no such file or folder' : (e as Error).message}`);
  }
  const files = entries
    .filter((f) => /^batch-\d+\.labels\.jsonl$/.test(f))
    .sort()
    .map((f) => path.join(p, f));
  if (files.length === 0) throw new UserError(`${p}: no batch-NN.labels.jsonl files in this folder`);
  return files;
}

/** Fields where two decisions differ (empty: they agree). */
export function decisionDiff(a: Decision, b: Decision): string[] {
  if (a.unusable || b.unusable) return a.unusable === b.unusable ? [] : ['unusable'];
  const out: string[] = [];
  const fa = a.fields;
  const fb = b.fields;
  if (fa.labels.join(',') !== fb.labels.join(',')) out.push('labels');
  for (const k of ['target', 'partisan_kind', 'hate_target', 'abusive_has_target'] as const) if (fa[k] !== fb[k]) out.push(k);
  return out;
}
