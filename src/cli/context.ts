import type { Command } from 'commander';
import { loadConfig } from '../config/config.load.ts';
import type { Config } from '../config/config.schema.ts';
import type { NetraDatabase } from '../db/connect.ts';
import { createLogger, type Logger } from '../log/logger.ts';

/** What every command gets: the config (parsed once), the root logger, and the database on demand. */
export interface CliContext {
  config: Readonly<Config>;
  logger: Logger;
  /** Open (and migrate) the database; closed by the CLI when the command ends. */
  db(): Promise<NetraDatabase>;
  close(): Promise<void>;
}

/** Global flags every command accepts; values win over NETRA_* variables. */
export function addGlobalOptions(program: Command): Command {
  return program
    .option('--database-url <url>', 'PostgreSQL URL (default: embedded PGlite; env NETRA_DATABASE_URL)')
    .option('--data-dir <dir>', 'local state folder (env NETRA_DATA_DIR, default .netra)')
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env NETRA_LOG_LEVEL)')
    .option('--log-format <format>', 'pretty, json or auto (env NETRA_LOG_FORMAT)');
}

export function createContext(cmd: Command, env: Record<string, string | undefined> = process.env): CliContext {
  const g = cmd.optsWithGlobals<{ databaseUrl?: string; dataDir?: string; logLevel?: string; logFormat?: string }>();
  const config = loadConfig({
    env,
    flags: { databaseUrl: g.databaseUrl, dataDir: g.dataDir, logLevel: g.logLevel, logFormat: g.logFormat },
  });
  const logger = createLogger({ level: config.logLevel, format: config.logFormat });
  let opened: Promise<NetraDatabase> | undefined;
  return {
    config,
    logger,
    db() {
      // Loaded on first use: commands without a database (classify, eval) start faster.
      opened ??= import('../db/connect.ts')
        .then(({ openDatabase }) =>
          openDatabase({
            databaseUrl: config.databaseUrl,
            dbPath: config.dbPath,
            ...(config.databaseSchema ? { schema: config.databaseSchema } : {}),
          }),
        )
        .then((d) => {
          logger.debug({ database: d.where }, 'database open');
          return d;
        });
      return opened;
    },
    async close() {
      if (opened) await (await opened.catch(() => undefined))?.close();
    },
  };
}
