/**
 * The five labels netra scores every post for. See `../shared/reference/labels.md`.
 * A flag is never a verdict: it only asks a person to look.
 */
export const LABELS = ['partisan', 'hate', 'abusive', 'hoax', 'money_politics'] as const;

/** One of {@link LABELS}. */
export type Label = (typeof LABELS)[number];

/** A score in [0, 1] for every label. */
export type LabelScores = Record<Label, number>;

export function isLabel(value: unknown): value is Label {
  return typeof value === 'string' && (LABELS as readonly string[]).includes(value);
}

/** A score record with every label at 0. */
export function zeroScores(): LabelScores {
  return { partisan: 0, hate: 0, abusive: 0, hoax: 0, money_politics: 0 };
}
