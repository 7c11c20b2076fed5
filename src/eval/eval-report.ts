import type { ClassifierVersions } from '../domain/classification.ts';
import type { Label, LabelScores } from '../domain/labels.ts';
import type { EvalData } from './eval-data.ts';
import type { EvalPrediction } from './eval-run.ts';
import {
  bestF1Point,
  binaryMetrics,
  confusion,
  macroF1,
  microMetrics,
  prCurve,
  type BinaryMetrics,
  type Confusion,
  type PrPoint,
} from './metrics.ts';

/** One misclassified row, for the analyst reading the report. */
export interface EvalError {
  id: string;
  line: number;
  score: number;
  threshold: number;
  /** The text, whitespace collapsed, cut to {@link EXCERPT_CHARS} characters. */
  excerpt: string;
  gold: Label[];
  predicted: Label[];
  uncertain?: boolean;
  group?: string;
  note?: string;
}

export interface LabelReport extends BinaryMetrics {
  label: Label;
  /** The threshold the classifier used to decide the flag. */
  threshold: number;
  averagePrecision: number | null;
  /** Threshold with the best F1 on THIS data: informative only, never a tuned figure. */
  bestF1: { threshold: number; precision: number; recall: number; f1: number } | null;
  curve: PrPoint[];
}

export interface SubsetReport {
  rows: number;
  labels: (BinaryMetrics & { label: Label })[];
  macroF1: number | null;
}

export interface EvalReport {
  createdAt: string;
  command: string;
  data: {
    file: string;
    postsFile?: string;
    sha256: string;
    split: string | null;
    rows: number;
    rowsInFile: number;
    splits: Record<string, number>;
  };
  classifier: { name: string; versions: Omit<ClassifierVersions, 'key'> & { key: string }; thresholds: LabelScores };
  labels: LabelReport[];
  /** Mean F1 over {@link EvalReport.macroLabels}. */
  macroF1: number | null;
  /** Labels with at least one positive row: those macro-F1 averages over. */
  macroLabels: Label[];
  micro: BinaryMetrics;
  /** The same metrics on rows not marked `uncertain`, when some are. */
  certain: SubsetReport | null;
  /** Per row group (`kind` or `stratum` of the data), confusion counts per label. */
  groups: Record<string, { rows: number; labels: Record<string, Confusion> }>;
  /** Partisan: of true positives with a gold target, how many name that target among their own. */
  partisanTargets: { checked: number; agree: number } | null;
  /** Hoax: of true positives whose row names the claim it asserts, how many were matched to that claim. */
  hoaxClaims: { checked: number; agree: number } | null;
  errors: Record<string, { falsePositives: EvalError[]; falseNegatives: EvalError[] }>;
}

export const EXCERPT_CHARS = 200;

export function excerpt(text: string, max = EXCERPT_CHARS): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : `${flat.slice(0, max - 1)}…`;
}

function subset(preds: readonly EvalPrediction[], labels: readonly Label[]): SubsetReport {
  const per = labels.map((label) => {
    const c = confusion(
      preds.map((p) => p.row.labels.includes(label)),
      preds.map((p) => p.classification.flags.includes(label)),
    );
    return { label, ...binaryMetrics(c) };
  });
  return { rows: preds.length, labels: per, macroF1: macroF1(per) };
}

function errorOf(p: EvalPrediction, label: Label, threshold: number): EvalError {
  const { row, classification: c } = p;
  return {
    id: row.id,
    line: row.line,
    score: Math.round(c.scores[label] * 10_000) / 10_000,
    threshold,
    excerpt: excerpt(row.text),
    gold: row.labels,
    predicted: c.flags,
    uncertain: row.uncertain,
    group: row.group,
    note: row.note,
  };
}

export interface BuildReportInput {
  data: EvalData;
  dataSha256: string;
  split: string | null;
  labels: readonly Label[];
  predictions: readonly EvalPrediction[];
  classifier: { name: string; versions: ClassifierVersions; thresholds: LabelScores };
  command: string;
  now?: Date;
}

/**
 * Whether a matched claim id (`source:source_id`) is a row's gold claim: the same id, or the
 * same source id (data/labelled/hoax-paraphrases.jsonl names TurnBackHoax claims by their id).
 */
