import type { TableFormat } from './dataset-writers.ts';
import type { ExportStats } from './export-stats.ts';
import type { ReleaseSources } from './release-sources.ts';
import type { SplitRatios } from './splits.ts';

/** What a release's datasheet is generated from. */
export interface DatasheetInput {
  releaseId: string;
  createdAt: Date;
  netraVersion: string;
  formats: TableFormat[];
  idsOnly: boolean;
  time: 'date' | 'week';
  seed: number;
  ratios: SplitRatios;
  filters: Record<string, unknown>;
  stats: ExportStats;
  versions: { classifiers: string[]; nlp: string[]; lexicon: string[]; models: Record<string, string[]> };
  labelStudio: boolean;
  secondReviewShare: number | null;
  /** Every source rows and labels derive from, with licences (null: not gathered). */
  sources: ReleaseSources | null;
  /** Days netra keeps the release's mappings (NETRA_RETAIN_EXPORTS_DAYS; null: until erased). */
  retainExportsDays: number | null;
  /** Whether the pseudonym key was saved (`--save-key`). */
  keySaved: boolean;
}
