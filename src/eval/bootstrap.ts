import { seededRandom } from '../domain/seeded-random.ts';
import { binaryMetrics, confusion } from './metrics.ts';

/** A figure with its 95 % bootstrap interval (null where the figure is undefined, e.g. F1 with no positives). */
export interface WithCi {
  value: number | null;
  lo: number | null;
  hi: number | null;
}

/** Precision, recall and F1 of one model on one set, each with its interval. */
export interface MetricsCi {
  precision: WithCi;
  recall: WithCi;
  f1: WithCi;
}

const quantile = (sorted: readonly number[], q: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.floor(q * sorted.length)))]!;

function interval(value: number | null, samples: number[]): WithCi {
  if (value === null || samples.length === 0) return { value, lo: null, hi: null };
  samples.sort((a, b) => a - b);
  return { value, lo: quantile(samples, 0.025), hi: quantile(samples, 0.975) };
}

/**
 * Paired percentile bootstrap over rows: the same resampled rows score every model, so the
 * intervals of the differences (`gains[k]`: model `k[1]` minus model `k[0]` in F1) account for
 * the rows the models share. Resamples where a figure is undefined (no positives drawn) are
 * left out of that figure's interval.
 */
export function bootstrapCompare(
  gold: readonly boolean[],
  predicted: readonly (readonly boolean[])[],
  gains: readonly [number, number][],
  o: { resamples?: number; seed?: number } = {},
): { models: MetricsCi[]; gains: WithCi[] } {
  const n = gold.length;
  const B = o.resamples ?? 1000;
  const rnd = seededRandom(o.seed ?? 1, 'bootstrap');
  const point = predicted.map((p) => binaryMetrics(confusion(gold, p)));
  const samples = predicted.map(() => ({ precision: [] as number[], recall: [] as number[], f1: [] as number[] }));
  const gainSamples = gains.map(() => [] as number[]);
  const idx = new Array<number>(n);
  for (let b = 0; b < B && n > 0; b++) {
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rnd() * n);
    const g = idx.map((i) => gold[i]!);
    const m = predicted.map((p) =>
      binaryMetrics(
        confusion(
          g,
          idx.map((i) => p[i]!),
        ),
      ),
    );
    m.forEach((x, k) => {
      if (x.precision !== null) samples[k]!.precision.push(x.precision);
      if (x.recall !== null) samples[k]!.recall.push(x.recall);
      if (x.f1 !== null) samples[k]!.f1.push(x.f1);
    });
    gains.forEach(([a, c], k) => {
      const fa = m[a]!.f1;
      const fc = m[c]!.f1;
      if (fa !== null && fc !== null) gainSamples[k]!.push(fc - fa);
    });
  }
  return {
    models: point.map((p, k) => ({
      precision: interval(p.precision, samples[k]!.precision),
      recall: interval(p.recall, samples[k]!.recall),
      f1: interval(p.f1, samples[k]!.f1),
    })),
    gains: gains.map(([a, c], k) => {
      const fa = point[a]!.f1;
      const fc = point[c]!.f1;
      return interval(fa !== null && fc !== null ? fc - fa : null, gainSamples[k]!);
    }),
  };
}

/** A gain is clear only when its whole interval lies above zero. */
export const clearGain = (g: WithCi | null | undefined): boolean => g?.lo != null && g.lo > 0;
/** A loss is clear only when its whole interval lies below zero. */
export const clearLoss = (g: WithCi | null | undefined): boolean => g?.hi != null && g.hi < 0;

/** `0.812 [0.750, 0.870]` */
export function fmtCi(c: WithCi, signed = false): string {
  if (c.value === null) return 'n/a';
  const f = (v: number) => `${signed && v >= 0 ? '+' : ''}${v.toFixed(3)}`;
  return c.lo === null || c.hi === null ? f(c.value) : `${f(c.value)} [${f(c.lo)}, ${f(c.hi)}]`;
}
