import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { UserError } from '../domain/errors.ts';

export const METADATA_FILE = 'metadata.json';

/** Metrics at the threshold (src/eval/metrics.ts: precision null when nothing was flagged, recall and F1 null without positives). */
const binary = z.object({
  threshold: z.number(),
  tp: z.number(),
  fp: z.number(),
  fn: z.number(),
  tn: z.number(),
  precision: z.number().nullable(),
  recall: z.number().nullable(),
  f1: z.number().nullable(),
});

/**
 * How the model's probability and the rule layer's score for one label become one score:
 * `sigmoid(a · logit(model) + b · rules + c)`, fitted on held-out rows (logistic regression with
 * three parameters). `a = 1, b = 0, c = 0` is the model alone.
 */
export const fusionSchema = z.object({ a: z.number(), b: z.number(), c: z.number() }).strict();
export type Fusion = z.infer<typeof fusionSchema>;

export const labelMetaSchema = z
  .object({
    /** Threshold on the fused score. */
    threshold: z.number().min(0).max(1),
    /** How it was chosen, in words, and on which rows. */
    chosenBy: z.string(),
    fusion: fusionSchema,
    /** Metrics on the rows the threshold was chosen on. */
    calibration: binary,
    /** Metrics on rows used for neither training nor threshold choice. */
    test: binary.optional(),
    /** Macro-F1 (positive and negative class) on the test rows, for partisan. */
    testMacroF1: z.number().optional(),
    /** Flags per 1,000 ordinary dev posts at the threshold, where the threshold was capped on them. */
    ordinaryDevPerThousand: z.number().optional(),
  })
  .strict();

export const metadataSchema = z
  .object({
    task: z.string(),
    version: z.string(),
    createdAt: z.string(),
    labels: z.array(z.string()),
    perLabel: z.record(z.string(), labelMetaSchema),
    nlpVersion: z.string(),
    lexiconVersion: z.string(),
    backend: z.string(),
    seed: z.number(),
    training: z
      .object({
        options: z.record(z.string(), z.unknown()),
        dataFiles: z.array(
          z
            .object({
              path: z.string(),
              sha256: z.string(),
              rows: z.number(),
              /** The file's licence as its SOURCE.md states it, read at training or evaluation time. */
              licence: z.string().optional(),
            })
            .strict(),
        ),
        rows: z.object({ train: z.number(), calibration: z.number(), test: z.number() }).strict(),
        notes: z.array(z.string()),
      })
      .strict(),
    metrics: z.object({ command: z.string(), results: z.record(z.string(), z.unknown()) }).strict(),
    sizeBytes: z.number(),
  })
  .strict();

export type ModelMetadata = z.infer<typeof metadataSchema>;
export type LabelMeta = z.infer<typeof labelMetaSchema>;

export async function writeMetadata(dir: string, m: ModelMetadata): Promise<void> {
  await writeFile(path.join(dir, METADATA_FILE), `${JSON.stringify(metadataSchema.parse(m), null, 2)}\n`);
}

export async function readMetadata(dir: string): Promise<ModelMetadata> {
  const file = path.join(dir, METADATA_FILE);
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new UserError(`cannot read ${file}: ${code === 'ENOENT' ? 'no such file' : (e as Error).message}`);
  }
  const r = metadataSchema.safeParse(raw);
  if (!r.success) {
    const issue = r.error.issues[0]!;
    throw new UserError(`${file}: field "${issue.path.join('.')}": ${issue.message}`);
  }
  return r.data;
}
