import type { Label } from '../../domain/labels.ts';

/**
 * What the model card measures on data/labelled (model-card.ts): each file with a `test`
 * split, on the labels it was labelled for (data/labelled/README.md). A file not listed here but
 * holding test rows is measured on all labels. Add a file here when it gains a test split.
 */
export interface CardSet {
  /** File name in data/labelled. */
  file: string;
  labels: Label[];
  /** What the rows are, in a few words (shown in the card). */
  note: string;
  /** Measured only with the full TurnBackHoax claims (from ../shared). */
  needsClaims?: boolean;
}

export const CARD_SETS: readonly CardSet[] = [
  {
    file: 'election-posts.jsonl',
    labels: ['partisan', 'hate', 'abusive', 'hoax', 'money_politics'],
    note: 'real election posts, hand-labelled for all five labels',
  },
  { file: 'money-written.jsonl', labels: ['money_politics'], note: 'written offers, condemnations, lawful pay and aid' },
  {
    file: 'casual-comments.jsonl',
    labels: ['partisan', 'hate', 'abusive', 'hoax', 'money_politics'],
    note: 'self-written casual comments under a 2024 debate (a platform not in any training data), test only',
  },
  {
    file: 'hoax-paraphrases.jsonl',
    labels: ['hoax'],
    note: 'paraphrased assertions, debunks and near-topic true posts; full TurnBackHoax claims',
    needsClaims: true,
  },
];

/**
 * Targets the card shows beside the figures (issue 11). `perThousand`: most flags per 1,000
 * ordinary posts; `f1`: least F1 on a named card set.
 */
export const CARD_TARGETS = {
  perThousand: { hoax: 2, hate: 15, partisan: 5, money_politics: 1 } as Partial<Record<Label, number>>,
  f1: [{ set: 'hoax-paraphrases.jsonl', label: 'hoax' as Label, atLeast: 0.75 }],
};
