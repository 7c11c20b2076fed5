import { createHash } from 'node:crypto';
import { LABELS, type Label, type LabelScores } from '../../domain/labels.ts';
import { seededRandom, shuffled } from '../../domain/seeded-random.ts';
import { exclusionKey } from '../../nlp/lexicon-build/corpus-counts.ts';
import type { OrdinaryPart } from '../ordinary-split.ts';
import { HOAX_VOCAB, MONEY_VOCAB, NICKNAME_VOCAB, type PoolQuota } from './sample-plan.ts';
import { POOLS, type Pool } from './stream-sources.ts';

/**
 * The labelling sampler's pure core (issue 11 part 2): from the candidate posts of each pool and
 * the shipped classifier's scores, draw random strata and uncertainty strata, deduplicated and
 * with the exclusion rule applied, and give each drawn row its split. Same inputs and seed, same
 * sample: every random choice comes from one seeded generator used in a fixed order, and every
 * ranking breaks ties by a hash of the id.
 */

/** One post that may be drawn. */
export interface Candidate {
  id: string;
  pool: Pool;
  /** Path under `<shared>/datasets/`. */
  sourceFile: string;
  sourceRow: number;
  text: string;
  /** The file's own stratification columns (never a label). */
  tag?: string;
  /** Ordinary pool only: the row's part of the held-out partition (src/training/ordinary-split.ts). */
  part?: OrdinaryPart;
}

/** What the shipped classifier says of one candidate. */
export interface CandidateScore {
  /** Fused scores (rules + models, with claim matching), as `netra classify` gives them. */
  scores: LabelScores;
  flags: Label[];
  /** Flags of the rules alone (same lexicons, same claims). */
  ruleFlags: Label[];
}

/** What the sampler must not draw again: data/labelled texts (all files, all splits). */
export interface SampleExclusion {
  hashes: Set<string>;
  keys: Set<string>;
}

export interface SampleOptions {
  seed: number;
  plan: Readonly<Record<Pool, PoolQuota>>;
  thresholds: LabelScores;
  exclusion: SampleExclusion;
  /** Largest |logit(score) - logit(threshold)| for the near-threshold strata. @default 2 */
  nearMax?: number;
  /** Share of `dev` rows. @default 0.25 */
  devShare?: number;
}

/** One drawn post. */
export interface SampleRow {
  id: string;
  pool: Pool;
  stratum: string;
  source_file: string;
  source_row: number;
  text: string;
  text_sha256: string;
  /** The file's own stratification columns (headlines: the hoax column, shown to labellers as context). */
  tag?: string;
  split: 'train' | 'dev';
  scores: LabelScores;
  flags: Label[];
  rule_flags: Label[];
}

/** Normalised-text length below which a post is dropped (not in the ordinary pool). */
export const MIN_KEY = 12;
/** The ordinary pool keeps short posts, down to this many normalised characters. */
export const MIN_KEY_ORDINARY = 3;
/** Posts shorter than this (characters as written) form the ordinary pool's short stratum. */
export const SHORT_CHARS = 40;

/** Word-set Jaccard above which a post is a near-duplicate of one already drawn (buzzer templates with a word or two changed). */
export const NEAR_DUPLICATE = 0.8;

function jaccard(a: Set<string>, b: Set<string>): number {
  let inter = 0;
  for (const w of a) if (b.has(w)) inter++;
  return inter / (a.size + b.size - inter);
}

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const logit = (p: number) => {
  const q = Math.min(1 - 1e-6, Math.max(1e-6, p));
  return Math.log(q / (1 - q));
};

