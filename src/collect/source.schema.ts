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

/**
 * Where a source's requests leave from (src/collect/politeness/egress.ts): each egress keeps its
 * own pace and breaker; every worker sending through it shares them (PostgreSQL).
 */
const egressSchema = z
  .object({
    /** Name in politeness state and reports. @default the proxy's host:port, or `direct` */
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, {
        message: 'must be a short name like "proxy-jkt-1" (letters, digits, "_", "-", ".", ":")',
      })
      .optional(),
    /** An http(s) proxy URL, e.g. `http://user:pass@proxy.internal:3128`. */
    proxy: z
      .string()
      .refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { message: 'must be an http:// or https:// proxy URL' })
      .optional(),
  })
  .strict();

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
    egress: egressSchema.optional(),
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
    egress: egressSchema.optional(),
    /**
     * Posts this X app may read per calendar month (UTC), as the pipeline budgets them: the source
     * stops before exceeding it and the scan report says so. Counted in the database for the app
     * (token), across runs and workers. Unset: no cap of netra's own (X's own cap still applies).
     */
    monthlyReadCap: z.number().int().min(10).max(1_000_000_000).optional(),
    /**
     * Also read whom each account follows (GET /2/users/:id/following, up to 1,000 per request)
     * to find follows of campaign accounts (issue 16). Off by default: it costs requests.
     */
    following: z.boolean().optional(),
    /** Following pages per account per scan at most. @default 5 */
    followingMaxPages: ms(1, 50).optional(),
  })
  .strict();

/**
 * TikTok Research API (approved research projects only); client key and secret from
 * NETRA_TIKTOK_CLIENT_KEY / NETRA_TIKTOK_CLIENT_SECRET.
 */
const tiktokResearchSource = z
  .object({
    kind: z.literal('tiktok-research'),
    /** @default https://open.tiktokapis.com */
    baseUrl: z.string().url().optional(),
    /** Site video URLs are built on. @default https://www.tiktok.com */
    postUrlBase: z.string().url().optional(),
    /** How far back an account's first collection reads. @default 90 */
    maxHistoryDays: z.number().int().min(1).max(3650).optional(),
    lookBackDays: lookBackDays.optional(),
    /** Top comments kept per video (context in the video's raw record; the API does not name their authors). @default 0 */
    commentsPerVideo: ms(0, 1000).optional(),
    /** @default 1000 (TikTok's documented daily limit) */
    dailyRequestCap: ms(1, 1_000_000).optional(),
    /** @default 100000 (TikTok's documented daily limit) */
    dailyRecordCap: ms(1, 100_000_000).optional(),
    /** @default flagged */
    evidence: z.enum(['none', 'flagged']).optional(),
    politeness: politenessSchema.optional(),
    egress: egressSchema.optional(),
  })
  .strict();

/**
 * Meta Content Library API (approved research projects only): public Instagram and Facebook
 * posts; token from NETRA_META_CONTENT_LIBRARY_TOKEN.
 */
const metaContentLibrarySource = z
  .object({
    kind: z.literal('meta-content-library'),
    /** The Content Library API endpoint of the project's approved environment (required: Meta grants it per project). */
    baseUrl: z.string().url(),
    /** How far back an account's first collection reads. @default 180 */
    maxHistoryDays: z.number().int().min(1).max(3650).optional(),
    lookBackDays: lookBackDays.optional(),
    /** @default 500000 (Meta's documented query budget per 7 days) */
    weeklyRecordCap: ms(1, 100_000_000).optional(),
    politeness: politenessSchema.optional(),
    egress: egressSchema.optional(),
  })
  .strict();

/** Sources a pipeline can name: `file` (export), `web` (public pages), `x-api`, `tiktok-research`, `meta-content-library` (official APIs). */
export const sourceSchema = z.discriminatedUnion('kind', [
  fileSource,
  webSource,
  xApiSource,
  tiktokResearchSource,
  metaContentLibrarySource,
]);

export type SourceConfig = z.infer<typeof sourceSchema>;
export type PolitenessConfig = z.infer<typeof politenessSchema>;
