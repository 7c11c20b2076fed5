import { z } from 'zod';

/**
 * The `sources:` entries of a pipeline file: what each kind of source is configured with.
 * `src/collect/source-factory.ts` opens them.
 */

const ms = (min: number, max: number) => z.number().int().min(min).max(max);

const fileSource = z
  .object({
    kind: z.literal('file'),
    /** Path to a JSONL or CSV export, relative to the pipeline file. */
    path: z.string().min(1),
    format: z.enum(['jsonl', 'csv']).optional(),
    /** Platform for rows that do not name one. */
    platform: z.string().optional(),
    /** File column names for netra's fields, e.g. `{ text: full_text }`. */
    columns: z.partialRecord(z.enum(['platform', 'external_id', 'handle', 'url', 'text', 'posted_at', 'kind']), z.string()).optional(),
    /** Capture evidence of flagged posts from their URLs (through the platform's web adapter). @default none */
    evidence: z.enum(['none', 'flagged']).optional(),
  })
  .strict();

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

export type SourceConfig = z.infer<typeof sourceSchema>;
export type PolitenessConfig = z.infer<typeof politenessSchema>;
