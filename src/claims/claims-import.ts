import { readFile } from 'node:fs/promises';
import type { Kysely } from 'kysely';
import type { Database } from '../db/schema.ts';
import { InputFileError, UserError, type InputProblem } from '../domain/errors.ts';
import type { Logger } from '../log/logger.ts';
import { createProgress } from '../log/progress.ts';
import { analyse as defaultAnalyse, type Analyse } from '../nlp/analyse.ts';
import { appendAudit } from '../repositories/audit.repository.ts';
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

export async function readClaimsFile(file: string, o: Pick<ClaimsImportOptions, 'format' | 'source'> = {}): Promise<{ format: ClaimFormat; parsed: ReturnType<typeof parseClaims> }> {
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
 * Import debunked claims: validate every row (problems name file, line and field); with any bad
 * row nothing is stored unless `skipInvalid`. Upserts by (source, source_id) in one transaction:
 * re-importing the same file changes nothing, a changed row updates its claim. One audit entry
 * per import that changed something.
 */
export async function importClaims(db: Kysely<Database>, file: string, o: ClaimsImportOptions = {}): Promise<ClaimsImportSummary> {
  const { format, parsed } = await readClaimsFile(file, o);
  if (parsed.problems.length > 0 && (!o.skipInvalid || parsed.claims.length === 0)) {
    throw new InputFileError(parsed.problems, `${parsed.problems.length} problem(s) in ${file}; nothing was imported${o.skipInvalid ? '' : ' (--skip-invalid imports the valid rows)'}`);
  }
  const summary: ClaimsImportSummary = { file, format, rows: parsed.claims.length, created: 0, updated: 0, unchanged: 0, skipped: parsed.skipped, invalid: parsed.problems };
  const analyse = o.analyse ?? defaultAnalyse;
  const progress = o.logger ? createProgress({ label: 'claims  ', total: parsed.claims.length, logger: o.logger }) : undefined;
  await db.transaction().execute(async (trx) => {
    const states = await claimStates(trx, [...new Set(parsed.claims.map((c) => c.source))]);
    let batch: ClaimRow[] = [];
    const flush = async () => {
      await upsertClaims(trx, batch);
      batch = [];
    };
    for (const c of parsed.claims) {
      const before = states.get(`${c.source}\u0000${c.sourceId}`);
      const hash = claimContentHash(c);
      if (before && before.hash === hash && before.nlpVersion === CLAIM_NORMALISER_VERSION) summary.unchanged++;
      else {
        summary[before ? 'updated' : 'created']++;
        batch.push(claimRow(c, analyse));
        if (batch.length >= 500) await flush();
      }
      progress?.tick();
    }
    await flush();
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
