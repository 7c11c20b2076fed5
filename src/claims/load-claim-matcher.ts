import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { analyse as defaultAnalyse, type Analyse } from '../nlp/analyse.ts';
import { claimsForIndex, type ClaimForIndex } from '../repositories/claims.repository.ts';
import { claimRow, readClaimsFile } from './claims-import.ts';
import { InputFileError } from '../domain/errors.ts';
import { CLAIM_NORMALISER_VERSION, titleStemsOf } from './claim-text.ts';
import type { ClaimFormat } from './claims-parse.ts';
import type { IndexClaim } from './claim-index.ts';
import { createTfidfClaimMatcher, loadCalibration, type TfidfClaimMatcher } from './tfidf-claim-matcher.ts';

/** Stored claims as the index reads them; texts normalised by an older nlp version are normalised again. */
export function indexClaims(rows: readonly ClaimForIndex[], analyse: Analyse = defaultAnalyse): IndexClaim[] {
  return rows.map((r) => {
    const stems = r.nlp_version === CLAIM_NORMALISER_VERSION ? r.normalised_text : claimRow({ line: 0, source: r.source, sourceId: r.source_id, title: r.title, claimText: r.claim_text, category: null, debunkUrl: null, publishedOn: null }, analyse).normalised_text;
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

/**
 * The claims of import files (turnbackhoax/mafindo CSV or JSONL) as rows, read without a database.
 * A bad row stops it (file, line and field). A claim id found in two files keeps its first row,
 * as an import keeps one row per (source, source id).
 */
async function claimRowsOfFiles(files: readonly string[], format?: ClaimFormat): Promise<ClaimForIndex[]> {
  const rows: ClaimForIndex[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const { parsed } = await readClaimsFile(file, format ? { format } : {});
    if (parsed.problems.length > 0) throw new InputFileError(parsed.problems, `${parsed.problems.length} problem(s) in claims file ${file}`);
    for (const c of parsed.claims) {
      const row = claimRow(c);
      const key = `${row.source}:${row.source_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows;
}

/** A matcher over the claims of an import file (turnbackhoax/mafindo CSV or JSONL), without a database. */
export async function claimMatcherFromFile(file: string, o: { format?: ClaimFormat; calibrationFile?: string } = {}): Promise<TfidfClaimMatcher> {
  return createTfidfClaimMatcher(indexClaims(await claimRowsOfFiles([file], o.format)), loadCalibration(o.calibrationFile));
}

/**
 * A matcher over the claims of several import files (a pipeline's `classify.claims`), read
 * without a database: evaluating never writes claims anywhere. Null when the files hold no claim.
 */
export async function claimMatcherFromFiles(files: readonly string[]): Promise<TfidfClaimMatcher | null> {
  return claimMatcherFromRows(await claimRowsOfFiles(files));
}
