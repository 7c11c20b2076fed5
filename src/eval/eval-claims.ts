import { claimRow, readClaimsFile } from '../claims/claims-import.ts';
import { indexClaims } from '../classify/claims/load-claim-matcher.ts';
import { createTfidfClaimMatcher, loadCalibration, type TfidfClaimMatcher } from '../classify/claims/tfidf-claim-matcher.ts';
import { InputFileError } from '../domain/errors.ts';
import type { ClaimForIndex } from '../repositories/claims.repository.ts';

/**
 * A claim matcher over the claims of several import files (a pipeline's `classify.claims`),
 * read without a database: evaluating never writes claims anywhere. A claim id found in two
 * files keeps its first row, as an import would keep one row per (source, source id).
 */
export async function claimMatcherFromFiles(files: readonly string[]): Promise<TfidfClaimMatcher | null> {
  const rows: ClaimForIndex[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const { parsed } = await readClaimsFile(file);
    if (parsed.problems.length > 0) throw new InputFileError(parsed.problems, `${parsed.problems.length} problem(s) in claims file ${file}`);
    for (const c of parsed.claims) {
      const row = claimRow(c);
      const key = `${row.source}:${row.source_id}`;
      if (seen.has(key)) continue;
      seen.add(key);
      rows.push(row);
    }
  }
  return rows.length === 0 ? null : createTfidfClaimMatcher(indexClaims(rows), loadCalibration());
}
