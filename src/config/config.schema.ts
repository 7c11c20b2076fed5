import { z } from 'zod';
import cronParser from 'cron-parser';
import path from 'node:path';
import { DEFAULT_LEXICON_DIR, PACKAGE_ROOT } from './paths.ts';
import { parseTrustProxy, type TrustProxy } from './trust-proxy.ts';

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const postgresUrl = z
  .string()
  .refine((v) => /^postgres(ql)?:\/\/[^\s]+$/.test(v), { message: 'must be a postgres:// or postgresql:// URL' });

const nonEmpty = z.string().min(1, { message: 'must not be empty' });

/** Days data of a kind is kept, or `keep` (no limit: until erased). */
const retentionDays = z.union([
  z.literal('keep').transform(() => null),
  z.null(),
  z.coerce
    .number({ message: 'must be a whole number of days (1 to 36500) or keep' })
    .int({ message: 'must be a whole number of days (1 to 36500) or keep' })
    .min(1, { message: 'must be a whole number of days (1 to 36500) or keep' })
    .max(36_500, { message: 'must be a whole number of days (1 to 36500) or keep' }),
]);

const retentionField = <K extends string>(key: K, env: `NETRA_${string}`, days: number, what: string) =>
  field({
    key,
    env,
    defaultText: `\`${days}\``,
    description: `Days ${what} is kept before \`netra retention apply\` (and the scheduler's daily run) removes it; \`keep\` keeps it until erased. See docs/retention-policy.md.`,
    schema: retentionDays,
    default: () => days,
  });

/**
 * One row of the configuration table: the single place a setting is declared.
 * The README's configuration table is generated from these rows (`netra config --docs`).
 */
export interface ConfigField<K extends string = string> {
  key: K;
  /** Environment variable read for this field. */
  env: `NETRA_${string}`;
  /** Global command-line flag, if any (flags win over the environment). */
  flag?: string;
  /** Default shown in the docs. */
  defaultText: string;
  description: string;
  schema: z.ZodType;
  /** Default, possibly derived from fields declared before it. */
  default: (partial: Record<string, unknown>) => unknown;
}

const field = <K extends string>(f: ConfigField<K>): ConfigField<K> => f;

