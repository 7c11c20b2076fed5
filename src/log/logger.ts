import { pino, type Logger, type Level } from 'pino';
import pretty from 'pino-pretty';

export type { Logger };

export interface LoggerOptions {
  level: Level | 'silent';
  format: 'auto' | 'pretty' | 'json';
  /** Where logs go; stderr by default so stdout stays clean for data. */
  destination?: NodeJS.WritableStream & { fd?: number };
}

/**
 * The one root logger. Stages take child loggers (`root.child({ stage: 'collect' })`).
 * Logs always go to stderr: stdout belongs to a command's data output.
 * Secrets are redacted wherever they appear under these keys.
 */
export function createLogger({ level, format, destination = process.stderr }: LoggerOptions): Logger {
  const isTty = Boolean((destination as { isTTY?: boolean }).isTTY);
  const usePretty = format === 'pretty' || (format === 'auto' && isTty);
  const options = {
    level,
    redact: {
      paths: ['databaseUrl', '*.databaseUrl', 'password', '*.password', 'token', '*.token', 'bearerToken', '*.bearerToken', 'cookie', '*.cookie'],
      censor: '[redacted]',
    },
  };
  if (usePretty) {
    const stream = pretty({
      destination: 2,
      sync: true,
      colorize: isTty,
      ignore: 'pid,hostname',
      translateTime: 'SYS:HH:MM:ss',
    });
    return pino(options, stream);
  }
  return pino(options, pino.destination({ fd: 2, sync: true }));
}

/** A logger that drops everything: for tests and library use. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