/** Draw the sample. `scores` must hold every candidate's id. */
export function drawSample(candidates: readonly Candidate[], scores: ReadonlyMap<string, CandidateScore>, o: SampleOptions): SampleRow[] {
  const rng = seededRandom(o.seed, 'netra-stream-sample-v1');
  const tie = (id: string) => sha256(`netra-stream-tie-v1:${o.seed}:${id}`);
  const nearMax = o.nearMax ?? 2;
  const devShare = o.devShare ?? 0.25;
  const seenSha = new Set(o.exclusion.hashes);
  const seenKey = new Set(o.exclusion.keys);
  const seenPrefix = new Set([...o.exclusion.keys].map((k) => k.slice(0, 100)));
  const taken = new Set<string>();
  const drawnWords: Set<string>[] = [];
  const out: (Omit<SampleRow, 'split'> & { part?: OrdinaryPart })[] = [];

  const fresh = (c: Candidate): boolean => {
    if (taken.has(c.id)) return false;
    const key = exclusionKey(c.text);
    if (key.length < (c.pool === 'ordinary' ? MIN_KEY_ORDINARY : MIN_KEY)) return false;
    const sha = sha256(c.text);
    if (seenSha.has(sha) || seenKey.has(key) || seenPrefix.has(key.slice(0, 100))) return false;
    const words = new Set(key.split(' '));
    return !drawnWords.some((w) => jaccard(w, words) > NEAR_DUPLICATE);
  };
  const add = (c: Candidate, stratum: string) => {
    const key = exclusionKey(c.text);
    const sha = sha256(c.text);
    seenSha.add(sha);
    seenKey.add(key);
    seenPrefix.add(key.slice(0, 100));
    taken.add(c.id);
    drawnWords.push(new Set(key.split(' ')));
    const s = scores.get(c.id);
    if (!s) throw new Error(`no score for candidate ${c.id}`);
    out.push({
      id: c.id,
      pool: c.pool,
      stratum,
      source_file: c.sourceFile,
      source_row: c.sourceRow,
      text: c.text,
      text_sha256: sha,
      tag: c.tag,
      scores: s.scores,
      flags: s.flags,
      rule_flags: s.ruleFlags,
      ...(c.part ? { part: c.part } : {}),
    });
  };
  /** Take up to `n` fresh candidates in the given order. */
  const takeOrdered = (list: readonly Candidate[], n: number, stratum: string): number => {
    let got = 0;
    for (const c of list) {
      if (got >= n) break;
      if (fresh(c)) {
        add(c, stratum);
        got++;
      }
    }
    return got;
  };
  /**
   * The ordinary pool draws a quarter of each stratum from the partition's `dev` part and the
   * rest from its `train` part (never from `test`); other pools draw from all their candidates.
   */
  const byPart = (pool: Pool, list: readonly Candidate[], n: number, f: (l: readonly Candidate[], n: number) => number): number => {
    if (pool !== 'ordinary') return f(list, n);
    const nDev = Math.round(n * devShare);
    const dev = f(
      list.filter((c) => c.part === 'dev'),
      nDev,
    );
    return (
      dev +
      f(
        list.filter((c) => c.part === 'train'),
        n - dev,
      )
    );
  };
  const takeRandom = (list: readonly Candidate[], n: number, stratum: string) => takeOrdered(shuffled(list, rng), n, stratum);
  /** Round robin over labels, each label's own ordered list, until `n` or all lists run out. */
  const roundRobin = (lists: [Label, Candidate[]][], n: number, prefix: string): number => {
    let got = 0;
    const pos = lists.map(() => 0);
    for (let progress = true; got < n && progress;) {
      progress = false;
      for (let i = 0; i < lists.length && got < n; i++) {
        const [label, list] = lists[i]!;
        while (pos[i]! < list.length) {
          const c = list[pos[i]!++]!;
          if (fresh(c)) {
            add(c, `${prefix}:${label}`);
            got++;
            progress = true;
            break;
          }
        }
      }
    }
    return got;
  };
  const score = (c: Candidate) => scores.get(c.id)!;

  for (const pool of POOLS) {
    const q = o.plan[pool];
    const cands = candidates.filter((c) => c.pool === pool && c.part !== 'test');
    if (cands.length === 0) throw new Error(`pool "${pool}" has no candidates`);
    const before = out.length;
    // 1. Random, stratified by (source file, tag) in proportion to size.
    byPart(pool, cands, q.random, (list, n) => {
      const groups = new Map<string, Candidate[]>();
      for (const c of list) {
        const g = `${c.sourceFile}|${c.tag ?? ''}`;
        const members = groups.get(g);
        if (members) members.push(c);
        else groups.set(g, [c]);
      }
      let got = 0;
      const keys = [...groups.keys()].sort();
      for (const g of keys) got += takeRandom(groups.get(g)!, Math.round((n * groups.get(g)!.length) / list.length), 'random');
      return got;
    });
    // 2. Short everyday posts.
    if (q.short > 0)
      byPart(pool, cands, q.short, (list, n) =>
        takeRandom(
          list.filter((c) => c.text.trim().length < SHORT_CHARS),
          n,
          'random-short',
        ),
      );
    // 3. Flagged by the shipped classifier, spread over labels.
    if (q.flagged > 0) {
      byPart(pool, cands, q.flagged, (list, n) =>
        roundRobin(
          LABELS.map((l) => [
            l,
            shuffled(
              list.filter((c) => score(c).flags.includes(l)),
              rng,
            ),
          ]),
          n,
          'flagged',
        ),
      );
    }
    // 4. Nearest a label's threshold (logit distance), spread over labels.
    byPart(pool, cands, q.nearThreshold, (list, n) => {
      const lists: [Label, Candidate[]][] = LABELS.map((l) => {
        const t = logit(o.thresholds[l]);
        const d = new Map(list.map((c) => [c.id, Math.abs(logit(score(c).scores[l]) - t)]));
        const near = list.filter((c) => d.get(c.id)! <= nearMax);
        near.sort((a, b) => d.get(a.id)! - d.get(b.id)! || (tie(a.id) < tie(b.id) ? -1 : 1));
        return [l, near];
      });
      return roundRobin(lists, n, 'near-threshold');
    });
    // 5. Rules alone vs the shipped classifier.
    byPart(pool, cands, q.disagree, (list, n) =>
      roundRobin(
        LABELS.map((l) => [
          l,
          shuffled(
            list.filter((c) => score(c).flags.includes(l) !== score(c).ruleFlags.includes(l)),
            rng,
          ),
        ]),
        n,
        'rule-model-disagree',
      ),
    );
    // 6. Rare-label oversample: positives and hard negatives.
    byPart(pool, cands, q.moneyVocab, (list, n) =>
      takeRandom(
        list.filter((c) => MONEY_VOCAB.test(c.text)),
        n,
        'oversample-money-vocab',
      ),
    );
    byPart(pool, cands, q.hoaxVocab, (list, n) =>
      takeRandom(
        list.filter((c) => HOAX_VOCAB.test(c.text)),
        n,
        'oversample-hoax-vocab',
      ),
    );
    byPart(pool, cands, q.nickname, (list, n) =>
      takeRandom(
        list.filter((c) => NICKNAME_VOCAB.test(c.text)),
        n,
        'oversample-nickname',
      ),
    );
    // 7. Where a stratum ran short, top the pool up at random.
    const want = Object.values(q).reduce((a, b) => a + b, 0);
    const short = want - (out.length - before);
    if (short > 0) byPart(pool, cands, short, (list, n) => takeRandom(list, n, 'random-topup'));
  }
  return assignSplits(out, devShare);
}

