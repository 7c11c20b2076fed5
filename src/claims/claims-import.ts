import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress } from '../log/progress.ts';
import { analyse as defaultAnalyse, type Analyse } from '../nlp/analyse.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
import type { Db } from '../db/handle.ts';
import { claimStates, upsertClaims, type ClaimRow } from '../repositories/claims.repository.ts';
import { CLAIM_NORMALISER_VERSION, claimContentHash, claimStems, type ClaimInput } from './claim-text.ts';
import { detectClaimFormat, parseClaims, type ClaimFormat } from './claims-parse.ts';

export interface ClaimsImportSummary {
  file: string;
  format: ClaimFormat;
  rows: number;
  created: number;
  updated: number;
  unchanged: number;
  /** Valid rows that are not claims (Mafindo REAL). */
  skipped: number;
  /** Bad rows left out with `skipInvalid`. */
  invalid: InputProblem[];
}

export interface ClaimsImportOptions {
  format?: ClaimFormat;
  /** Source name for CSV formats (default: the format's name) or for JSONL rows without one. */
  source?: string;
  /** Import the valid rows and report the bad ones, instead of importing nothing. */
  skipInvalid?: boolean;
  logger?: Logger;
  actor?: string;
  analyse?: Analyse;
}

/** The stored row of a claim: its normalised text comes from the one nlp pipeline. */
export function claimRow(c: ClaimInput, analyse: Analyse = defaultAnalyse): ClaimRow {
  return {
    source: c.source,
    source_id: c.sourceId,
    title: c.title,
    claim_text: c.claimText,
    normalised_text: claimStems(c.title, c.claimText, analyse),
    nlp_version: CLAIM_NORMALISER_VERSION,
    category: c.category,
    debunk_url: c.debunkUrl,
    published_on: c.publishedOn,
    content_sha256: claimContentHash(c),
  };
}

export async function readClaimsFile(
  file: string,
  o: Pick<ClaimsImportOptions, 'format' | 'source'> = {},
): Promise<{ format: ClaimFormat; parsed: ReturnType<typeof parseClaims> }> {
  let content: string;
  try {
    content = await readFile(file, 'utf8');
  } catch (e) {
    throw new UserError(`cannot read ${file}: ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const format = o.format ?? detectClaimFormat(file, content);
  if (!format) throw new UserError(`cannot tell the format of ${file}: pass --format turnbackhoax, mafindo or jsonl`);
  return { format, parsed: parseClaims(content, file, format, o.source !== undefined ? { source: o.source } : {}) };
}

/**
 * Store validated claims, keyed by (source, source id): new ones are added, changed ones updated
 * in place (their normalised text made again), unchanged ones left alone. Run inside the
 * caller's transaction. Used by file imports and by feed syncs alike.
 */
export async function saveClaims(
  trx: Db,
  claims: readonly ClaimInput[],
  analyse: Analyse = defaultAnalyse,
  tick?: () => void,
): Promise<{ created: number; updated: number; unchanged: number }> {
  const out = { created: 0, updated: 0, unchanged: 0 };
  const states = await claimStates(trx, [...new Set(claims.map((c) => c.source))]);
  let batch: ClaimRow[] = [];
  for (const c of claims) {
    const before = states.get(`${c.source}\u0000${c.sourceId}`);
    if (before && before.hash === claimContentHash(c) && before.nlpVersion === CLAIM_NORMALISER_VERSION) out.unchanged++;
    else {
      out[before ? 'updated' : 'created']++;
      batch.push(claimRow(c, analyse));
      if (batch.length >= 500) {
        await upsertClaims(trx, batch);
        batch = [];
      }
    }
    tick?.();
  }
  if (batch.length > 0) await upsertClaims(trx, batch);
  return out;
}

/**
 * Import debunked claims: validate every row (problems name file, line and field); with any bad
 * row nothing is stored unless `skipInvalid`. Upserts by (source, source_id) in one transaction:
 * re-importing the same file changes nothing, a changed row updates its claim. One audit entry
 * per import that changed something.
 */
export async function importClaims(db: Kysely<Database>, file: string, o: ClaimsImportOptions = {}): Promise<ClaimsImportSummary> {
  const { format, parsed } = await readClaimsFile(file, o);
  if (parsed.problems.length > 0 && (!o.skipInvalid || parsed.claims.length === 0)) {
    throw new InputFileError(
      parsed.problems,
      `${parsed.problems.length} problem(s) in ${file}; nothing was imported${o.skipInvalid ? '' : ' (--skip-invalid imports the valid rows)'}`,
    );
  }
  const summary: ClaimsImportSummary = {
    file,
    format,
    rows: parsed.claims.length,
    created: 0,
    updated: 0,
    unchanged: 0,
    skipped: parsed.skipped,
    invalid: parsed.problems,
  };
  const analyse = o.analyse ?? defaultAnalyse;
  const progress = o.logger ? createProgress({ label: 'claims  ', total: parsed.claims.length, logger: o.logger }) : undefined;
  await db.transaction().execute(async (trx) => {
    const counts = await saveClaims(trx, parsed.claims, analyse, () => progress?.tick());
    summary.created = counts.created;
    summary.updated = counts.updated;
    summary.unchanged = counts.unchanged;
    if (summary.created + summary.updated > 0) {
      await appendAudit(trx, {
        actor: o.actor ?? `import:${file}`,
        action: 'claims.imported',
        entityType: 'claims',
        entityId: format,
        after: { created: summary.created, updated: summary.updated, unchanged: summary.unchanged },
        context: { file, invalid: parsed.problems.length },
      });
    }
  });
  progress?.done();
  return summary;
}
