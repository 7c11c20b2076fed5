import cronParser from 'cron-parser';
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
    columns: z.partialRecord(z.enum(['platform', 'external_id', 'handle', 'url', 'text', 'posted_at', 'kind']), z.string()).optional(),
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

/**
 * Where a source's requests leave from (src/collect/politeness/egress.ts): each egress keeps its
 * own pace and breaker; every worker sending through it shares them (PostgreSQL).
 */
const egressSchema = z
  .object({
    /** Name in politeness state and reports. @default the proxy's host:port, or `direct` */
    name: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$/, { message: 'must be a short name like "proxy-jkt-1" (letters, digits, "_", "-", ".", ":")' }).optional(),
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

/** A five-field cron expression (minute hour day-of-month month day-of-week), e.g. `0 2 * * *`. */
const cronExpression = z.string().superRefine((v, ctx) => {
  const fields = v.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({ code: 'custom', message: `must have 5 fields (minute hour day month weekday), got ${fields.length}: ${JSON.stringify(v)}` });
    return;
  }
  try {
    cronParser.parseExpression(v);
  } catch (e) {
    ctx.addIssue({ code: 'custom', message: `not a valid cron expression ${JSON.stringify(v)}: ${(e as Error).message}` });
  }
});

/** An IANA time zone, e.g. `Asia/Jakarta` (WIB), `Asia/Makassar` (WITA), `Asia/Jayapura` (WIT). */
const timeZone = z.string().refine(
  (v) => {
    try {
      new Intl.DateTimeFormat('en', { timeZone: v });
      return true;
    } catch {
      return false;
    }
  },
  { message: 'must be an IANA time zone such as "Asia/Jakarta"' },
);

/**
 * A debunked-claims feed synced at the start of every scan of the pipeline, before its
 * classifier is built (src/claims/feeds/): new debunks are matched in the same scan.
 */
const claimFeedSchema = z
  .object({
    /** `wordpress`: a WordPress REST API (TurnBackHoax); `rss`: an RSS 2.0 feed. */
    kind: z.enum(['wordpress', 'rss']),
    /** The site (`https://turnbackhoax.id`) or the feed URL. */
    url: z.string().refine((u) => URL.canParse(u) && /^https?:$/.test(new URL(u).protocol), { message: 'must be an http(s) URL' }),
    /** Names the feed's cursor and its claims' source. @default the host, e.g. `turnbackhoax.id` */
    name: z.string().regex(/^[a-z0-9][a-z0-9_.-]*$/, { message: 'must be a lowercase name like "turnbackhoax.id"' }).optional(),
    /** First sync only: changes since this day. @default everything */
    since: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' }).optional(),
    /** Requests per sync at most (100 posts each). @default 50 */
    maxPages: ms(1, 10_000).optional(),
  })
  .strict();

/** When a scheduler starts the pipeline on its own. */
export const scheduleSchema = z
  .object({
    /** Cron expression in `timeZone`. */
    cron: cronExpression,
    /** @default Asia/Jakarta */
    timeZone: timeZone.default('Asia/Jakarta'),
    /** A tick missed while no scheduler was running is still started up to this many minutes late; later ones are skipped. @default 60 */
    catchUpMinutes: ms(0, 1440).default(60),
  })
  .strict();

/** How a scan's jobs are retried and timed out (worker mode and embedded mode alike). */
export const jobsSchema = z
  .object({
    /** Retries after a job's first failure; then it is kept as dead with its error. @default 3 */
    retryLimit: ms(0, 20).default(3),
    /** Wait before the first retry. @default 30 */
    retryDelaySeconds: ms(1, 3600).default(30),
    /** Double the wait on every retry. @default true */
    retryBackoff: z.boolean().default(true),
    /** A job still running after this long (its worker died or hangs) is failed and retried by another worker. @default 900 */
    timeoutSeconds: ms(1, 86_400).default(900),
  })
  .strict();

/** Sources a pipeline can name: `file` (export), `web` (public pages), `x-api`, `tiktok-research`, `meta-content-library` (official APIs). */
export const sourceSchema = z.discriminatedUnion('kind', [fileSource, webSource, xApiSource, tiktokResearchSource, metaContentLibrarySource]);

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
        /** Platform ids, e.g. `[x, instagram]`. */
        platforms: z.array(z.string().min(1)).min(1, { message: 'list at least one value, or leave the field out to select all' }).optional(),
        /** Agency names as in the registry (case-insensitive). */
        agencies: z.array(z.string().min(1)).min(1, { message: 'list at least one value, or leave the field out to select all' }).optional(),
        /** Regions or provinces as in the registry (case-insensitive). */
        regions: z.array(z.string().min(1)).min(1, { message: 'list at least one value, or leave the field out to select all' }).optional(),
        /** Account tags from the registry's `tags` column. */
        tags: z.array(z.string().min(1)).min(1, { message: 'list at least one value, or leave the field out to select all' }).optional(),
        /** An explicit list of handles (without `@`). */
        handles: z.array(z.string().min(1)).min(1, { message: 'list at least one value, or leave the field out to select all' }).optional(),
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
        /** Posts per classification job. @default 500 */
        batchSize: z.number().int().min(1).max(10_000).optional(),
        /**
         * Model versions this pipeline requires, by task (`models/<task>/<version>/`), e.g.
         * `{ partisan: "2024.1" }`. A scan refuses to start when the loaded classifier does not
         * report exactly these versions, so a deployment never scans with a model it did not expect.
         */
        models: z.record(z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'must be a task name like "partisan"' }), z.string().min(1)).optional(),
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
        /**
         * When only the debunked claims changed since posts were classified (a feed sync, an
         * import), posts from the last this-many days (by post time) are classified again; older
         * ones keep their classification. Other changes (models, lexicons) re-classify everything. @default 30
         */
        reclassifyDays: z.number().int().min(0).max(36_500).optional(),
      })
      .strict()
      .default({}),
    election: z
      .object({
        /**
         * Extra contests (e.g. a Pilkada race) on top of the shipped calendar: campaign, quiet
         * period and voting day, so that flags carry the election phase.
         */
        calendar: z.array(contestSchema).optional(),
      })
      .strict()
      .default({}),
    /** Where evidence files go; overrides NETRA_EVIDENCE_DIR. Relative to this file. */
    evidence: z
      .object({
        dir: z.string().min(1),
      })
      .strict()
      .optional(),
    /** Debunked-claims feeds synced (incrementally, politely) at the start of each scan. */
    claimFeeds: z.array(claimFeedSchema).optional(),
    /** When a scheduler starts this pipeline; without it the pipeline only runs when started by hand. */
    schedule: scheduleSchema.optional(),
    jobs: jobsSchema.default({ retryLimit: 3, retryDelaySeconds: 30, retryBackoff: true, timeoutSeconds: 900 }),
    /** When a scan report calls a source out. */
    alerts: z
      .object({
        /** A source yielding fewer than this fraction of its posts in the pipeline's previous scan is called out. @default 0.2 */
        dropRatio: z.number().min(0).max(1).default(0.2),
        /** ... when that previous scan had at least this many posts from it. @default 20 */
        minPreviousPosts: ms(1, 10_000_000).default(20),
      })
      .strict()
      .default({ dropRatio: 0.2, minPreviousPosts: 20 }),
  })
  .strict();

export type Pipeline = z.infer<typeof pipelineSchema>;
export type SourceConfig = z.infer<typeof sourceSchema>;
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type JobsConfig = z.infer<typeof jobsSchema>;
export type PolitenessConfig = z.infer<typeof politenessSchema>;
