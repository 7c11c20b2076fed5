import type { Classifier } from '../domain/classification.ts';
import { UserError } from '../domain/errors.ts';
import type { LoadedPipeline } from './pipeline.load.ts';

/**
 * A pipeline that pins model versions (`classify.models`) refuses to scan with a classifier that
 * reports other versions: a deployment never flags with a model it did not expect.
 */
export function checkPinnedModels(loaded: LoadedPipeline, classifier: Classifier): void {
  const wanted = loaded.pipeline.classify.models;
  if (!wanted) return;
  const have = classifier.versions.models;
  const wrong = Object.entries(wanted).filter(([task, version]) => have[task] !== version);
  if (wrong.length > 0)
    throw new UserError(
      `${loaded.file}: field "classify.models": ${wrong.map(([t, v]) => `${t} ${v} wanted, ${have[t] ? `${have[t]} loaded` : 'no such model loaded'}`).join('; ')} (loaded: ${JSON.stringify(have)})`,
    );
}

/** Where the pipeline's evidence goes: its `evidence.dir`, else the configured evidence folder. */
export function evidenceDirOf(loaded: LoadedPipeline, configured: string): string {
  return loaded.pipeline.evidence ? loaded.resolve(loaded.pipeline.evidence.dir) : configured;
}
