import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';
import { PACKAGE_ROOT } from '../config/paths.ts';
import type { ClaimMatch, ClaimMatcher } from './claim-matcher.ts';
import { stemText } from './claim-text.ts';
import { ClaimIndex, type IndexClaim, type PairFeatures } from './claim-index.ts';
import { evidenceGateSchema, NO_GATE, passesEvidenceGate } from './claim-evidence.ts';

export const DEFAULT_CALIBRATION_FILE = path.join(PACKAGE_ROOT, 'data', 'claims', 'matcher-calibration.json');

const calibrationSchema = z.strictObject({
  version: z.string().min(1),
  /** Claims scored in full per text. */
  k: z.number().int().min(1).max(100),
  /** Texts whose best word + word-pair overlap (indexed features only) is below this are not scored further. */
  minOverlap: z.number().min(0).max(1).default(0),
  bias: z.number(),
  weights: z.strictObject({
    word: z.number(),
    bigram: z.number(),
    char: z.number(),
    cover: z.number(),
    postCover: z.number().default(0),
    miss: z.number().default(0),
    specific: z.number().default(0),
    shared: z.number().default(0),
    /** On min(mass, 4) / 4 (PairFeatures.mass, the evidence mass, saturating at four specific words). */
    mass: z.number().default(0),
  }),
  /** The precision gate a candidate must pass before it is scored (claim-evidence.ts). */
  gate: evidenceGateSchema.default(NO_GATE),
  /**
   * A claim is not matched when every word the text shares with it is ordinary election talk:
   * the rarest shared word's rarity (PairFeatures.shared) must reach this.
   */
  minShared: z.number().min(0).max(1).default(0),
  /** Matches below this calibrated similarity are not reported. */
  minReport: z.number().min(0).max(1),
  /** How the numbers were chosen (data, split, command). */
  chosen: z.string(),
  metrics: z.record(z.string(), z.unknown()).optional(),
});
export type MatcherCalibration = z.infer<typeof calibrationSchema>;

export function loadCalibration(file = DEFAULT_CALIBRATION_FILE): MatcherCalibration {
  const r = calibrationSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
  if (!r.success) throw new Error(`${file}: field "${r.error.issues[0]?.path.join('.')}": ${r.error.issues[0]?.message}`);
  return r.data;
}

/** Calibrated similarity: a logistic function of the pair features, fitted on held-out dev data. */
export function calibrated(f: PairFeatures, c: MatcherCalibration): number {
  const w = c.weights;
  const z =
    c.bias +
    w.word * f.word +
    w.bigram * f.bigram +
    w.char * f.char +
    w.cover * f.cover +
    w.postCover * f.postCover +
    w.miss * f.miss +
    w.specific * f.specific +
    w.shared * f.shared +
    w.mass * massFeature(f.mass);
  return 1 / (1 + Math.exp(-z));
}

/** The evidence mass as the calibration reads it: saturating at four specific shared words. */
export function massFeature(mass: number): number {
  return Math.min(mass, 4) / 4;
}

/** Whether a candidate may be scored at all: the old rarity gate and the evidence gate (claim-evidence.ts). */
export function admissible(f: PairFeatures, c: MatcherCalibration): boolean {
  return f.shared >= c.minShared && passesEvidenceGate(f, c.gate);
}

export interface TfidfClaimMatcher extends ClaimMatcher {
  readonly index: ClaimIndex;
  readonly calibration: MatcherCalibration;
  /** Best match of one text given as stems (what `match` does per item). */
  matchStems(stems: string): ClaimMatch | null;
}

/**
 * The claim matcher netra uses: TF-IDF over words, word pairs and character n-grams of the
 * shared nlp pipeline's stems, candidates from an inverted index, and a similarity calibrated
 * on held-out data (see README "Hoax claims"). Stance is not its business: the rule layer damps
 * a match when the post warns about or debunks the claim.
 */
export function createTfidfClaimMatcher(
  claims: readonly IndexClaim[],
  calibration: MatcherCalibration = loadCalibration(),
): TfidfClaimMatcher {
  const index = new ClaimIndex(claims);
  const h = createHash('sha256');
  for (const c of claims) h.update(`${c.id}\u0000${c.stems}\u0000${c.titleStems}\n`);
  const version = `${calibration.version}+${claims.length}.${h.digest('hex').slice(0, 8)}`;
  const matchStems = (stems: string): ClaimMatch | null => {
    let best: { p: number; claim: number } | null = null;
    for (const cand of index.candidates(stems, calibration.k, calibration.minOverlap, calibration.gate.minStrong)) {
      if (!admissible(cand.f, calibration)) continue;
      const p = calibrated(cand.f, calibration);
      if (p >= calibration.minReport && (!best || p > best.p)) best = { p, claim: cand.claim };
    }
    if (!best) return null;
    const c = claims[best.claim]!;
    return { id: c.id, similarity: Math.round(best.p * 1000) / 1000, title: c.title, shared: index.sharedWords(stems, best.claim) };
  };
  return {
    name: 'claims',
    version,
    index,
    calibration,
    matchStems,
    async match(items) {
      return items.map((it) => matchStems(stemText(it.analysed)));
    },
  };
}
