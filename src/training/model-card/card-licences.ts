import { existsSync } from 'node:fs';
import { readMetadata, writeMetadata } from '../../model/metadata.ts';
import { currentVersionDir, TASKS } from '../../model/model-store.ts';
import { withLicences } from '../training-licences.ts';

/** A model in use with every file it was trained on and that file's licence. */
export interface ModelTrainingData {
  task: string;
  version: string;
  files: { path: string; rows: number; licence: string }[];
}

/**
 * The training files and licences of each model in use, as stored with the model (metadata
 * `training.dataFiles[].licence`, written by `netra train`). A version trained before netra
 * recorded licences gets them now, read from the SOURCE.md files of `datasets` (and the rows of
 * data/labelled), and stored in its metadata; without `datasets` they stay "not recorded".
 */
export async function modelTrainingData(modelsDir: string, datasets: string, labelledDir: string): Promise<ModelTrainingData[]> {
  const out: ModelTrainingData[] = [];
  for (const task of TASKS) {
    const dir = currentVersionDir(modelsDir, task);
    if (!dir) continue;
    const meta = await readMetadata(dir);
    if (meta.training.dataFiles.some((f) => !f.licence) && existsSync(datasets)) {
      meta.training.dataFiles = await withLicences(meta.training.dataFiles, { dataDir: datasets, labelledDir });
      await writeMetadata(dir, meta);
    }
    out.push({
      task,
      version: meta.version,
      files: meta.training.dataFiles.map((f) => ({ path: f.path, rows: f.rows, licence: f.licence ?? 'not recorded' })),
    });
  }
  return out;
}