export function sameClaim(gold: string, matched: string): boolean {
  return matched === gold || (!gold.includes(':') && matched.endsWith(`:${gold}`));
}

/** All the figures of one evaluation run. */
export function buildEvalReport(i: BuildReportInput): EvalReport {
  const preds = i.predictions;
  const labels: LabelReport[] = i.labels.map((label) => {
    const gold = preds.map((p) => p.row.labels.includes(label));
    const m = binaryMetrics(
      confusion(
        gold,
        preds.map((p) => p.classification.flags.includes(label)),
      ),
    );
    const curve = prCurve(
      gold,
      preds.map((p) => p.classification.scores[label]),
    );
    const best = bestF1Point(curve);
    return {
      label,
      threshold: i.classifier.thresholds[label],
      ...m,
      averagePrecision: curve.averagePrecision,
      bestF1:
        curve.positives > 0 && best ? { threshold: best.threshold, precision: best.precision, recall: best.recall, f1: best.f1 } : null,
      curve: curve.points,
    };
  });
  const anyUncertain = preds.some((p) => p.row.uncertain === true);
  const groups: EvalReport['groups'] = {};
  for (const p of preds) {
    if (p.row.group === undefined) continue;
    const g = (groups[p.row.group] ??= { rows: 0, labels: Object.fromEntries(i.labels.map((l) => [l, { tp: 0, fp: 0, fn: 0, tn: 0 }])) });
    g.rows++;
    for (const l of i.labels) {
      const gold = p.row.labels.includes(l);
      const pred = p.classification.flags.includes(l);
      g.labels[l]![gold ? (pred ? 'tp' : 'fn') : pred ? 'fp' : 'tn']++;
    }
  }
  let partisanTargets: EvalReport['partisanTargets'] = null;
  if (i.labels.includes('partisan')) {
    let checked = 0;
    let agree = 0;
    for (const p of preds) {
      if (typeof p.row.target !== 'string' || !p.row.labels.includes('partisan') || !p.classification.flags.includes('partisan')) continue;
      checked++;
      const finding = p.classification.findings.find((f) => f.label === 'partisan');
      if (finding?.targets.some((t) => t.id === p.row.target)) agree++;
    }
    if (checked > 0) partisanTargets = { checked, agree };
  }
  let hoaxClaims: EvalReport['hoaxClaims'] = null;
  if (i.labels.includes('hoax')) {
    let checked = 0;
    let agree = 0;
    for (const p of preds) {
      const gold = p.row.claim;
      if (gold === undefined || !p.row.labels.includes('hoax') || !p.classification.flags.includes('hoax')) continue;
      checked++;
      const got = p.classification.findings.find((f) => f.label === 'hoax')?.claim?.id;
      if (got !== undefined && sameClaim(gold, got)) agree++;
    }
    if (checked > 0) hoaxClaims = { checked, agree };
  }
  const errors: EvalReport['errors'] = {};
  for (const label of i.labels) {
    const t = i.classifier.thresholds[label];
    const fps = preds.filter((p) => !p.row.labels.includes(label) && p.classification.flags.includes(label));
    const fns = preds.filter((p) => p.row.labels.includes(label) && !p.classification.flags.includes(label));
    errors[label] = {
      falsePositives: fps.map((p) => errorOf(p, label, t)).sort((a, b) => b.score - a.score),
      falseNegatives: fns.map((p) => errorOf(p, label, t)).sort((a, b) => a.score - b.score),
    };
  }
  const macroLabels = labels.filter((l) => l.f1 !== null).map((l) => l.label);
  return {
    createdAt: (i.now ?? new Date()).toISOString(),
    command: i.command,
    data: {
      file: i.data.file,
      ...(i.data.postsFile ? { postsFile: i.data.postsFile } : {}),
      sha256: i.dataSha256,
      split: i.split,
      rows: preds.length,
      rowsInFile: i.data.totalRows,
      splits: i.data.splits,
    },
    classifier: { name: i.classifier.name, versions: i.classifier.versions, thresholds: i.classifier.thresholds },
    labels,
    macroF1: macroF1(labels),
    macroLabels,
    micro: microMetrics(labels),
    certain: anyUncertain
      ? subset(
          preds.filter((p) => p.row.uncertain !== true),
          i.labels,
        )
      : null,
    groups,
    partisanTargets,
    hoaxClaims,
    errors,
  };
}
