import { readFile } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import type { Classification, Classifier } from '../../domain/classification.ts';
import type { PostImageText } from '../../domain/image-text.ts';
import { LABELS, type LabelScores } from '../../domain/labels.ts';
import { combineImageReadings, imageSourceOf, type ImageReading } from '../../classify/image/image-classification.ts';
import { candidateInPhoto, partyOrNumberInImage } from '../../classify/image/photo-signals.ts';
import { visionSignals } from '../../classify/image/vision-signals.ts';
import type { Db } from '../../db/handle.ts';
import type { PendingPost } from '../../repositories/classifications.repository.ts';
import { imagesToRead, imageTextsOf, storeImageTexts, type ImageTextInput } from '../../repositories/image-texts.repository.ts';
import type { ImageStage } from '../image-stage.ts';

/** What reading a batch's images did, for the scan report. */
export interface ImageBatchStats {
  /** Images OCR read in this batch (first time for this engine and model). */
  read: number;
  /** Images that could not be read (the row keeps the reason). */
  failed: number;
  /** Milliseconds spent in OCR. */
  ms: number;
  /** Flagged posts whose flag rests (also) on their images' text or a photo signal. */
  flagsFromImages: number;
  /** The OCR that read them: engine, version, model. */
  ocr: string;
  /** Why that model (auto: Debian's Indonesian one installed or not). */
  why: string;
}

/**
 * Read (OCR) every image of these posts' current versions that this engine and model have not
 * read before, and store the text with its word boxes, confidence, engine, model and version.
 * A file that cannot be read is stored with its error and an empty text (it is not tried again
 * with the same engine); the run goes on.
 */
export async function readPostImages(
  db: Db,
  stage: ImageStage,
  postIds: readonly number[],
): Promise<Omit<ImageBatchStats, 'flagsFromImages'>> {
  const info = stage.engine.info;
  const todo = await imagesToRead(db, postIds, info.key);
  const rows: ImageTextInput[] = [];
  let ms = 0;
  let failed = 0;
  for (const img of todo) {
    const t0 = performance.now();
    const base = { postId: img.postId, postVersion: img.postVersion, evidenceId: img.evidenceId, sha256: img.sha256, engine: info };
    try {
      const r = await stage.engine.recognize(await readFile(stage.store.resolve(img.storagePath)));
      const took = Math.round(performance.now() - t0);
      ms += took;
      rows.push({ ...base, text: r.text, confidence: r.confidence, words: r.words, passes: r.passes, error: null, ms: took });
    } catch (e) {
      failed++;
      rows.push({
        ...base,
        text: '',
        confidence: 0,
        words: [],
        passes: [],
        error: (e instanceof Error ? e.message : String(e)).slice(0, 500),
        ms: 0,
      });
    }
  }
  await storeImageTexts(db, rows);
  return { read: rows.length - failed, failed, ms, ocr: `${info.engine} ${info.engineVersion} ${info.model}`, why: stage.why };
}

const nothing = (own: Classification): Classification => ({
  scores: Object.fromEntries(LABELS.map((l) => [l, 0])) as LabelScores,
  flags: [],
  evidence: [],
  findings: [],
  versions: own.versions,
});

/**
 * The batch's classifications with their images: each image's text through the same
 * classifier (one call for the batch), the photo heuristics on captions and image texts, an
 * image analyzer's findings when one is configured; combined per post (combineImageReadings).
 * Posts without images keep their own classification unchanged.
 */
export async function classifyWithImages(
  db: Db,
  classifier: Classifier,
  stage: ImageStage,
  batch: readonly PendingPost[],
  own: readonly Classification[],
): Promise<{ results: Classification[]; fromImages: number }> {
  const texts = await imageTextsOf(
    db,
    batch.map((p) => ({ postId: p.postId, version: p.version })),
    stage.engine.info.key,
  );
  const readable = [...texts.values()].flat().filter((t) => t.text.trim() !== '');
  const classified = new Map<number, Classification>();
  const out = readable.length > 0 ? await classifier.classify(readable.map((t) => t.text)) : [];
  readable.forEach((t, i) => classified.set(t.id, out[i]!));
  const marks = (text: string) => classifier.electoralMarks?.(text) ?? [];
  let fromImages = 0;
  const results: Classification[] = [];
  for (let i = 0; i < batch.length; i++) {
    const p = batch[i]!;
    const ownResult = own[i]!;
    const images: PostImageText[] = texts.get(p.postId) ?? [];
    if (images.length === 0) {
      results.push(ownResult);
      continue;
    }
    const readings: ImageReading[] = [];
    for (const image of images) {
      const m = image.text.trim() === '' ? [] : marks(image.text);
      const signals = [...candidateInPhoto(image.text, m), ...partyOrNumberInImage(image.text, m)];
      if (stage.analyzer) {
        const found = await stage.analyzer.analyze(await readFile(stage.store.resolve(image.storagePath)));
        signals.push(...visionSignals(found, imageSourceOf(image, 0, 0), `${stage.analyzer.name} ${stage.analyzer.version}`));
      }
      readings.push({ image, result: classified.get(image.id) ?? nothing(ownResult), signals });
    }
    const combined = combineImageReadings(
      { own: ownResult, captionSignals: candidateInPhoto(p.text, marks(p.text)), images: readings },
      classifier.thresholds,
      stage.pledge,
    );
    const addsFlag = combined.flags.some((l) => !ownResult.flags.includes(l));
    const imageEvidence = combined.evidence.some((e) => combined.flags.includes(e.label) && (e.image || e.rule?.startsWith('photo:')));
    if (combined.flags.length > 0 && (addsFlag || imageEvidence)) fromImages++;
    results.push(combined);
  }
  return { results, fromImages };
}
