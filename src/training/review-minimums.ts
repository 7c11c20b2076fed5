import { UserError } from '../domain/errors.ts';
import type { Label } from '../domain/labels.ts';

/** Fewest reviewed positives and negatives of each label before `train --with-reviews` may use the reviews. */
export const DEFAULT_MIN_PER_LABEL = 30;

export interface LabelCount {
  label: string;
  positives: number;
  negatives: number;
}

/** Reviewed positives (people gave the label) and negatives (they decided the post without it), per label. */
export function reviewCounts(labels: readonly Label[], reviews: readonly { labels: readonly string[] }[]): LabelCount[] {
  return labels.map((label) => {
    const positives = reviews.filter((r) => r.labels.includes(label)).length;
    return { label, positives, negatives: reviews.length - positives };
  });
}

/**
 * Refuse to train `task` with reviews while any of its labels has fewer than `min` reviewed
 * positives or negatives among the decisions it would train on: a handful of reviews moves a
 * model by noise, not by what analysts taught it.
 */
export function requireReviewCounts(
  task: string,
  labels: readonly Label[],
  reviews: readonly { labels: readonly string[] }[],
  min: number,
): LabelCount[] {
  const counts = reviewCounts(labels, reviews);
  const short = counts.filter((c) => c.positives < min || c.negatives < min);
  if (short.length) {
    const what = short.map((c) => `${c.label}: ${c.positives} positive and ${c.negatives} negative reviewed posts`).join('; ');
    throw new UserError(
      `${task}: too few reviewed posts to train with reviews (needs at least ${min} positive and ${min} negative per label, outside the recent hold-out): ${what}. Review more flags, or lower --min-per-label knowingly.`,
    );
  }
  return counts;
}
