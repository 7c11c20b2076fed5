import cronParser from 'cron-parser';
import { z } from 'zod';
import { LABELS } from '../domain/labels.ts';
import { sourceSchema } from '../collect/source.schema.ts';
import { contestSchema } from '../domain/election-calendar.ts';
import { ocrSchema } from './ocr.schema.ts';

const labelThresholds = z
  .object(
    Object.fromEntries(LABELS.map((l) => [l, z.number().min(0).max(1).optional()])) as Record<
      (typeof LABELS)[number],
      z.ZodOptional<z.ZodNumber>
    >,
  )
  .strict();

const ms = (min: number, max: number) => z.number().int().min(min).max(max);

/** A five-field cron expression (minute hour day-of-month month day-of-week), e.g. `0 2 * * *`. */
const cronExpression = z.string().superRefine((v, ctx) => {
  const fields = v.trim().split(/\s+/);
  if (fields.length !== 5) {
    ctx.addIssue({
      code: 'custom',
      message: `must have 5 fields (minute hour day month weekday), got ${fields.length}: ${JSON.stringify(v)}`,
    });
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
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9_.-]*$/, { message: 'must be a lowercase name like "turnbackhoax.id"' })
      .optional(),
    /** First sync only: changes since this day. @default everything */
    since: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date YYYY-MM-DD' })
      .optional(),
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
    /** A campaign-accounts CSV (issue 16) imported (idempotently) at the start of every scan. */
    campaignAccounts: z.string().optional(),
    accounts: z
      .object({
        /** Platform ids, e.g. `[x, instagram]`. */
        platforms: z
          .array(z.string().min(1))
          .min(1, { message: 'list at least one value, or leave the field out to select all' })
          .optional(),
        /** Agency names as in the registry (case-insensitive). */
        agencies: z
          .array(z.string().min(1))
          .min(1, { message: 'list at least one value, or leave the field out to select all' })
          .optional(),
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
        /**
         * When posts missing from a listing are marked deleted (each also needs its own page to
         * say it is gone). A run that would mark more than `maxShare` of an account's stored posts
         * (and at least `minPosts`) marks none and alerts. @default { maxShare: 0.2, minPosts: 3, maxChecks: 10 }
         */
        deletions: z
          .object({
            maxShare: z.number().min(0).max(1).optional(),
            minPosts: ms(1, 100_000).optional(),
            /** Post pages opened per account per run to confirm removals. */
            maxChecks: ms(0, 1000).optional(),
          })
          .strict()
          .optional(),
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
        models: z
          .record(z.string().regex(/^[a-z][a-z0-9_-]*$/, { message: 'must be a task name like "partisan"' }), z.string().min(1))
          .optional(),
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
    /** Read the text in posts' images (OCR) and classify it too: `true`, or `{ model, analyzer }` (ocr.schema.ts). @default false */
    ocr: ocrSchema.optional(),
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
export type ScheduleConfig = z.infer<typeof scheduleSchema>;
export type JobsConfig = z.infer<typeof jobsSchema>;
