import type { SourceConfig } from '../pipeline/pipeline.schema.ts';
import type { Source } from './source.ts';
import { openFileSource } from './sources/file/file.source.ts';

export interface SourceFactoryContext {
  /** Resolve a path written in the pipeline file. */
  resolve(p: string): string;
}

/** Open the source a pipeline names. */
export async function openSource(cfg: SourceConfig, ctx: SourceFactoryContext): Promise<Source> {
  switch (cfg.kind) {
    case 'file':
      return openFileSource({
        path: ctx.resolve(cfg.path),
        ...(cfg.format ? { format: cfg.format } : {}),
        ...(cfg.columns ? { columns: cfg.columns } : {}),
        ...(cfg.platform ? { platform: cfg.platform } : {}),
      });
  }
}
