import { readFileSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../../domain/errors.ts';
import { isLabel, type Label } from '../../domain/labels.ts';
import { checkStanceFields, labelledRowText } from '../labelling/labelled-text.ts';
import { relPath, sha256Hex, type DataFileRecord } from './training-file.ts';

/** One row of netra's own labelled data (data/labelled/README.md, "Record format"). */
export interface LabelledRow {
  id: string;
  text: string;
  labels: Label[];
  split: 'train' | 'dev' | 'test';
  uncertain: boolean;
  /** GUIDE §9.1 `partisan_kind` where the file has it (support, reporting, question, ...). */
  partisanKind?: string | null;
}

/**
 * Read one data/labelled JSON Lines file; errors name file, line and field. Rows without `text`
 * (sources that ship ids only) are resolved from `sharedDir` (default: NETRA_SHARED_DIR or
 * ../shared) and checked against their `text_sha256`.
 */
export function readLabelled(labelledDir: string, name: string, o: { sharedDir?: string } = {}): { rows: LabelledRow[]; file: DataFileRecord } {
  const file = path.join(labelledDir, name);
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as Error).message}`);
  }
  const rows: LabelledRow[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    const where = `${file}:${i + 1}`;
    let r: Record<string, unknown>;
    try {
      r = JSON.parse(line) as Record<string, unknown>;
    } catch (e) {
      throw new UserError(`${where}: not valid JSON (${(e as Error).message})`);
    }
    const t = labelledRowText(r, { file, line: i + 1 }, o.sharedDir);
    if (t === null) throw new UserError(`${where}: field "text" must be a string`);
    if ('problem' in t) throw new UserError(`${where}: field "${t.problem.field}": ${t.problem.message}`);
    if (!Array.isArray(r.labels) || !r.labels.every(isLabel)) throw new UserError(`${where}: field "labels" must be a list of labels`);
    const stance = checkStanceFields(r, { required: false });
    if (stance) throw new UserError(`${where}: field "${stance.field}": ${stance.message}`);
    if (r.split !== 'train' && r.split !== 'dev' && r.split !== 'test') throw new UserError(`${where}: field "split" must be train, dev or test`);
    const row: LabelledRow = { id: String(r.id ?? i + 1), text: t.text, labels: r.labels as Label[], split: r.split, uncertain: r.uncertain === true };
    if (r.partisan_kind !== undefined) row.partisanKind = r.partisan_kind as string | null;
    rows.push(row);
  });
  return { rows, file: { path: relPath(path.dirname(labelledDir), file), sha256: sha256Hex(text), rows: rows.length } };
}
