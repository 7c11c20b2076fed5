import { z } from 'zod';
import { LABELS } from '../domain/labels.ts';
import { contestSchema } from '../domain/election-calendar.load.ts';

const labelThresholds = z
  .object(Object.fromEntries(LABELS.map((l) => [l, z.number().min(0).max(1).optional()])) as Record<(typeof LABELS)[number], z.ZodOptional<z.ZodNumber>>)
  .strict();

const fileSource = z
  .object({
    kind: z.literal('file'),
    /** Path to a JSONL or CSV export, relative to the pipeline file. */
    path: z.string().min(1),
    format: z.enum(['jsonl', 'csv']).optional(),
    /** Platform for rows that do not name one. */
    platform: z.string().optional(),
    /** File column names for netra's fields, e.g. `{ text: full_text }`. */
    columns: z.record(z.enum(['platform', 'external_id', 'handle', 'url', 'text', 'posted_at', 'kind']), z.string()).optional(),
  })
  .strict();

/** Sources a pipeline can name. Other source kinds (web, API) join this union. */
export const sourceSchema = z.discriminatedUnion('kind', [fileSource]);

/**
 * A pipeline file (`pipelines/*.yaml`): which accounts, which sources, which classifier
 * settings. Relative paths are taken from the pipeline file's folder.
 */
export const pipelineSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, { message: 'must be lowercase letters, digits, "-" or "_"' }),
    description: z.string().optional(),
    /** A registry CSV imported (idempotently) at the start of every scan. */
    registry: z.string().optional(),
    accounts: z
      .object({
        platforms: z.array(z.string()).optional(),
        agencies: z.array(z.string()).optional(),
        regions: z.array(z.string()).optional(),
        tags: z.array(z.string()).optional(),
        handles: z.array(z.string()).optional(),
      })
      .strict()
      .default({}),
    sources: z.array(sourceSchema).min(1, { message: 'name at least one source' }),
    classify: z
      .object({
        thresholds: labelThresholds.optional(),
        batchSize: z.number().int().min(1).max(10_000).optional(),
      })
      .strict()
      .default({}),
    election: z
      .object({
        /** Extra contests (e.g. a Pilkada race) on top of the shipped calendar. */
        calendar: z.array(contestSchema).optional(),
      })
      .strict()
      .default({}),
  })
  .strict();

export type Pipeline = z.infer<typeof pipelineSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
