import { seededRandom, shuffled } from '../../domain/seeded-random.ts';
import type { Pool } from './stream-sources.ts';

/** A row of a labeller's batch file (outside the repository, so the text is always there). */
export interface BatchRow {
  id: string;
  pool: Pool;
  stratum: string;
  text: string;
  /** What the labeller may know about the source (headlines: news outlet or TurnBackHoax). */
  context?: string;
}

export interface BatchPlan {
  batches: BatchRow[][];
  /** Rows a second labeller labels independently; each is also in one batch. */
  double: BatchRow[];
}

/** The context line a labeller sees for a row, from the source file's own columns. */
export function batchContext(pool: Pool, tag: string | undefined): string | undefined {
  if (pool !== 'headlines') return undefined;
  if (tag === 'True') return 'TurnBackHoax title: fact-checkers debunked this claim (label whether the text asserts it)';
  if (tag === 'False') return 'headline of a news outlet (Detik, CNN Indonesia or Metro TV)';
  return undefined;
}

/**
 * Deal the sample into `count` batches that each hold the same share of every pool, in a
 * shuffled order (seeded), and draw `double` rows for a second labeller: an equal share from each batch, at
 * random (seeded), listed in a shuffled order.
 */
export function makeBatches(rows: readonly (BatchRow & { tag?: string })[], o: { count: number; double: number; seed: number }): BatchPlan {
  if (!Number.isInteger(o.count) || o.count < 1) throw new RangeError('count must be >= 1');
  if (o.double > rows.length) throw new RangeError(`double (${o.double}) is more than the rows (${rows.length})`);
  const rng = seededRandom(o.seed, 'netra-stream-batches-v1');
  const asBatchRow = ({ id, pool, stratum, text, tag }: BatchRow & { tag?: string }): BatchRow => {
    const context = batchContext(pool, tag);
    return { id, pool, stratum, text, ...(context ? { context } : {}) };
  };
  // Shuffle, group by pool (stable), deal round robin: every batch gets the same share of each
  // pool; then each batch is shuffled so that pools and strata are mixed in reading order.
  const order = shuffled(rows, rng).map(asBatchRow);
  const pools = [...new Set(order.map((r) => r.pool))].sort();
  const dealt: BatchRow[][] = Array.from({ length: o.count }, () => []);
  pools.flatMap((p) => order.filter((r) => r.pool === p)).forEach((r, i) => dealt[i % o.count]!.push(r));
  const batches = dealt.map((b) => shuffled(b, rng));
  const double: BatchRow[] = [];
  batches.forEach((b, k) => {
    const share = Math.floor(o.double / o.count) + (k < o.double % o.count ? 1 : 0);
    double.push(...shuffled(b, rng).slice(0, share));
  });
  return { batches, double: shuffled(double, rng) };
}
