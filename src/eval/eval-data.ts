import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';
import { jsonlObjects } from '../domain/jsonl.ts';
import { isLabel, LABELS, type Label } from '../domain/labels.ts';
import { checkStanceFields } from '../domain/label-fields.ts';

/**
 * Labelled evaluation data: `data/labelled/*.jsonl` (rows carry `id` and `text`, or `id` and
 * `source_file` + `source_row` + `text_sha256` where the source ships ids only: the text is read
 * from the shared folder and checked) or
 * `data/demo/gold.jsonl` (rows carry `platform` + `external_id`; their text is looked up in a
 * posts file, by default `posts.jsonl` beside the gold file).
 */
export interface EvalRow {
  id: string;
  text: string;
  labels: Label[];
  /** 1-based line in the data file. */
  line: number;
  split?: string;
  uncertain?: boolean;
  /** Gold partisan target id, where the data gives one. */
  target?: string | null;
  note?: string;
  /** `kind` or `stratum` of the row, where the data gives one (for error analysis). */
  group?: string;
  /** The debunked claim a hoax row asserts (`claim_id`: a claims-database id, or the source id of a TurnBackHoax claim), where the data gives one. */
  claim?: string;
}

export interface EvalData {
  file: string;
  /** The posts file the texts came from (gold format only). */
  postsFile?: string;
  rows: EvalRow[];
  /** Rows in the file before the split filter. */
  totalRows: number;
  /** Splits present in the file (before filtering), with their row counts. */
  splits: Record<string, number>;
}

export interface LoadEvalDataOptions {
  /** Keep only rows whose `split` equals this. */
  split?: string;
  /** Posts file for gold rows without text (platform + external_id). */
  postsFile?: string;
  /**
   * Text of a data/labelled row that ships ids only (no `text`, but `source_file`,
   * `source_row`, `text_sha256`): `netra eval` passes the shared-folder resolver
   * (src/training/labelling/labelled-text.ts). `null`: the row has no text to resolve.
   */
  resolveText?: ResolveRowText;
}

/** See {@link LoadEvalDataOptions.resolveText}. May throw a UserError (e.g. the shared folder is absent). */
export type ResolveRowText = (
  rec: Record<string, unknown>,
  at: { file: string; line: number },
) => { text: string } | { problem: { field: string; message: string } } | null;

const describe = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60));

