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
    /** Capture evidence of flagged posts from their URLs (through the platform's web adapter). @default none */
    evidence: z.enum(['none', 'flagged']).optional(),
  })
  .strict();

const ms = (min: number, max: number) => z.number().int().min(min).max(max);

/** Per-source politeness (src/collect/politeness/politeness.settings.ts has the defaults). */
const politenessSchema = z
  .object({
    concurrency: ms(1, 16),
    perHostConcurrency: ms(1, 16),
    intervalMs: ms(1, 86_400_000),
    intervalCap: ms(1, 100_000),
    minDelayMs: ms(0, 600_000),
    maxDelayMs: ms(0, 600_000),
    maxRetries: ms(0, 10),
    backoffBaseMs: ms(1, 600_000),
    backoffMaxMs: ms(1, 3_600_000),
    maxRetryAfterMs: ms(0, 86_400_000),
    timeoutMs: ms(100, 600_000),
    breakerThreshold: ms(1, 1000),
    breakerCooldownMs: ms(0, 86_400_000),
  })
  .partial()
  .strict();

const lookBackDays = z.number().min(0).max(365);

/** A platform's public pages through Chromium: `src/collect/sources/<platform>/`. */
const webSource = z
  .object({
    kind: z.literal('web'),
    /** x, instagram, facebook, tiktok (a folder under src/collect/sources/). */
    platform: z.string().regex(/^[a-z][a-z0-9_-]{0,31}$/, { message: 'must be a platform id like "x" or "instagram"' }),
    /** Another site than the platform's (a replica for tests); default: the account's profile URL. */
    baseUrl: z.string().url().optional(),
    /** `all`: screenshot and archive every new or edited post while listing; `flagged`: only flagged posts, after classification. @default flagged */
    evidence: z.enum(['none', 'flagged', 'all']).optional(),
    /** Re-read this many days behind the newest stored post to catch edits and deletions. @default 3 */
    lookBackDays: lookBackDays.optional(),
    /** Posts read per account per scan at most. @default 200 */
    maxPosts: ms(1, 10_000).optional(),
    /** Scrolls or "load more" clicks per account per scan at most. @default 40 */
    maxLoads: ms(0, 1000).optional(),
    /** Network idle time that counts as "page loaded". @default 400 */
    quietMs: ms(50, 10_000).optional(),
    userAgent: z.string().min(1).optional(),
    politeness: politenessSchema.optional(),
  })
  .strict();

/** X API v2 (user timeline); bearer token from NETRA_X_API_BEARER_TOKEN. */
const xApiSource = z
  .object({
    kind: z.literal('x-api'),
    /** @default https://api.x.com */
    baseUrl: z.string().url().optional(),
    /** Site post URLs are built on. @default https://x.com */
    postUrlBase: z.string().url().optional(),
    /** Posts per request, 5..100. @default 100 */
    maxResults: ms(5, 100).optional(),
    /** Requests per account per scan at most. @default 32 */
    maxPages: ms(1, 32).optional(),
    lookBackDays: lookBackDays.optional(),
    /** @default flagged */
    evidence: z.enum(['none', 'flagged']).optional(),
    politeness: politenessSchema.optional(),
  })
  .strict();

/** Sources a pipeline can name: `file` (export), `web` (public pages), `x-api` (official API). */
export const sourceSchema = z.discriminatedUnion('kind', [fileSource, webSource, xApiSource]);

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
    collect: z
      .object({
        /** Accounts collected at once (each source's politeness still applies). @default 1 */
        concurrency: ms(1, 16).optional(),
      })
      .strict()
      .default({}),
    classify: z
      .object({
        thresholds: labelThresholds.optional(),
        batchSize: z.number().int().min(1).max(10_000).optional(),
        /**
         * Regional races (Pilkada) this pipeline watches on top of the shipped lexicon: contest YAML
         * files or folders of them (shape: data/lexicons/contests/README.md), relative to this file.
         * Their candidates become partisan targets and their dates give flags their phase.
         */
        contests: z.array(z.string().min(1)).optional(),
        /**
         * Debunked-claim files (JSONL, TurnBackHoax or Mafindo CSV; README "Hoax claims") imported
         * into the claims database at the start of every scan, idempotently. Hoax claim matching
         * uses every claim in the database, imported here or with `netra claims import`.
         */
        claims: z.array(z.string().min(1)).optional(),
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
export type PolitenessConfig = z.infer<typeof politenessSchema>;
