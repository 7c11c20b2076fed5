import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';
import type { HashedModel } from './hashed-model.ts';
import { readMetadata, type ModelMetadata } from './metadata.ts';
import { MODEL_FILE, loadModel } from './model-io.ts';

/** The tasks `netra train` builds, each in `models/<task>/<version>/`. */
export const TASKS = ['hate-abusive', 'partisan', 'money-politics'] as const;
export type TaskName = (typeof TASKS)[number];

export interface LoadedTaskModel {
  task: string;
  version: string;
  dir: string;
  model: HashedModel;
  meta: ModelMetadata;
}

/**
 * The version folder of a task in use: the one named in `models/<task>/CURRENT` if that file
 * exists, else the last version folder in name order (versions are named `YYYYMMDD-<hash>`).
 */
export function currentVersionDir(modelsDir: string, task: string): string | undefined {
  const taskDir = path.join(modelsDir, task);
  if (!existsSync(taskDir) || !statSync(taskDir).isDirectory()) return undefined;
  const pointer = path.join(taskDir, 'CURRENT');
  if (existsSync(pointer)) {
    const v = readFileSync(pointer, 'utf8').trim();
    const dir = path.join(taskDir, v);
    if (!v || !existsSync(path.join(dir, MODEL_FILE))) throw new UserError(`${pointer}: names version "${v}", which has no ${MODEL_FILE}`);
    return dir;
  }
  const versions = readdirSync(taskDir)
    .filter((v) => existsSync(path.join(taskDir, v, MODEL_FILE)))
    .sort();
  const last = versions[versions.length - 1];
  return last ? path.join(taskDir, last) : undefined;
}

/** Load every task's model in use under `modelsDir` (tasks without a model are skipped). */
export async function loadTaskModels(modelsDir: string): Promise<LoadedTaskModel[]> {
  const out: LoadedTaskModel[] = [];
  for (const task of TASKS) {
    const dir = currentVersionDir(modelsDir, task);
    if (!dir) continue;
    const [model, meta] = await Promise.all([loadModel(dir), readMetadata(dir)]);
    if (meta.labels.join(',') !== model.config.labels.join(','))
      throw new UserError(`${dir}: metadata labels ${meta.labels.join(',')} differ from the model's ${model.config.labels.join(',')}`);
    out.push({ task, version: meta.version, dir, model, meta });
  }
  return out;
}
