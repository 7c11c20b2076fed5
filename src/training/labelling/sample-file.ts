import { readFileSync } from 'node:fs';
import { InputFileError, UserError, type InputProblem } from '../../domain/errors.ts';
import { sha256Hex } from '../data/training-file.ts';
import { isPool, sourceByFile, type Pool } from './stream-sources.ts';

/** A row of the sample file as the batch maker and the merge need it. */
export interface SampleEntry {
  id: string;
  pool: Pool;
  stratum: string;
  source_file: string;
  source_row: number;
  text: string;
  text_sha256: string;
  split: 'train' | 'dev';
  tag?: string;
  /** 1-based line in the sample file. */
  line: number;
}

/** Read JSON Lines as objects; every bad line becomes a problem. */
export function readJsonl(file: string, what: string): { line: number; rec: Record<string, unknown> }[] {
  let content: string;
  try {
    content = readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${what} ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const out: { line: number; rec: Record<string, unknown> }[] = [];
  const problems: InputProblem[] = [];
  content.split('\n').forEach((raw, i) => {
    if (!raw.trim()) return;
    try {
      const rec = JSON.parse(raw) as unknown;
      if (typeof rec !== 'object' || rec === null || Array.isArray(rec))
        problems.push({ file, line: i + 1, message: 'must be a JSON object' });
      else out.push({ line: i + 1, rec: rec as Record<string, unknown> });
    } catch (e) {
      problems.push({ file, line: i + 1, message: `not valid JSON (${(e as Error).message})` });
    }
  });
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} bad line(s) in ${what} ${file}`);
  return out;
}

/** Read and check the sample written by `netra labels sample`. */
export function readSampleFile(file: string): Map<string, SampleEntry> {
  const out = new Map<string, SampleEntry>();
  const problems: InputProblem[] = [];
  for (const { line, rec } of readJsonl(file, 'sample')) {
    const bad = (field: string, message: string) => problems.push({ file, line, field, message });
    const { id, pool, stratum, source_file: sf, source_row: sr, text, text_sha256: sha, split } = rec;
    if (typeof id !== 'string' || id === '') bad('id', 'must be a non-empty string');
    else if (out.has(id)) bad('id', `${JSON.stringify(id)} repeats line ${out.get(id)!.line}`);
    else if (!isPool(pool)) bad('pool', `must be a pool name (got ${JSON.stringify(pool)})`);
    else if (typeof stratum !== 'string') bad('stratum', 'must be a string');
    else if (typeof sf !== 'string' || !sourceByFile(sf)) bad('source_file', `must be a stream source (got ${JSON.stringify(sf)})`);
    else if (typeof sr !== 'number' || !Number.isInteger(sr) || sr < 1) bad('source_row', 'must be a whole number >= 1');
    else if (typeof text !== 'string') bad('text', 'must be a string');
    else if (sha !== sha256Hex(text)) bad('text_sha256', 'does not match the text');
    else if (split !== 'train' && split !== 'dev') bad('split', `must be train or dev (got ${JSON.stringify(split)})`);
    else
      out.set(id, {
        id,
        pool,
        stratum,
        source_file: sf,
        source_row: sr,
        text,
        text_sha256: sha,
        split,
        line,
        ...(typeof rec['tag'] === 'string' ? { tag: rec['tag'] } : {}),
      });
  }
  if (problems.length > 0) throw new InputFileError(problems, `${problems.length} bad row(s) in sample ${file}`);
  return out;
}
