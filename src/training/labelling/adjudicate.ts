import { InputFileError, type InputProblem } from '../../domain/errors.ts';
import { batchContext } from './batches.ts';
import { checkDecision, decisionDiff, type Decision, type PlacedDecision } from './label-files.ts';
import { readJsonl, type SampleEntry } from './sample-file.ts';

/** A decision as written in files (the labellers' field names). */
export function decisionJson(d: Decision): Record<string, unknown> {
  return d.unusable ? { unusable: true, note: d.note } : { ...d.fields };
}

/**
 * The adjudication file: one row per double-labelled post where the two labellers differ, with
 * both decisions and `"final": null` for the adjudicator to replace by the final decision (the
 * same fields a labeller writes, or `{"unusable": true, "note": ...}`).
 */
export function disagreementRows(
  sample: ReadonlyMap<string, SampleEntry>,
  first: ReadonlyMap<string, PlacedDecision>,
  second: ReadonlyMap<string, PlacedDecision>,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const [id, b] of [...second].sort(([x], [y]) => (x < y ? -1 : 1))) {
    const a = first.get(id);
    if (!a) continue;
    const differs = decisionDiff(a.decision, b.decision);
    if (differs.length === 0) continue;
    const s = sample.get(id);
    const context = s ? batchContext(s.pool, s.tag) : undefined;
    out.push({
      id,
      pool: s?.pool ?? null,
      stratum: s?.stratum ?? null,
      text: s?.text ?? null,
      ...(context ? { context } : {}),
      differs,
      first: decisionJson(a.decision),
      second: decisionJson(b.decision),
      final: null,
    });
  }
  return out;
}

/** Read an adjudication file: every row's `final` must be a complete decision. */
export function readAdjudication(file: string, known: ReadonlySet<string>): Map<string, PlacedDecision> {
  const out = new Map<string, PlacedDecision>();
  const problems: InputProblem[] = [];
  for (const { line, rec } of readJsonl(file, 'adjudication file')) {
    const id = rec['id'];
    if (typeof id !== 'string' || !known.has(id)) {
      problems.push({ file, line, field: 'id', message: `${JSON.stringify(id ?? null)} is not in the sample` });
      continue;
    }
    if (out.has(id)) {
      problems.push({ file, line, field: 'id', message: `${JSON.stringify(id)} repeats line ${out.get(id)!.line}` });
      continue;
    }
    const final = rec['final'];
    if (typeof final !== 'object' || final === null || Array.isArray(final)) {
      problems.push({
        file,
        line,
        field: 'final',
        message: `must be the adjudicated decision (an object with labels, target, uncertain, note, partisan_kind, hate_target, abusive_has_target); got ${JSON.stringify(final ?? null)}`,
      });
      continue;
    }
    const r = checkDecision(final as Record<string, unknown>, 'final.');
    if ('problem' in r) {
      problems.push({ file, line, ...r.problem });
      continue;
    }
    out.set(id, { id, decision: r.decision, file, line });
  }
  if (problems.length > 0)
    throw new InputFileError(problems, `${problems.length} invalid row(s) in adjudication file ${file}; nothing was written`);
  return out;
}
