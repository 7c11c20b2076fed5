import type { FlagStatus } from './statuses.ts';

/** What a person can decide on a flag (`flag_decisions.decision`). */
export const DECISION_KINDS = ['confirm', 'dismiss', 'escalate', 'correct', 'reopen', 'withdraw'] as const;
/** One of {@link DECISION_KINDS}. */
export type DecisionKind = (typeof DECISION_KINDS)[number];

/**
 * Why an analyst dismisses a flag: a fixed list (so dismissals can be counted per reason, a
 * signal of what the classifier gets wrong) plus free text. `other` needs the text.
 */
export const DISMISS_REASONS = {
  neutral_context: { id: 'Konteks netral, tidak memihak', en: 'Neutral context, takes no side' },
  news_or_official_info: { id: 'Berita atau informasi resmi tanpa penilaian', en: 'News or official information without evaluation' },
  satire_or_debunk: { id: 'Satire, sanggahan atau peringatan hoaks', en: 'Satire, rebuttal or hoax warning' },
  wrong_identity: {
    id: 'Akun bukan milik ASN ini / tautan identitas salah',
    en: 'Account is not this civil servant’s / wrong identity link',
  },
  outside_rules: { id: 'Di luar cakupan aturan netralitas', en: 'Outside the neutrality rules' },
  duplicate: { id: 'Duplikat kasus lain', en: 'Duplicate of another case' },
  insufficient_evidence: { id: 'Bukti tidak cukup', en: 'Insufficient evidence' },
  other: { id: 'Lainnya (jelaskan)', en: 'Other (explain)' },
} as const;
export type DismissReason = keyof typeof DISMISS_REASONS;

/**
 * Dismissal reasons that judge the post's content: the labels do not apply to the text, so the
 * post is a negative for training and agreement. The others (wrong identity, duplicate,
 * insufficient evidence, other) are about who posted it, the case or the evidence, and say
 * nothing about the labels: such a dismissal is no label at all.
 */
export const CONTENT_DISMISS_REASONS: readonly DismissReason[] = [
  'neutral_context',
  'news_or_official_info',
  'satire_or_debunk',
  'outside_rules',
];

/** Whether a dismissal with this reason says the labels do not apply (a missing reason, from before reasons were kept, counts as one). */
export function dismissalIsNegative(reason: string | null | undefined): boolean {
  return reason == null || (CONTENT_DISMISS_REASONS as readonly string[]).includes(reason);
}

/** The account tag a "wrong identity" dismissal sets: the link to the person is disputed until someone re-checks it. */
export const IDENTITY_DISPUTED_TAG = 'identity_disputed';

export function isDismissReason(v: unknown): v is DismissReason {
  return typeof v === 'string' && Object.hasOwn(DISMISS_REASONS, v);
}

/** Statuses no machine and no ordinary round-1 decision changes any more (only a supervisor's reopen). */
export const DECIDED_STATUSES: readonly FlagStatus[] = ['confirmed', 'dismissed', 'withdrawn'];

/** The status a round-1 decision leaves the flag in (`correct` keeps the status it had). */
export function statusAfter(decision: DecisionKind, current: FlagStatus): FlagStatus {
  switch (decision) {
    case 'confirm':
      return 'confirmed';
    case 'dismiss':
      return 'dismissed';
    case 'escalate':
      return 'escalated';
    case 'correct':
      return current;
    case 'reopen':
      return 'open';
    case 'withdraw':
      return 'withdrawn';
  }
}

/** Days from discovery within which a case must reach Bawaslu (Perbawaslu 7/2022). */
export const REPORT_WINDOW_DAYS = 7;

/** The reporting deadline of a flag discovered at `discoveredAt`. */
export function reportDeadline(discoveredAt: Date): Date {
  return new Date(discoveredAt.getTime() + REPORT_WINDOW_DAYS * 24 * 3600 * 1000);
}
