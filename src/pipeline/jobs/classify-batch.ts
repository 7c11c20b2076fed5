import type { Kysely } from 'kysely';
import type { Database } from '../../db/schema.ts';
import type { Classifier } from '../../domain/classification.ts';
import { phaseAt, type ContestCalendar } from '../../domain/election-phase.ts';
import { flagPriority } from '../../domain/priority.ts';
import { storeClassifications, type PendingPost } from '../../repositories/classifications.repository.ts';
import { raiseFlags, type RaiseFlagInput } from '../../repositories/flags.repository.ts';
import type { ClassifyStats } from './job-results.ts';
import { recordEngagements } from './engagement-step.ts';
import type { ImageStage } from '../image-stage.ts';
import { classifyWithImages, readPostImages } from './image-texts.step.ts';

export interface ClassifyBatchInput {
  db: Kysely<Database>;
  classifier: Classifier;
  calendar: readonly ContestCalendar[];
  actor: string;
  /** Post versions to classify (from `pendingClassification`). */
  batch: readonly PendingPost[];
  /** Runs inside the batch's transaction with its statistics (a job records itself done here). */
  commit?: (trx: Kysely<Database>, stats: ClassifyStats) => Promise<void>;
  /** With a pipeline's `ocr: true`: the batch's images are read and their text classified too. */
  images?: ImageStage;
}

/**
 * Classify one batch and raise its flags in one transaction: classifications, flags and their
 * audit entries commit together. Re-running a committed batch adds nothing (unique keys).
 */
export async function classifyBatch({
  db,
  classifier,
  calendar,
  actor,
  batch,
  commit,
  images,
}: ClassifyBatchInput): Promise<ClassifyStats> {
  const stats: ClassifyStats = { classified: 0, flagged: 0, flagsCreated: 0, flagsUpdated: 0, flagIds: [] };
  let results = batch.length > 0 ? await classifier.classify(batch.map((p) => p.text)) : [];
  if (images && batch.length > 0) {
    // OCR rows are stored outside the batch's transaction: reading an image again is what a retry would cost, not a duplicate.
    const read = await readPostImages(
      db,
      images,
      batch.map((p) => p.postId),
    );
    const combined = await classifyWithImages(db, classifier, images, batch, results);
    results = combined.results;
    stats.images = { ...read, flagsFromImages: combined.fromImages };
  }
  const discoveredAt = new Date();
  await db.transaction().execute(async (trx) => {
    const ids = await storeClassifications(
      trx,
      batch.map((p, i) => ({ postId: p.postId, version: p.version, result: results[i]! })),
    );
    const raise: RaiseFlagInput[] = [];
    for (let i = 0; i < batch.length; i++) {
      const p = batch[i]!;
      const r = results[i]!;
      if (r.flags.length === 0) continue;
      stats.flagged++;
      const phase = phaseAt(p.postedAt ?? discoveredAt, calendar);
      raise.push({
        postId: p.postId,
        classificationId: ids.get(p.postId)!,
        labels: r.flags,
        maxScore: Math.max(...r.flags.map((l) => r.scores[l])),
        priority: flagPriority({ scores: r.scores, flags: r.flags, phase: phase?.phase ?? null }),
        phase: phase?.phase ?? null,
        discoveredAt,
      });
    }
    // All the batch's flags in a few statements (not two round trips per flag).
    for (const { flagId, outcome } of await raiseFlags(trx, raise, actor)) {
      if (outcome === 'created') stats.flagsCreated++;
      if (outcome === 'updated') stats.flagsUpdated++;
      stats.flagIds.push(flagId);
    }
    // Reposts, quotes, replies and supportive mentions of campaign accounts: one flag per person.
    const eng = await recordEngagements(
      trx,
      batch.map((p, i) => ({ postId: p.postId, version: p.version, result: results[i]! })),
      calendar,
      actor,
    );
    if (Object.keys(eng.found).length > 0 || eng.flagIds.length > 0)
      stats.engagements = { found: eng.found, flagsCreated: eng.flagsCreated, flagsUpdated: eng.flagsUpdated };
    stats.flagIds.push(...eng.flagIds);
    stats.classified = batch.length;
    await commit?.(trx, stats);
  });
  return stats;
}
