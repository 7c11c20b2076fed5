import { InputFileError, type InputProblem } from '../../domain/errors.ts';
import { decisionDiff, type PlacedDecision } from './label-files.ts';
import { clipQuotedText } from './note-quotes.ts';
import type { SampleEntry } from './sample-file.ts';
import { resolveSharedText, type SharedRows } from './shared-rows.ts';
import { sourceByFile } from './stream-sources.ts';

export interface MergeInput {
  sample: ReadonlyMap<string, SampleEntry>;
  sampleFile: string;
  /** The batch labellers' decisions (one per post). */
  primary: ReadonlyMap<string, PlacedDecision>;
  /** The second labeller's decisions on the double set. */
  double?: ReadonlyMap<string, PlacedDecision>;
  /** Adjudicated decisions; they win over both labellers. */
  adjudicated?: ReadonlyMap<string, PlacedDecision>;
  /** Shared folder, to check that every ids-only row resolves to its text. */
  shared: SharedRows;
  /** Go on when some sample posts have no labels yet (they are left out and counted). */
  allowMissing?: boolean;
}

export interface MergeResult {
  rows: Record<string, unknown>[];
  missing: string[];
  unusable: number;
  adjudicated: number;
  doubleLabelled: number;
}

/**
 * Build the data/labelled rows (stream-posts.jsonl) from the sample and the label files. Every
 * row is checked; problems are collected and thrown together (FILE:LINE: field "F": ...), and
 * then nothing is written. Texts are kept only where the source licence allows it
 * (stream-sources.ts `shipText`); the other rows carry source_file, source_row and text_sha256,
 * and each is checked to resolve to its text in the shared folder; their notes keep at most a few
 * consecutive words of the text (note-quotes.ts), so that a quote does not ship the text either.
 */
export function mergeLabels(m: MergeInput): MergeResult {
  const problems: InputProblem[] = [];
  const rows: Record<string, unknown>[] = [];
  const missing: string[] = [];
  let unusable = 0;
  let adjudicated = 0;
  let doubleLabelled = 0;
  if (m.double) {
    for (const [id, b] of m.double) {
      const a = m.primary.get(id);
      if (!a) continue;
      const differs = decisionDiff(a.decision, b.decision);
      if (differs.length > 0 && !m.adjudicated?.has(id)) {
        problems.push({
          file: b.file,
          line: b.line,
          field: differs[0]!,
          message: `${JSON.stringify(id)}: the two labellers differ on ${differs.join(', ')} (first at ${a.file}:${a.line}) and there is no adjudicated decision: run netra labels adjudicate and pass --adjudicated`,
        });
      }
    }
  }
  const entries = [...m.sample.values()].sort((a, b) => a.line - b.line);
  m.shared.check(`${m.sampleFile}: the merge checks that ids-only rows resolve to their texts`);
  for (const s of entries) {
    const adj = m.adjudicated?.get(s.id);
    const primary = m.primary.get(s.id);
    const placed = adj ?? primary;
    if (!placed) {
      missing.push(s.id);
      continue;
    }
    const isDouble = Boolean(primary && m.double?.has(s.id));
    if (isDouble) doubleLabelled++;
    if (adj) adjudicated++;
    const d = placed.decision;
    if (d.unusable) {
      unusable++;
      continue;
    }
    const source = sourceByFile(s.source_file)!;
    const resolved = resolveSharedText(m.shared, s, { file: m.sampleFile, line: s.line });
    if ('problem' in resolved) {
      problems.push({ file: m.sampleFile, line: s.line, ...resolved.problem });
      continue;
    }
    rows.push({
      id: s.id,
      source_file: s.source_file,
      source_row: s.source_row,
      text_sha256: s.text_sha256,
      ...(source.shipText ? { text: s.text } : {}),
      labels: d.fields.labels,
      target: d.fields.target,
      uncertain: d.fields.uncertain,
      split: s.split,
      note: source.shipText ? d.fields.note : clipQuotedText(d.fields.note, s.text),
      pool: s.pool,
      stratum: s.stratum,
      partisan_kind: d.fields.partisan_kind,
      hate_target: d.fields.hate_target,
      abusive_has_target: d.fields.abusive_has_target,
      ...(isDouble ? { double_labelled: true } : {}),
      ...(adj ? { adjudicated: true } : {}),
    });
  }
  if (missing.length > 0 && !m.allowMissing) {
    const first = m.sample.get(missing[0]!)!;
    problems.push({
      file: m.sampleFile,
      line: first.line,
      field: 'id',
      message: `${missing.length} sampled post(s) have no labels yet (first: ${missing.slice(0, 5).join(', ')}); label them or pass --allow-missing`,
    });
  }
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} problem(s); nothing was written`);
  return { rows, missing, unusable, adjudicated, doubleLabelled };
}
