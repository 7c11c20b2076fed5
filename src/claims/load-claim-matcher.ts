import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { analyse as defaultAnalyse, type Analyse } from '../nlp/analyse.ts';
import { claimsForIndex, type ClaimForIndex } from '../repositories/claims.repository.ts';
import { readFile } from 'node:fs/promises';
import { claimRow } from './claims-import.ts';
import { InputFileError, UserError } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { CLAIM_NORMALISER_VERSION, titleStemsOf } from './claim-text.ts';
import { claimsCacheKey, claimsCachePath, readClaimsCache, writeClaimsCache } from './claims-cache.ts';
import { detectClaimFormat, parseClaims, type ClaimFormat } from './claims-parse.ts';
import type { IndexClaim } from './claim-index.ts';
import { createTfidfClaimMatcher, loadCalibration, type TfidfClaimMatcher } from './tfidf-claim-matcher.ts';

/** Stored claims as the index reads them; texts normalised by an older nlp version are normalised again. */
export function indexClaims(rows: readonly ClaimForIndex[], analyse: Analyse = defaultAnalyse): IndexClaim[] {
  return rows.map((r) => {
    const stems =
      r.nlp_version === CLAIM_NORMALISER_VERSION
        ? r.normalised_text
        : claimRow(
            {
              line: 0,
              source: r.source,
              sourceId: r.source_id,
              title: r.title,
              claimText: r.claim_text,
              category: null,
              debunkUrl: null,
              publishedOn: null,
            },
            analyse,
          ).normalised_text;
    return { id: `${r.source}:${r.source_id}`, title: r.title, stems, titleStems: titleStemsOf(stems) };
  });
}

/** A matcher over claims as stored (null when there are none). */
export function claimMatcherFromRows(rows: readonly ClaimForIndex[], calibrationFile?: string): TfidfClaimMatcher | null {
  if (rows.length === 0) return null;
  return createTfidfClaimMatcher(indexClaims(rows), loadCalibration(calibrationFile));
}

/** A matcher over every claim in the database (null when there is none). */
export async function claimMatcherFromDb(db: Kysely<Database>, calibrationFile?: string): Promise<TfidfClaimMatcher | null> {
  return claimMatcherFromRows(await claimsForIndex(db), calibrationFile);
}

/** Where analysed claim files are cached, and who hears about it (see claims-cache.ts). */
export interface ClaimsCacheOptions {
  /** Folder of the cache entries (`<dataDir>/cache`); none: no cache. */
  dir?: string;
  logger?: Logger;
}

/**
 * The analysed claims of one import file (turnbackhoax/mafindo CSV or JSONL), from the cache when
 * it holds this very file (same SHA-256) analysed the same way, else read, validated (a bad row
 * stops it: file, line and field), analysed and cached. The cache is an optimisation: a cache
 * folder that cannot be written costs a warning, never the run.
 */
export async function analysedClaimsOfFile(
  file: string,
  o: { format?: ClaimFormat; cache?: ClaimsCacheOptions } = {},
): Promise<IndexClaim[]> {
  let bytes: Buffer;
  try {
    bytes = await readFile(file);
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const content = bytes.toString('utf8');
  const format = o.format ?? detectClaimFormat(file, content);
  if (!format) throw new UserError(`cannot tell the format of ${file}: pass --format turnbackhoax, mafindo or jsonl`);
  const dir = o.cache?.dir;
  const key = dir ? claimsCacheKey(bytes, format) : null;
  const entry = dir && key ? claimsCachePath(dir, key.fileSha256) : null;
  if (entry && key) {
    const hit = readClaimsCache(entry, key);
    if ('claims' in hit) {
      o.cache?.logger?.debug({ file, cache: entry, claims: hit.claims.length }, 'analysed claims read from the cache');
      return hit.claims;
    }
    if (hit.miss !== 'absent')
      o.cache?.logger?.info(
        { file, cache: entry, why: hit.miss, detail: hit.detail },
        'claims cache entry not used: analysing the claims again',
      );
  }
  const parsed = parseClaims(content, file, format);
  if (parsed.problems.length > 0) throw new InputFileError(parsed.problems, `${parsed.problems.length} problem(s) in claims file ${file}`);
  const seen = new Set<string>();
  const rows: ClaimForIndex[] = [];
  for (const c of parsed.claims) {
    const row = claimRow(c);
    const id = `${row.source}:${row.source_id}`;
    if (seen.has(id)) continue;
    seen.add(id);
    rows.push(row);
  }
  const claims = indexClaims(rows);
  if (entry && key) {
    try {
      writeClaimsCache(entry, key, claims);
      o.cache?.logger?.debug({ file, cache: entry, claims: claims.length }, 'analysed claims cached');
    } catch (e) {
      o.cache?.logger?.warn(
        { cache: entry, err: (e as Error).message },
        'cannot write the claims cache (classification goes on; the next start analyses the claims again)',
      );
    }
  }
  return claims;
}

/**
 * The analysed claims of several import files. A claim id found in two files keeps its first
 * row, as an import keeps one row per (source, source id).
 */
async function analysedClaimsOfFiles(
  files: readonly string[],
  o: { format?: ClaimFormat; cache?: ClaimsCacheOptions },
): Promise<IndexClaim[]> {
  const out: IndexClaim[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    for (const c of await analysedClaimsOfFile(file, o)) {
      if (seen.has(c.id)) continue;
      seen.add(c.id);
      out.push(c);
    }
  }
  return out;
}

/** A matcher over the claims of an import file (turnbackhoax/mafindo CSV or JSONL), without a database. */
export async function claimMatcherFromFile(
  file: string,
  o: { format?: ClaimFormat; calibrationFile?: string; cache?: ClaimsCacheOptions } = {},
): Promise<TfidfClaimMatcher> {
  return createTfidfClaimMatcher(await analysedClaimsOfFiles([file], o), loadCalibration(o.calibrationFile));
}

/**
 * A matcher over the claims of several import files (a pipeline's `classify.claims`), read
 * without a database: evaluating never writes claims anywhere. Null when the files hold no claim.
 */
export async function claimMatcherFromFiles(
  files: readonly string[],
  o: { cache?: ClaimsCacheOptions } = {},
): Promise<TfidfClaimMatcher | null> {
  const claims = await analysedClaimsOfFiles(files, o);
  return claims.length === 0 ? null : createTfidfClaimMatcher(claims, loadCalibration());
}