/** Every setting netra reads. Order matters: a default may derive from an earlier field. */
export const CONFIG_FIELDS = [
  field({
    key: 'databaseUrl',
    env: 'NETRA_DATABASE_URL',
    flag: '--database-url <url>',
    defaultText: '(unset: embedded PGlite)',
    description: 'PostgreSQL connection URL. Unset means the embedded PGlite database in `dbPath`.',
    schema: postgresUrl.optional(),
    default: () => undefined,
  }),
  field({
    key: 'databaseSchema',
    env: 'NETRA_DATABASE_SCHEMA',
    defaultText: '(unset: `public`)',
    description:
      "PostgreSQL schema for netra's tables (created if missing). The job queue of workers lives in `<schema>_jobs` (`netra_jobs` when unset).",
    schema: z
      .string()
      .regex(/^[a-z_][a-z0-9_]*$/, { message: 'must be a lowercase SQL name (letters, digits, _)' })
      .optional(),
    default: () => undefined,
  }),
  field({
    key: 'dataDir',
    env: 'NETRA_DATA_DIR',
    flag: '--data-dir <dir>',
    defaultText: '`.netra`',
    description: 'Folder for local state (embedded database, evidence, caches), relative to the working directory.',
    schema: nonEmpty,
    default: () => '.netra',
  }),
  field({
    key: 'dbPath',
    env: 'NETRA_DB_PATH',
    defaultText: '`<dataDir>/db`',
    description: 'Embedded PGlite data directory (used when `databaseUrl` is unset). `memory://` keeps it in memory.',
    schema: nonEmpty,
    default: (c) => path.join(String(c['dataDir']), 'db'),
  }),
  field({
    key: 'evidenceDir',
    env: 'NETRA_EVIDENCE_DIR',
    defaultText: '`<dataDir>/evidence`',
    description: 'Content-addressed evidence store (screenshots, archived pages).',
    schema: nonEmpty,
    default: (c) => path.join(String(c['dataDir']), 'evidence'),
  }),
  field({
    key: 'logLevel',
    env: 'NETRA_LOG_LEVEL',
    flag: '--log-level <level>',
    defaultText: '`info`',
    description: `Log level: ${LOG_LEVELS.join(', ')}.`,
    schema: z.enum(LOG_LEVELS),
    default: () => 'info',
  }),
  field({
    key: 'logFormat',
    env: 'NETRA_LOG_FORMAT',
    flag: '--log-format <format>',
    defaultText: '`auto`',
    description: 'Log format on stderr: `pretty`, `json`, or `auto` (pretty on a terminal, JSON otherwise).',
    schema: z.enum(['auto', 'pretty', 'json']),
    default: () => 'auto',
  }),
  field({
    key: 'lexiconDir',
    env: 'NETRA_LEXICON_DIR',
    defaultText: '`data/lexicons` (shipped)',
    description: 'Lexicons the rule layer loads.',
    schema: nonEmpty,
    default: () => DEFAULT_LEXICON_DIR,
  }),
  field({
    key: 'modelsDir',
    env: 'NETRA_MODELS_DIR',
    defaultText: '`models` (shipped)',
    description: 'Trained models, `<task>/<version>/`.',
    schema: nonEmpty,
    default: () => path.join(PACKAGE_ROOT, 'models'),
  }),
  field({
    key: 'sharedDir',
    env: 'NETRA_SHARED_DIR',
    defaultText: '`../shared`',
    description: 'Public datasets and lexicons read by training and evaluation only (never at run time).',
    schema: nonEmpty,
    default: () => path.resolve(PACKAGE_ROOT, '..', 'shared'),
  }),
  field({
    key: 'chromiumPath',
    env: 'NETRA_CHROMIUM_PATH',
    defaultText: '`/usr/bin/chromium`',
    description: "Chromium used by Playwright (Debian's package; netra never downloads a browser).",
    schema: nonEmpty,
    default: () => '/usr/bin/chromium',
  }),
  field({
    key: 'xApiBearerToken',
    env: 'NETRA_X_API_BEARER_TOKEN',
    defaultText: '(unset)',
    description: 'Bearer token (app-only) for X API v2 sources (`kind: x-api`). A secret: never logged or shown by `netra config`.',
    schema: nonEmpty.optional(),
    default: () => undefined,
  }),
  field({
    key: 'tiktokClientKey',
    env: 'NETRA_TIKTOK_CLIENT_KEY',
    defaultText: '(unset)',
    description: 'Client key of an approved TikTok Research API project (`kind: tiktok-research`).',
    schema: nonEmpty.optional(),
    default: () => undefined,
  }),
  field({
    key: 'tiktokClientSecret',
    env: 'NETRA_TIKTOK_CLIENT_SECRET',
    defaultText: '(unset)',
    description: 'Client secret of that project. A secret: never logged or shown by `netra config`.',
    schema: nonEmpty.optional(),
    default: () => undefined,
  }),
  field({
    key: 'metaContentLibraryToken',
    env: 'NETRA_META_CONTENT_LIBRARY_TOKEN',
    defaultText: '(unset)',
    description:
      'Access token for the Meta Content Library API endpoint of an approved project (`kind: meta-content-library`). A secret: never logged or shown by `netra config`.',
    schema: nonEmpty.optional(),
    default: () => undefined,
  }),
  field({
    key: 'serveHost',
    env: 'NETRA_SERVE_HOST',
    defaultText: '`127.0.0.1`',
    description: 'Address `netra serve` listens on (`--host`). Keep the loopback default unless a TLS reverse proxy sits in front.',
    schema: nonEmpty,
    default: () => '127.0.0.1',
  }),
  field({
    key: 'servePort',
    env: 'NETRA_SERVE_PORT',
    defaultText: '`8080`',
    description: 'Port of `netra serve` (`--port`); 0 picks a free one.',
    schema: z.coerce.number().int().min(0).max(65535),
    default: () => 8080,
  }),
  field({
    key: 'trustProxy',
    env: 'NETRA_TRUST_PROXY',
    defaultText: '`false`',
    description:
      'Reverse proxies in front of `netra serve`: `true` (one, the connecting peer), a number of proxies in a row, or their addresses/CIDR ranges (`10.0.0.0/8,127.0.0.1`). The client address (login limits) is the right-most `X-Forwarded-For` hop that is not a trusted proxy; `X-Forwarded-Proto: https` from a trusted proxy makes cookies `Secure` and turns on HSTS.',
    schema: z.union([
      z.boolean(),
      z.number().int().min(0),
      z.string().transform((v, ctx) => {
        try {
          return parseTrustProxy(v);
        } catch (e) {
          ctx.addIssue({ code: 'custom', message: (e as Error).message });
          return z.NEVER;
        }
      }),
    ]),
    default: () => false,
  }),
  field({
    key: 'loginAddressLimit',
    env: 'NETRA_LOGIN_ADDRESS_LIMIT',
    defaultText: '`20`',
    description:
      'Failed review-app logins from one client address in 15 minutes before that address gets 429 (successful logins do not count). Raise it when many analysts share one address (an office behind NAT); each login name still locks after 5 failures.',
    schema: z.coerce.number().int().min(1).max(100_000),
    default: () => 20,
  }),
  field({
    key: 'sessionHours',
    env: 'NETRA_SESSION_HOURS',
    defaultText: '`12`',
    description: 'A review-app session ends after this many hours without use.',
    schema: z.coerce
      .number()
      .positive()
      .max(24 * 30),
    default: () => 12,
  }),
  field({
    key: 'claimMinutes',
    env: 'NETRA_CLAIM_MINUTES',
    defaultText: '`30`',
    description: 'A flag taken from the queue returns to it after this many minutes without a decision.',
    schema: z.coerce
      .number()
      .positive()
      .max(24 * 60),
    default: () => 30,
  }),
  field({
    key: 'reportingUnit',
    env: 'NETRA_REPORTING_UNIT',
    defaultText: '`Bawaslu`',
    description: 'Reporting unit named on case reports, e.g. `Bawaslu Kota Bandung`.',
    schema: nonEmpty,
    default: () => 'Bawaslu',
  }),
  field({
    key: 'secondReviewShare',
    env: 'NETRA_SECOND_REVIEW_SHARE',
    defaultText: '`0.1`',
    description:
      "Share (0 to 1) of decided flags sent blind to a second analyst, for agreement (Cohen's kappa); disagreements go to a supervisor.",
    schema: z.coerce.number().min(0, { message: 'must be between 0 and 1' }).max(1, { message: 'must be between 0 and 1' }),
    default: () => 0.1,
  }),
  retentionField('retainUnflaggedPostsDays', 'NETRA_RETAIN_UNFLAGGED_POSTS_DAYS', 90, 'the content of a post never flagged'),
  retentionField(
    'retainDismissedFlagsDays',
    'NETRA_RETAIN_DISMISSED_FLAGS_DAYS',
    365,
    "the content of a post whose flags were all dismissed or withdrawn (with the flags' notes and case reports)",
  ),
  retentionField('retainEvidenceDays', 'NETRA_RETAIN_EVIDENCE_DAYS', 365, 'an evidence file of a post under no open or confirmed flag'),
  retentionField('retainExportsDays', 'NETRA_RETAIN_EXPORTS_DAYS', 365, "a research release's pseudonym mappings and folder"),
  retentionField('retainSessionsDays', 'NETRA_RETAIN_SESSIONS_DAYS', 30, 'a review-app session (IP address, user agent)'),
  field({
    key: 'retentionCron',
    env: 'NETRA_RETENTION_CRON',
    defaultText: '`30 2 * * *`',
    description:
      'When `netra scheduler` applies the retention settings (cron, Asia/Jakarta time; a run missed while no scheduler ran is made up within a day); `off`: only by hand (`netra retention apply`).',
    schema: z.string().transform((v, ctx) => {
      if (v.trim() === 'off') return null;
      try {
        cronParser.parseExpression(v, { tz: 'Asia/Jakarta' });
        return v.trim();
      } catch (e) {
        ctx.addIssue({ code: 'custom', message: `not a cron expression or off (${(e as Error).message})` });
        return z.NEVER;
      }
    }),
    default: () => '30 2 * * *',
  }),
] as const;

