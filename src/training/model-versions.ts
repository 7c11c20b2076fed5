import { existsSync } from 'node:fs';
import { readdir, readFile, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { UserError } from '../domain/errors.ts';

/**
 * Model versions on disk: `models/<task>/<version>/` (model.json, weights, metadata.json) and
 * `models/<task>/CURRENT`, the version in use. A newly trained version is used only once it is
 * promoted (CURRENT names it); earlier versions stay on disk for rollback. Without CURRENT the
 * newest version folder is in use (the loader's rule), so training with reviews pins CURRENT
 * before it writes a new version.
 */
export const CURRENT_FILE = 'CURRENT';
const MODEL_FILE = 'model.json';

export interface ModelVersion {
  task: string;
  version: string;
  dir: string;
  current: boolean;
  createdAt: string | null;
  labels: string[];
  /** Test-set F1 per label from the metadata, where it says. */
  testF1: Record<string, number>;
  /** Trained with review decisions (`netra train --with-reviews` wrote comparison.json). */
  withReviews: boolean;
}

export async function listTasks(modelsDir: string): Promise<string[]> {
  const entries = await readdir(modelsDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
}

async function versionNames(taskDir: string): Promise<string[]> {
  const entries = await readdir(taskDir, { withFileTypes: true }).catch(() => []);
  return entries
    .filter((e) => e.isDirectory() && existsSync(path.join(taskDir, e.name, MODEL_FILE)))
    .map((e) => e.name)
    .sort();
}

/** The version in use: CURRENT if present, else the newest folder. */
export async function currentVersion(modelsDir: string, task: string): Promise<string | undefined> {
  const taskDir = path.join(modelsDir, task);
  const pointer = path.join(taskDir, CURRENT_FILE);
  if (existsSync(pointer)) return (await readFile(pointer, 'utf8')).trim() || undefined;
  const names = await versionNames(taskDir);
  return names[names.length - 1];
}

export async function listVersions(modelsDir: string, task: string): Promise<ModelVersion[]> {
  const taskDir = path.join(modelsDir, task);
  const current = await currentVersion(modelsDir, task);
  const out: ModelVersion[] = [];
  for (const version of await versionNames(taskDir)) {
    const dir = path.join(taskDir, version);
    let meta: Record<string, unknown> = {};
    try {
      meta = JSON.parse(await readFile(path.join(dir, 'metadata.json'), 'utf8')) as Record<string, unknown>;
    } catch {
      /* a version without readable metadata is still listed */
    }
    const perLabel = (meta['perLabel'] ?? {}) as Record<string, { test?: { f1?: number } }>;
    out.push({
      task,
      version,
      dir,
      current: version === current,
      createdAt: typeof meta['createdAt'] === 'string' ? meta['createdAt'] : null,
      labels: Array.isArray(meta['labels']) ? (meta['labels'] as string[]) : [],
      testF1: Object.fromEntries(Object.entries(perLabel).flatMap(([l, v]) => (typeof v?.test?.f1 === 'number' ? [[l, v.test.f1]] : []))),
      withReviews: existsSync(path.join(dir, 'comparison.json')),
    });
  }
  return out;
}

/** Make CURRENT name `version` (atomically); returns the version that was in use before. */
export async function setCurrent(modelsDir: string, task: string, version: string): Promise<string | undefined> {
  const taskDir = path.join(modelsDir, task);
  const names = await versionNames(taskDir);
  if (names.length === 0) throw new UserError(`no model versions for task "${task}" in ${modelsDir}`);
  if (!names.includes(version)) throw new UserError(`task "${task}" has no version "${version}" (versions: ${names.join(', ')})`);
  const before = await currentVersion(modelsDir, task);
  const tmp = path.join(taskDir, `.${CURRENT_FILE}.${process.pid}.tmp`);
  await writeFile(tmp, `${version}\n`);
  await rename(tmp, path.join(taskDir, CURRENT_FILE));
  return before;
}

/** Pin the version in use (write CURRENT if missing), so a new version folder does not take over unpromoted. */
export async function pinCurrent(modelsDir: string, task: string): Promise<string | undefined> {
  const pointer = path.join(modelsDir, task, CURRENT_FILE);
  if (existsSync(pointer)) return currentVersion(modelsDir, task);
  const v = await currentVersion(modelsDir, task);
  if (v) await setCurrent(modelsDir, task, v);
  return v;
}
