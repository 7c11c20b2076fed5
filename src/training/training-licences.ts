import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { licenceInSourceMd } from '../domain/source-licence.ts';
import type { DataFileRecord } from './data/training-file.ts';

export interface LicenceDirs {
  /** ../shared/datasets: each folder's SOURCE.md states its files' licences. */
  dataDir: string;
  /** data/labelled: netra's own labels; each row's `source_file` names where its text came from. */
  labelledDir: string;
}

async function sharedLicence(dataDir: string, rel: string, cache: Map<string, string | null>): Promise<string> {
  const [dir, ...rest] = rel.split('/');
  const md = path.join(dataDir, dir!, 'SOURCE.md');
  if (!cache.has(md)) cache.set(md, await readFile(md, 'utf8').catch(() => null));
  const text = cache.get(md);
  if (text === null || text === undefined) return `unknown (no ${dir}/SOURCE.md)`;
  return licenceInSourceMd(text, rest.join('/')) ?? `unknown (${dir}/SOURCE.md does not name it)`;
}

/**
 * The licence of one training file. A public data set's comes from the SOURCE.md beside it; a
 * file of data/labelled holds netra's own labels on texts from several places, so its licence
 * lists where its rows' texts came from (`source_file`: `written` by netra, or a public file
 * with that file's licence) and how many rows each.
 */
export async function trainingFileLicence(rel: string, o: LicenceDirs, cache = new Map<string, string | null>()): Promise<string> {
  if (!rel.startsWith('labelled/')) return sharedLicence(o.dataDir, rel, cache);
  const text = await readFile(path.join(o.labelledDir, rel.slice('labelled/'.length)), 'utf8').catch(() => null);
  if (text === null) return 'unknown (file not found)';
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const src = (JSON.parse(line) as { source_file?: unknown }).source_file;
    const key = typeof src === 'string' ? src : 'unknown';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const parts: string[] = [];
  for (const [src, n] of [...counts].sort((a, b) => b[1] - a[1]))
    parts.push(
      src === 'written'
        ? `written by netra (this repository) ${n}`
        : src === 'unknown'
          ? `source not recorded ${n}`
          : `${src} ${n} (${await sharedLicence(o.dataDir, src, cache)})`,
    );
  return `labels by netra; texts: ${parts.join('; ')}`;
}

/** The files with their licences (kept where already recorded). */
export async function withLicences(files: readonly DataFileRecord[], o: LicenceDirs): Promise<DataFileRecord[]> {
  const cache = new Map<string, string | null>();
  const out: DataFileRecord[] = [];
  for (const f of files) out.push(f.licence ? f : { ...f, licence: await trainingFileLicence(f.path, o, cache) });
  return out;
}