type Fields = (typeof CONFIG_FIELDS)[number];

/** The parsed, frozen configuration. */
export interface Config {
  /** @default undefined (embedded PGlite) */
  readonly databaseUrl: string | undefined;
  /** @default undefined (`public`) */
  readonly databaseSchema: string | undefined;
  /** @default '.netra' */
  readonly dataDir: string;
  /** @default '<dataDir>/db' */
  readonly dbPath: string;
  /** @default '<dataDir>/evidence' */
  readonly evidenceDir: string;
  readonly logLevel: (typeof LOG_LEVELS)[number];
  readonly logFormat: 'auto' | 'pretty' | 'json';
  readonly lexiconDir: string;
  readonly modelsDir: string;
  readonly sharedDir: string;
  readonly chromiumPath: string;
  /** @default undefined */
  readonly xApiBearerToken: string | undefined;
  /** @default undefined */
  readonly tiktokClientKey: string | undefined;
  /** @default undefined */
  readonly tiktokClientSecret: string | undefined;
  /** @default undefined */
  readonly metaContentLibraryToken: string | undefined;
  /** @default '127.0.0.1' */
  readonly serveHost: string;
  /** @default 8080 */
  readonly servePort: number;
  /** @default false */
  readonly trustProxy: TrustProxy;
  /** @default 20 */
  readonly loginAddressLimit: number;
  /** @default 12 */
  readonly sessionHours: number;
  /** @default 30 */
  readonly claimMinutes: number;
  /** @default 'Bawaslu' */
  readonly reportingUnit: string;
  /** @default 0.1 */
  readonly secondReviewShare: number;
  /** Days; null keeps without limit. @default 90 */
  readonly retainUnflaggedPostsDays: number | null;
  /** @default 365 */
  readonly retainDismissedFlagsDays: number | null;
  /** @default 365 */
  readonly retainEvidenceDays: number | null;
  /** @default 365 */
  readonly retainExportsDays: number | null;
  /** @default 30 */
  readonly retainSessionsDays: number | null;
  /** Cron of the scheduled retention run (Asia/Jakarta); null: off. @default '30 2 * * *' */
  readonly retentionCron: string | null;
}

// Compile-time check that the table and the interface name the same keys.
type _SameKeys = [Fields['key']] extends [keyof Config] ? ([keyof Config] extends [Fields['key']] ? true : never) : never;
export const _sameKeys: _SameKeys = true;
