import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { claimMatcherFromFile } from '../../claims/load-claim-matcher.ts';
import { loadClassifier } from '../../classify/load-classifier.ts';
import { createRuleClassifier, type ClaimMatch, type ClaimMatcher } from '../../classify/rules/index.ts';
import type { Config } from '../../config/config.schema.ts';
import { UserError } from '../../domain/errors.ts';
import type { Logger } from '../../log/logger.ts';
import { createProgress } from '../../log/progress.ts';
import { sha256Hex } from '../data/training-file.ts';
import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import { ordinarySplit } from '../ordinary-split.ts';
import type { PoolQuota } from './sample-plan.ts';
import {
  drawSample,
  MIN_KEY,
  MIN_KEY_ORDINARY,
  type Candidate,
  type CandidateScore,
  type SampleExclusion,
  type SampleRow,
} from './sampler.ts';
import { resolveSharedText, SharedRows } from './shared-rows.ts';
import { STREAM_SOURCES, rowId, type Pool } from './stream-sources.ts';

export interface SampleRunOptions {
  sharedDir: string;
  labelledDir: string;
  seed: number;
  plan: Readonly<Record<Pool, PoolQuota>>;
  /** Debunked claims for hoax matching (a claims file), or null for rules only. */
  claimsFile: string | null;
  out: string;
  config: Pick<Config, 'lexiconDir' | 'modelsDir'>;
  logger: Logger;
  batchSize?: number;
}

/**
 * Every text already in data/labelled (every file, every split: nothing is labelled twice, and
 * the exclusion rule against dev/test rows is covered). Ids-only rows are resolved from the
 * shared folder so that their normalised text is excluded too.
 */
export function labelledExclusion(labelledDir: string, shared: SharedRows): SampleExclusion {
  const ex: SampleExclusion = { hashes: new Set(), keys: new Set() };
  let files: string[];
  try {
    files = readdirSync(labelledDir)
      .filter((f) => f.endsWith('.jsonl'))
      .sort();
  } catch (e) {
    throw new UserError(`cannot read --labelled ${labelledDir}: ${(e as Error).message}`);
  }
  for (const f of files) {
    const file = path.join(labelledDir, f);
    readFileSync(file, 'utf8')
      .split('\n')
      .forEach((line, i) => {
        if (!line.trim()) return;
        let rec: Record<string, unknown>;
        try {
          rec = JSON.parse(line) as Record<string, unknown>;
        } catch {
          throw new UserError(`${file}:${i + 1}: not valid JSON`);
        }
        if (typeof rec['text_sha256'] === 'string') ex.hashes.add(rec['text_sha256']);
        let text = rec['text'];
        if (typeof text !== 'string' && rec['source_file'] !== undefined) {
          const r = resolveSharedText(shared, rec as never, { file, line: i + 1 });
          if ('problem' in r) throw new UserError(`${file}:${i + 1}: field "${r.problem.field}": ${r.problem.message}`);
          text = r.text;
        }
        if (typeof text === 'string') {
          ex.hashes.add(sha256Hex(text));
          ex.keys.add(exclusionKey(text));
        }
      });
  }
  return ex;
}

/** Candidates of every pool: long enough, not excluded, one per normalised text (first row kept); ordinary `test` rows never. */
export function readCandidates(shared: SharedRows, ex: SampleExclusion): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  for (const s of STREAM_SOURCES) {
    for (const r of shared.rows(s)) {
      const part = s.pool === 'ordinary' ? ordinarySplit(s.file, r.row) : undefined;
      if (part === 'test') continue;
      const key = exclusionKey(r.text);
      if (
        key.length < (s.pool === 'ordinary' ? MIN_KEY_ORDINARY : MIN_KEY) ||
        seen.has(key) ||
        ex.keys.has(key) ||
        ex.hashes.has(sha256Hex(r.text))
      )
        continue;
      seen.add(key);
      out.push({
        id: rowId(s, r.row),
        pool: s.pool,
        sourceFile: s.file,
        sourceRow: r.row,
        text: r.text,
        tag: r.tag,
        ...(part ? { part } : {}),
      });
    }
  }
  return out;
}

/** A claim matcher that answers each text once (the fused classifier and the rules share it). */
function memoClaims(m: ClaimMatcher): ClaimMatcher {
  const memo = new Map<string, ClaimMatch | null>();
  return {
    name: m.name,
    version: m.version,
    async match(items) {
      const missing = items.filter((it) => !memo.has(it.text));
      if (missing.length > 0) {
        const got = await m.match(missing);
        missing.forEach((it, i) => memo.set(it.text, got[i] ?? null));
      }
      return items.map((it) => memo.get(it.text) ?? null);
    },
  };
}

/** Read the pools, score every candidate with the shipped classifier and the rules, draw, write. */
export async function runSample(o: SampleRunOptions): Promise<{ rows: SampleRow[]; candidates: number; classifier: string }> {
  const shared = new SharedRows(o.sharedDir);
  shared.check('the sampler reads its pools from the shared folder');
  const ex = labelledExclusion(o.labelledDir, shared);
  const candidates = readCandidates(shared, ex);
  o.logger.info({ candidates: candidates.length, excludedTexts: ex.hashes.size }, 'sample candidates read');
  const claims = o.claimsFile ? memoClaims(await claimMatcherFromFile(o.claimsFile)) : null;
  const fused = await loadClassifier(o.config, { claimMatcher: claims, logger: o.logger });
  const rules = await createRuleClassifier({ lexiconDir: o.config.lexiconDir, ...(claims ? { claimMatcher: claims } : {}) });
  const scores = new Map<string, CandidateScore>();
  const batch = o.batchSize ?? 512;
  const progress = createProgress({ label: 'scoring candidates', total: candidates.length, logger: o.logger });
  try {
    for (let i = 0; i < candidates.length; i += batch) {
      const part = candidates.slice(i, i + batch);
      const texts = part.map((c) => c.text);
      const [f, r] = [await fused.classify(texts), await rules.classify(texts)];
      part.forEach((c, k) => scores.set(c.id, { scores: f[k]!.scores, flags: f[k]!.flags, ruleFlags: r[k]!.flags }));
      progress.tick(part.length);
    }
  } finally {
    progress.done();
    await fused.close?.();
    await rules.close?.();
  }
  const rows = drawSample(candidates, scores, { seed: o.seed, plan: o.plan, thresholds: fused.thresholds, exclusion: ex });
  writeFileSync(o.out, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return { rows, candidates: candidates.length, classifier: `${fused.name} ${JSON.stringify(fused.versions.models)}` };
}

/** Rows per pool x stratum and per pool x split, for the README and the command's summary. */
export function sampleCounts(rows: readonly Pick<SampleRow, 'pool' | 'stratum' | 'split'>[]): {
  byStratum: Record<string, Record<string, number>>;
  bySplit: Record<string, Record<string, number>>;
} {
  const byStratum: Record<string, Record<string, number>> = {};
  const bySplit: Record<string, Record<string, number>> = {};
  for (const r of rows) {
    (byStratum[r.pool] ??= {})[r.stratum] = (byStratum[r.pool]![r.stratum] ?? 0) + 1;
    (bySplit[r.pool] ??= {})[r.split] = (bySplit[r.pool]![r.split] ?? 0) + 1;
  }
  return { byStratum, bySplit };
}
