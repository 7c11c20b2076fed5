import { writeFile } from 'node:fs/promises';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { LABELS } from '../domain/labels.ts';
import type { DatasetRow } from './dataset-row.ts';

export const TABLE_FORMATS = ['jsonl', 'csv', 'parquet'] as const;
export type TableFormat = (typeof TABLE_FORMATS)[number];

/** A flat record (CSV and Parquet): one column per label for the human labels and the scores. */
type FlatValue = string | number | boolean | null;

/** The flat columns, in order. `text` or `platform_post_id` depending on the export. */
export function flatColumns(idsOnly: boolean): string[] {
  return [
    'id',
    'split',
    idsOnly ? 'platform_post_id' : 'text',
    'platform',
    'time',
    'province',
    'account',
    'person',
    'labels',
    ...LABELS.map((l) => `label_${l}`),
    'label_source',
    'agreement',
    'annotators',
    ...LABELS.map((l) => `score_${l}`),
    'model_labels',
    'flag_status',
    'deleted',
    'classifier',
    'annotations',
  ];
}

export function flatten(r: DatasetRow): Record<string, FlatValue> {
  const out: Record<string, FlatValue> = {
    id: r.id,
    split: r.split,
    platform: r.platform,
    time: r.time,
    province: r.province,
    account: r.account,
    person: r.person,
    labels: r.labels === null ? null : r.labels.join(';'),
    label_source: r.label_source,
    agreement: r.agreement,
    annotators: new Set(r.annotations.map((a) => a.annotator)).size,
    model_labels: r.model_labels.join(';'),
    flag_status: r.flag_status,
    deleted: r.deleted,
    classifier: r.classifier,
    annotations: JSON.stringify(r.annotations),
  };
  if (r.text !== undefined) out['text'] = r.text;
  if (r.platform_post_id !== undefined) out['platform_post_id'] = r.platform_post_id;
  for (const l of LABELS) {
    out[`label_${l}`] = r.labels === null ? null : r.labels.includes(l) ? 1 : 0;
    out[`score_${l}`] = r.scores[l] ?? 0;
  }
  return out;
}

export function toJsonl(rows: readonly DatasetRow[]): string {
  return rows.map((r) => `${JSON.stringify(r)}\n`).join('');
}

/**
 * RFC 4180 CSV. A cell that a spreadsheet would run as a formula (starting with `=`, `+`, `-`,
 * `@`, tab or carriage return) gets a leading `'`: post text is written by strangers.
 */
export function toCsv(rows: readonly DatasetRow[], idsOnly: boolean): string {
  const cols = flatColumns(idsOnly);
  const cell = (v: FlatValue) => {
    if (v === null) return '';
    let s = typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
    if (typeof v === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
    return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
  };
  const lines = [cols.join(',')];
  for (const r of rows) {
    const f = flatten(r);
    lines.push(cols.map((c) => cell(f[c] ?? null)).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

const COLUMN_TYPES: Record<string, 'STRING' | 'INT32' | 'DOUBLE' | 'BOOLEAN' | 'JSON'> = {
  annotators: 'INT32',
  deleted: 'BOOLEAN',
  annotations: 'JSON',
  ...Object.fromEntries(LABELS.map((l) => [`label_${l}`, 'INT32'])),
  ...Object.fromEntries(LABELS.map((l) => [`score_${l}`, 'DOUBLE'])),
};

/** Parquet (uncompressed, so the privacy tests can search its bytes too), the same flat columns as CSV. */
export function toParquet(rows: readonly DatasetRow[], idsOnly: boolean): Uint8Array {
  const flat = rows.map(flatten);
  const buf = parquetWriteBuffer({
    codec: 'UNCOMPRESSED',
    createdBy: 'netra export',
    columnData: flatColumns(idsOnly).map((name) => ({
      name,
      data: flat.map((f) => f[name] ?? null),
      type: COLUMN_TYPES[name] ?? 'STRING',
    })),
  });
  return new Uint8Array(buf);
}

/** Write one split's rows in one format; returns the bytes written (for the manifest's hash). */
export async function writeTable(file: string, rows: readonly DatasetRow[], format: TableFormat, idsOnly: boolean): Promise<Uint8Array> {
  const bytes =
    format === 'parquet' ? toParquet(rows, idsOnly) : Buffer.from(format === 'csv' ? toCsv(rows, idsOnly) : toJsonl(rows), 'utf8');
  await writeFile(file, bytes);
  return bytes;
}
