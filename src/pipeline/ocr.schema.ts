import { z } from 'zod';
import { IMAGE_ANALYZERS } from '../image/image-analyzer.ts';
import { OCR_MODEL_CHOICES } from '../image/ocr-models.ts';

/**
 * A pipeline's `ocr` setting: `true` reads the text in posts' images (the images a source kept as
 * evidence) with the chosen model, and the classifier and photo heuristics read that text too.
 * `{ model: auto|eng|ind, analyzer: NAME }` chooses the model (auto: Debian's Indonesian one when
 * installed, else npm's English one) and a vision model (none ships; src/image/image-analyzer.ts).
 */
export const ocrSchema = z.preprocess(
  (v) => (typeof v === 'boolean' ? { enabled: v } : v),
  z
    .object(
      {
        enabled: z.boolean({ message: 'must be true or false' }).default(true),
        model: z.enum(OCR_MODEL_CHOICES, { message: `must be one of ${OCR_MODEL_CHOICES.join(', ')}` }).default('auto'),
        analyzer: z
          .string({ message: 'must be the name of an image analyzer' })
          .superRefine((a, ctx) => {
            if (a in IMAGE_ANALYZERS) return;
            const known = Object.keys(IMAGE_ANALYZERS);
            ctx.addIssue({
              code: 'custom',
              message: `no image analyzer "${a}": ${known.length === 0 ? 'netra ships none (README "Text in images")' : `known: ${known.join(', ')}`}`,
            });
          })
          .optional(),
      },
      { message: 'must be true, false, or { model: auto|eng|ind, analyzer: NAME }' },
    )
    .strict(),
);

export type OcrSettings = z.infer<typeof ocrSchema>;
