import path from 'node:path';
import { binaryField, readCsvRecords, relPath, sha256Hex, type DataFileRecord } from './training-file.ts';

export interface LabelledText {
  text: string;
  /** 0/1 per label of the task, in the task's label order. */
  y: number[];
}

export const HATE_ABUSIVE_FILE = 'hate-abusive/ibrohim2019-multilabel-train.csv';

/**
 * Ibrohim & Budi 2019 multi-label hate speech / abusive language (see
 * ../shared/datasets/hate-abusive/SOURCE.md): columns Tweet, HS, Abusive, ... as 0/1. Labels
 * here: [hate, abusive] from HS and Abusive.
 */
export function readHateAbusive(dataDir: string): { rows: LabelledText[]; file: DataFileRecord } {
  const file = path.join(dataDir, HATE_ABUSIVE_FILE);
  const { rows, bytes } = readCsvRecords(file, ['Tweet', 'HS', 'Abusive']);
  const out = rows.map((r, i) => ({ text: r.Tweet ?? '', y: [binaryField(file, i, r, 'HS'), binaryField(file, i, r, 'Abusive')] }));
  return { rows: out, file: { path: relPath(dataDir, file), sha256: sha256Hex(bytes), rows: out.length } };
}
