import type { RuleClassifier } from '../../classify/rules/index.ts';
import type { Label } from '../../domain/labels.ts';
import type { Token } from '../../nlp/types.ts';
import type { DataFileRecord } from '../data/training-file.ts';
import type { ModelConfig } from '../../model/hashed-model.ts';
import type { CappedThresholdRule } from '../thresholds.ts';
import type { TrainOptions } from '../train.ts';

/** One text with 0/1 targets per label of the task. */
export interface TaskExample {
  text: string;
  y: number[];
  /** Loss weight (default 1). */
  weight?: number;
  /**
   * Per label, 1 where `y` is known and 0 where the source says nothing about the label (no loss,
   * left out of calibration and measurement of that label). Default: every label known.
   */
  mask?: number[];
  /** Tokens hidden from the model in training (the cue a weak label was read from). */
  hide?: (t: Token) => boolean;
  /** Where it came from, for messages and counts. */
  source: string;
}

/** A task's data, split. Calibration rows choose fusion and thresholds; test rows only measure. */
export interface TaskData {
  train: TaskExample[];
  calibration: TaskExample[];
  test: TaskExample[];
  files: DataFileRecord[];
  notes: string[];
  /** All labelled rows for k-fold cross-validation (tasks with one labelled corpus). */
  cvRows?: TaskExample[];
  /** Rows added to training only (weak labels), in the final model and in every CV fold. */
  extraTrain?: TaskExample[];
  /** Further test sets measured with the shipped model (e.g. out-of-domain posts), by name. */
  extraTests?: Record<string, TaskExample[]>;
  /**
   * Unlabelled everyday posts (the ordinary sets' dev part) on which the flag rate is held under a
   * cap when the threshold is chosen (ThresholdRule `maxPerThousand`). Never trained on.
   */
  rateRows?: TaskExample[];
}

export interface TaskContext {
  /** ../shared/datasets */
  dataDir: string;
  /** data/labelled (netra's own dev/test data; the exclusion rule applies) */
  labelledDir: string;
  seed: number;
  /** The rule classifier (weak labels read its scores). */
  rules: RuleClassifier;
}

export interface TrainTask {
  name: string;
  labels: Label[];
  model: Omit<ModelConfig, 'labels'>;
  train: Omit<TrainOptions, 'seed' | 'onEpoch' | 'onBatch'>;
  threshold: Partial<Record<Label, CappedThresholdRule>>;
  /**
   * Labels that pass the identity-target gate at inference (src/classify/hate-gate.ts):
   * calibration chooses their threshold, and test rows are measured, with the gate applied.
   */
  gate?: Label[];
  /** Whether `--cv` applies (one labelled corpus). */
  cv: boolean;
  /** What the task is for, in one line (metadata and help). */
  description: string;
  load(ctx: TaskContext): Promise<TaskData>;
  /**
   * The task's held-out test sets that are not in data/labelled (e.g. the Ibrohim test rows), as
   * `load` splits them for this seed, read cheaply (no weak labels): `npm run eval:all`
   * measures the shipped classifier on them for the model card.
   */
  heldOut?(ctx: Pick<TaskContext, 'dataDir' | 'labelledDir' | 'rules' | 'seed'>): Promise<Record<string, TaskExample[]>>;
}

/**
 * The training rows of named groups, each row's weight multiplied by its group's weight, in the
 * order of `weights`' keys; a group weighted 0 or less is left out.
 */
export function weightedGroups<K extends string>(
  rows: Readonly<Record<K, readonly TaskExample[]>>,
  weights: Readonly<Record<K, number>>,
): TaskExample[] {
  const out: TaskExample[] = [];
  for (const k of Object.keys(weights) as K[]) {
    if (weights[k] <= 0) continue;
    for (const r of rows[k]) out.push({ ...r, weight: (r.weight ?? 1) * weights[k] });
  }
  return out;
}
