import { hateAbusiveTask } from './hate-abusive.task.ts';
import { moneyPoliticsTask } from './money-politics.task.ts';
import { partisanTask } from './partisan.task.ts';
import type { TrainTask } from './task.ts';

/** The tasks `netra train --task` knows, in training order. */
export const TRAIN_TASKS: readonly TrainTask[] = [hateAbusiveTask, partisanTask, moneyPoliticsTask];

export function findTask(name: string): TrainTask | undefined {
  return TRAIN_TASKS.find((t) => t.name === name);
}