/**
 * `train` or `dev`. Ordinary rows keep their partition part (`train` or `dev`; the partition's
 * `test` is never drawn). Every other row: within its (pool, stratum), rows ordered by
 * SHA-256("netra-stream-split-v1:" + id), the first round(devShare x n) are `dev`, so every pool
 * and every stratum of at least two rows has dev rows.
 */
export function assignSplits(rows: readonly (Omit<SampleRow, 'split'> & { part?: OrdinaryPart })[], devShare = 0.25): SampleRow[] {
  const dev = new Set<string>();
  const groups = new Map<string, string[]>();
  for (const r of rows) {
    if (r.pool === 'ordinary') continue;
    const g = `${r.pool}|${r.stratum}`;
    const ids = groups.get(g);
    if (ids) ids.push(r.id);
    else groups.set(g, [r.id]);
  }
  for (const ids of groups.values()) {
    const ordered = [...ids].sort((a, b) => (sha256(`netra-stream-split-v1:${a}`) < sha256(`netra-stream-split-v1:${b}`) ? -1 : 1));
    ordered.slice(0, Math.round(devShare * ordered.length)).forEach((id) => dev.add(id));
  }
  return rows.map(({ part, ...r }) => ({
    ...r,
    split: r.pool === 'ordinary' ? (part === 'dev' ? 'dev' : 'train') : dev.has(r.id) ? 'dev' : 'train',
  }));
}
