import { CONFIG_FIELDS, type Config } from './config.schema.ts';

/** A configuration value that failed validation; the message quotes the value and its origin. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
  }
}

export interface ConfigSources {
  /** Usually `process.env`. */
  env?: Record<string, string | undefined>;
  /** Values from command-line flags, by config key; `undefined` means "not given". */
  flags?: Partial<Record<keyof Config, unknown>>;
}

/**
 * Build the configuration once: flags win over `NETRA_*` variables, which win over defaults.
 * Every bad value is reported, quoted, with where it came from.
 */
export function loadConfig({ env = process.env, flags = {} }: ConfigSources = {}): Readonly<Config> {
  const out: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const f of CONFIG_FIELDS) {
    const fromFlag = (flags as Record<string, unknown>)[f.key];
    const fromEnv = env[f.env];
    let raw: unknown;
    let origin: string;
    if (fromFlag !== undefined) {
      raw = fromFlag;
      origin = `flag ${f.flag?.split(' ')[0] ?? f.key}`;
    } else if (fromEnv !== undefined && fromEnv !== '') {
      raw = fromEnv;
      origin = `environment variable ${f.env}`;
    } else {
      raw = f.default(out);
      origin = 'default';
    }
    const parsed = f.schema.safeParse(raw);
    if (parsed.success) {
      out[f.key] = parsed.data;
    } else {
      const why = parsed.error.issues.map((i) => i.message).join('; ');
      problems.push(`${origin}: ${JSON.stringify(raw)} is not valid for ${f.key} (${why})`);
    }
  }
  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze(out) as unknown as Readonly<Config>;
}

/** The README's configuration table, generated from the schema so the two never drift. */
export function configDocsTable(): string {
  const rows = CONFIG_FIELDS.map(
    (f) => `| \`${f.env}\` | ${f.flag ? `\`${f.flag.split(' ')[0]}\`` : ''} | ${f.defaultText} | ${f.description} |`,
  );
  return ['| Variable | Flag | Default | Meaning |', '|---|---|---|---|', ...rows].join('\n');
}
