import { cohensKappa, type KappaResult } from '../domain/agreement.ts';
import { LABELS } from '../domain/labels.ts';

/** Cohen's kappa of two annotators, per label, on the posts both annotated. */
export interface PairAgreement {
  a: string;
  b: string;
  /** Posts both annotated. */
  posts: number;
  perLabel: Record<string, KappaResult>;
}

/**
 * Agreement per annotator pair (never pooled across people or with netra's own analysts): for
 * every two annotators who judged at least one same post, Cohen's kappa per label over those
 * posts. `annotations` are the imported ones only, so netra's decisions never enter.
 */
export function kappaPerPair(annotations: readonly { netraId: string; annotator: string; labels: readonly string[] }[]): PairAgreement[] {
  const byPost = new Map<string, Map<string, readonly string[]>>();
  for (const x of annotations) {
    const m = byPost.get(x.netraId) ?? new Map<string, readonly string[]>();
    m.set(x.annotator, x.labels); // the last annotation of a person on a post counts
    byPost.set(x.netraId, m);
  }
  const annotators = [...new Set(annotations.map((x) => x.annotator))].sort();
  const out: PairAgreement[] = [];
  for (let i = 0; i < annotators.length; i++) {
    for (let j = i + 1; j < annotators.length; j++) {
      const a = annotators[i]!;
      const b = annotators[j]!;
      const both = [...byPost.values()].filter((m) => m.has(a) && m.has(b)).map((m) => [m.get(a)!, m.get(b)!] as const);
      if (both.length === 0) continue;
      out.push({
        a,
        b,
        posts: both.length,
        perLabel: Object.fromEntries(LABELS.map((l) => [l, cohensKappa(both.map(([x, y]) => [x.includes(l), y.includes(l)] as const))])),
      });
    }
  }
  return out;
}
