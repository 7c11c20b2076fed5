import path from 'node:path';
import { loadYamlFile } from '../config/yaml-file.ts';
import { pipelineSchema, type Pipeline } from './pipeline.schema.ts';

export interface LoadedPipeline {
  pipeline: Pipeline;
  /** The file it came from. */
  file: string;
  /** Resolve a path written in the pipeline (relative to its folder). */
  resolve(p: string): string;
}

export async function loadPipeline(file: string): Promise<LoadedPipeline> {
  const pipeline = await loadYamlFile(file, pipelineSchema);
  const dir = path.dirname(path.resolve(file));
  return { pipeline, file, resolve: (p) => (path.isAbsolute(p) ? p : path.resolve(dir, p)) };
}
