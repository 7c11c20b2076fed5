import { wibDay } from '../domain/wib-time.ts';
import { LABELS } from '../domain/labels.ts';
import type { ExportSourceRow } from '../repositories/export.repository.ts';
import type { HumanLabels } from '../domain/human-labels.ts';
import type { Pseudonymiser } from './pseudonym.ts';
import type { RedactionCounts, Redactor } from './redact.ts';
import type { Split } from './splits.ts';

/** How coarse the post time is: a WIB calendar day, or an ISO week (`2024-W06`). @default 'week' */
export type TimeGranularity = 'date' | 'week';

/** One exported post: no raw identifier, coarse time and place. */
export interface DatasetRow {
  /** Keyed pseudonym of the post, valid in this release only. */
  id: string;
  split: Split;
  /** Redacted text; absent in an ids-only export. */
  text?: string;
  /** The platform's own post id: only in an ids-only export, for rehydration under the platform's terms. */
  platform_post_id?: string;
  platform: string;
  /** WIB day or ISO week of the post time. */
  time: string | null;
  province: string | null;
  /** Pseudonyms of the account and of the person behind it (grouping; no two splits share one). */
  account: string | null;
  person: string | null;
  /** The labels people gave (empty: none applies); null: not reviewed. */
  labels: string[] | null;
  label_source: 'review' | 'label-studio' | null;
  agreement: HumanLabels['agreement'];
  /** Every human judgement: who (pseudonymised), which round, what, and the day. */
  annotations: { annotator: string; source: string; round: number; decision: string; labels: string[] | null; date: string | null }[];
  /** The model's score per label and the labels over its thresholds. */
  scores: Record<string, number>;
  model_labels: string[];
  flag_status: string | null;
  deleted: boolean;
  classifier: string;
}

/** ISO 8601 week of a WIB calendar day, e.g. `2024-W06`. */
export function isoWeek(day: string): string {
  const d = new Date(`${day}T00:00:00Z`);
  const dow = (d.getUTCDay() + 6) % 7; // Monday 0
  d.setUTCDate(d.getUTCDate() - dow + 3); // the Thursday of this week decides its year
  const year = d.getUTCFullYear();
  const week = 1 + Math.floor((d.getTime() - Date.UTC(year, 0, 1)) / 86_400_000 / 7);
  return `${year}-W${String(week).padStart(2, '0')}`;
}

export function coarseTime(at: Date | null, g: TimeGranularity): string | null {
  if (!at) return null;
  const day = wibDay(at);
  return g === 'date' ? day : isoWeek(day);
}

export interface RowContext {
  pseudonyms: Pseudonymiser;
  redactor: Redactor;
  redactions: RedactionCounts;
  time: TimeGranularity;
  idsOnly: boolean;
}

/** Turn one source row into an exported row. Nothing raw passes except what is named here. */
export function toDatasetRow(src: ExportSourceRow, human: HumanLabels, split: Split, ctx: RowContext): DatasetRow {
  const { pseudonyms: ps } = ctx;
  const row: DatasetRow = {
    id: ps.of('post', src.postId),
    split,
    platform: src.platform,
    time: coarseTime(src.postedAt, ctx.time),
    province: src.province,
    account: src.accountId === null ? null : ps.of('account', src.accountId),
    person: src.personId === null ? null : ps.of('person', src.personId),
    labels: human.labels,
    label_source: human.source,
    agreement: human.agreement,
    annotations: human.judgements.map((j) => ({
      annotator: ps.of(j.source === 'review' ? 'reviewer' : 'annotator', j.who),
      source: j.source,
      round: j.round,
      decision: j.decision,
      labels: j.labels,
      date: j.at ? wibDay(j.at) : null,
    })),
    scores: Object.fromEntries(LABELS.map((l) => [l, round4(src.scores[l] ?? 0)])),
    model_labels: LABELS.filter((l) => src.modelLabels.includes(l)),
    flag_status: src.flagStatus,
    deleted: src.deletedAt !== null,
    classifier: src.classifierKey,
  };
  if (ctx.idsOnly) row.platform_post_id = src.externalId;
  else row.text = ctx.redactor.redact(src.text, ctx.redactions);
  return row;
}

const round4 = (x: number) => Math.round(x * 10_000) / 10_000;
