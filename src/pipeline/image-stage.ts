import path from 'node:path';
import { loadYamlFile } from '../config/yaml-file.ts';
import type { EvidenceStore } from '../collect/evidence/evidence-store.ts';
import { DEFAULT_RULES_DIR } from '../classify/rules/lexicon.load.ts';
import { pledgeSchema, type PledgeRules } from '../domain/pledge.ts';
import { IMAGE_ANALYZERS, type ImageAnalyzer } from '../image/image-analyzer.ts';
import { resolveOcrModel } from '../image/ocr-models.ts';
import type { OcrEngine } from '../image/ocr-types.ts';
import { createTesseractEngine } from '../image/tesseract.engine.ts';
import type { Logger } from '../log/logger.ts';
import type { OcrSettings } from './ocr.schema.ts';

/** What a run needs to read posts' images: one OCR worker, an optional vision model, the evidence files. */
export interface ImageStage {
  engine: OcrEngine;
  /** Why this model (the scan report says it). */
  why: string;
  analyzer?: ImageAnalyzer;
  store: EvidenceStore;
  pledge: PledgeRules['labels'];
  close(): Promise<void>;
}

/** Open a run's image stage: the model the settings choose (never downloaded) in one Tesseract worker. */
export async function openImageStage(
  settings: OcrSettings,
  store: EvidenceStore,
  logger: Logger,
  o: { tessdataDirs?: readonly string[]; engine?: OcrEngine; analyzer?: ImageAnalyzer } = {},
): Promise<ImageStage> {
  const pledge = (await loadYamlFile(path.join(DEFAULT_RULES_DIR, 'pledge.yaml'), pledgeSchema)).labels;
  let why = 'given';
  let engine = o.engine;
  if (!engine) {
    const chosen = await resolveOcrModel(settings.model, { tessdataDirs: o.tessdataDirs });
    why = chosen.why;
    engine = await createTesseractEngine(chosen.model);
  }
  let analyzer = o.analyzer;
  try {
    if (!analyzer && settings.analyzer) analyzer = await IMAGE_ANALYZERS[settings.analyzer]!();
  } catch (e) {
    await engine.close();
    throw e;
  }
  logger.info(
    { ocr: engine.info, why, analyzer: analyzer?.name },
    `OCR: ${engine.info.engine} ${engine.info.engineVersion}, model ${engine.info.model} (${why})`,
  );
  const owned = engine;
  return {
    engine,
    why,
    ...(analyzer ? { analyzer } : {}),
    store,
    pledge,
    async close() {
      if (!o.engine) await owned.close();
      if (!o.analyzer) await analyzer?.close?.();
    },
  };
}