async function readText(file: string, what: string): Promise<string> {
  try {
    return await readFile(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    throw new UserError(`cannot read ${what} ${file}: ${err.code === 'ENOENT' ? 'no such file' : err.message}`);
  }
}

/** Posts by `platform:external_id`, from a posts JSON Lines file (data/demo/posts.jsonl format). */
async function loadPostTexts(file: string): Promise<Map<string, string>> {
  const problems: InputProblem[] = [];
  const map = new Map<string, string>();
  for (const { line, rec } of jsonlObjects(file, await readText(file, 'posts file'), problems)) {
    const { platform, external_id: ext, text } = rec;
    if (typeof platform !== 'string' || typeof ext !== 'string') {
      const field = typeof platform !== 'string' ? 'platform' : 'external_id';
      problems.push({ file, line, field, message: `must be a string (got ${describe(rec[field])})` });
      continue;
    }
    if (typeof text !== 'string') {
      problems.push({ file, line, field: 'text', message: `must be a string (got ${describe(text)})` });
      continue;
    }
    map.set(`${platform}:${ext}`, text);
  }
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} invalid row(s) in ${file}; nothing was evaluated`);
  return map;
}

/** Read, validate and (with `split`) filter a labelled JSON Lines file. Throws an {@link InputFileError} listing every bad row. */
export async function loadEvalData(file: string, o: LoadEvalDataOptions = {}): Promise<EvalData> {
  const problems: InputProblem[] = [];
  const records = jsonlObjects(file, await readText(file, 'data file'), problems);
  const needsPosts = records.some(({ rec }) => rec['text'] === undefined && rec['external_id'] !== undefined);
  let postsFile: string | undefined;
  let posts: Map<string, string> | undefined;
  if (needsPosts) {
    postsFile = o.postsFile ?? path.join(path.dirname(file), 'posts.jsonl');
    if (!o.postsFile && !existsSync(postsFile)) {
      throw new UserError(
        `${file}: rows identify posts by "platform" + "external_id" without "text"; give the posts file with --posts (no ${postsFile})`,
      );
    }
    posts = await loadPostTexts(postsFile);
  }

  const rows: EvalRow[] = [];
  const splits: Record<string, number> = {};
  const seen = new Map<string, number>();
  for (const { line, rec } of records) {
    const bad = (field: string, message: string) => problems.push({ file, line, field, message });
    let id: string;
    let text: string;
    if (rec['text'] !== undefined || rec['id'] !== undefined) {
      if (typeof rec['id'] !== 'string' || rec['id'] === '') {
        bad('id', `must be a non-empty string (got ${describe(rec['id'])})`);
        continue;
      }
      const t =
        typeof rec['text'] === 'string'
          ? { text: rec['text'] }
          : rec['text'] === undefined && rec['source_file'] !== undefined && o.resolveText
            ? o.resolveText(rec, { file, line })
            : null;
      if (t === null) {
        bad(
          'text',
          `must be a string (got ${describe(rec['text'])})${rec['source_file'] !== undefined ? '; an ids-only row needs the shared folder (netra eval --shared DIR)' : ''}`,
        );
        continue;
      }
      if ('problem' in t) {
        bad(t.problem.field, t.problem.message);
        continue;
      }
      id = rec['id'];
      text = t.text;
    } else {
      const { platform, external_id: ext } = rec;
      if (typeof platform !== 'string' || platform === '') {
        bad('platform', `must be a non-empty string when the row has no "id" and "text" (got ${describe(platform)})`);
        continue;
      }
      if (typeof ext !== 'string' || ext === '') {
        bad('external_id', `must be a non-empty string when the row has no "id" and "text" (got ${describe(ext)})`);
        continue;
      }
      id = `${platform}:${ext}`;
      const t = posts?.get(id);
      if (t === undefined) {
        bad('external_id', `${JSON.stringify(ext)} on ${platform} is not in the posts file ${postsFile}`);
        continue;
      }
      text = t;
    }
    const prev = seen.get(id);
    if (prev !== undefined) {
      problems.push({
        file,
        line,
        field: rec['id'] !== undefined ? 'id' : 'external_id',
        message: `${JSON.stringify(id)} repeats line ${prev}`,
      });
      continue;
    }
    seen.set(id, line);

    const labels = rec['labels'];
    if (!Array.isArray(labels)) {
      bad('labels', `must be an array of labels (${LABELS.join(', ')}); got ${describe(labels)}`);
      continue;
    }
    const unknown = labels.filter((l) => !isLabel(l));
    if (unknown.length > 0) {
      bad('labels', `has unknown label(s) ${unknown.map((u) => JSON.stringify(u)).join(', ')}; known: ${LABELS.join(', ')}`);
      continue;
    }
    if (new Set(labels).size !== labels.length) {
      bad('labels', `repeats a label (${JSON.stringify(labels)})`);
      continue;
    }
    const stance = checkStanceFields(rec, { required: false });
    if (stance) {
      bad(stance.field, stance.message);
      continue;
    }
    const split = rec['split'];
    if (split !== undefined && (typeof split !== 'string' || split === '')) {
      bad('split', `must be a non-empty string (got ${describe(split)})`);
      continue;
    }
    const uncertain = rec['uncertain'];
    if (uncertain !== undefined && typeof uncertain !== 'boolean') {
      bad('uncertain', `must be true or false (got ${describe(uncertain)})`);
      continue;
    }
    const target = rec['target'];
    if (target !== undefined && target !== null && typeof target !== 'string') {
      bad('target', `must be a string or null (got ${describe(target)})`);
      continue;
    }
    if (split !== undefined) splits[split] = (splits[split] ?? 0) + 1;
    else if (o.split !== undefined) {
      bad('split', `is missing, but --split ${o.split} was asked for`);
      continue;
    }
    const group = typeof rec['kind'] === 'string' ? rec['kind'] : typeof rec['stratum'] === 'string' ? rec['stratum'] : undefined;
    const claim = rec['claim_id'];
    if (claim !== undefined && claim !== null && (typeof claim !== 'string' || claim === '')) {
      bad('claim_id', `must be a non-empty string or null (got ${describe(claim)})`);
      continue;
    }
    rows.push({
      id,
      text,
      labels: LABELS.filter((l) => labels.includes(l)),
      line,
      split,
      uncertain,
      target,
      ...(typeof rec['note'] === 'string' ? { note: rec['note'] } : {}),
      group,
      ...(typeof claim === 'string' ? { claim } : {}),
    });
  }
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} invalid row(s) in ${file}; nothing was evaluated`);
  const totalRows = rows.length;
  const kept = o.split === undefined ? rows : rows.filter((r) => r.split === o.split);
  if (kept.length === 0) {
    const have = Object.keys(splits);
    throw new UserError(
      o.split === undefined
        ? `${file}: no rows to evaluate`
        : `${file}: no row has split ${JSON.stringify(o.split)} (splits present: ${have.length ? have.join(', ') : 'none'})`,
    );
  }
  return { file, ...(postsFile ? { postsFile } : {}), rows: kept, totalRows, splits };
}
